package facet.esgm;

import facet.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes {'model': OrderedDict(name -> float32 tensor)} the way torch.save does (protocol 2
 * pickle in archive/data.pkl, one storage per tensor in archive/data/<i>), for tests only; or a
 * hand-made pickle, opcode by opcode ({@link #pickle}), alone in archive/data.pkl.
 */
final class TorchZipWriter {
    private final ByteArrayOutputStream pkl = new ByteArrayOutputStream();

    static void write(Path file, Map<String, Tensor> state) throws IOException {
        TorchZipWriter w = new TorchZipWriter();
        w.op(0x80, 2).op('}').str("model");
        w.global("collections\nOrderedDict").op(')').op('R').op('(');
        int i = 0;
        for (var e : state.entrySet()) {
            int[] shape = e.getValue().shape();
            w.str(e.getKey()).global("torch._utils\n_rebuild_tensor_v2").op('(');
            w.op('(').str("storage").global("torch\nFloatStorage").str(String.valueOf(i++)).str("cpu").integer(e.getValue().numel()).op('t').op('Q');
            w.integer(0).op('(');
            for (int s : shape) w.integer(s);
            w.op('t').op('(');
            for (int d = 0, stride = e.getValue().numel(); d < shape.length; d++) w.integer(stride /= Math.max(shape[d], 1));
            w.op('t').op(0x89).global("collections\nOrderedDict").op(')').op('R').op('t').op('R');
        }
        w.op('u').op('s').op('.');
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            entry(zip, "archive/data.pkl", w.pkl.toByteArray());
            i = 0;
            for (Tensor t : state.values()) {
                float[] f = t.contiguous().toFloatArray();
                ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : f) b.putFloat(v);
                entry(zip, "archive/data/" + i++, b.array());
            }
            entry(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A pickle under construction: {@code pickle().op(0x80, 2).op('}').op('.')} is an empty dict. */
    static TorchZipWriter pickle() { return new TorchZipWriter(); }

    /** The opcodes so far. */
    int[] bytes() {
        byte[] b = pkl.toByteArray();
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) out[i] = b[i] & 0xFF;
        return out;
    }

    /** Writes the pickle built so far as archive/data.pkl of a zip with no storages. */
    void writeTo(Path file) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            entry(zip, "archive/data.pkl", pkl.toByteArray());
            entry(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    TorchZipWriter op(int... bytes) {
        for (int b : bytes) pkl.write(b);
        return this;
    }

    TorchZipWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X').le(b.length);
        pkl.writeBytes(b);
        return this;
    }

    TorchZipWriter integer(int v) { return op('J').le(v); }

    private TorchZipWriter le(int v) { return op(v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, (v >>> 24)); }

    TorchZipWriter global(String moduleNewlineName) {
        op('c');
        pkl.writeBytes((moduleNewlineName + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }
}
