package facet.nn.io;

import facet.tensor.Shape;
import facet.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * PyTorch's checkpoint files (torch.save since 1.6): a zip holding {@code <name>/data.pkl}, a
 * pickle of the saved object, and {@code <name>/data/<key>}, one little-endian blob per tensor
 * storage, which the pickle names by persistent id ('storage', torch.FloatStorage, key, device, numel).
 * Read through {@link Pickle}'s restricted reader: no code in the file runs.
 */
public final class TorchCheckpoint {
    private TorchCheckpoint() {}

    /** The unpickled top-level object (usually a dict), tensors as Facet CPU tensors. */
    public static Object read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pkl = zip.stream().filter(e -> e.getName().endsWith("data.pkl")).findFirst()
                    .orElseThrow(() -> new IOException(file + ": not a PyTorch zip checkpoint (no data.pkl inside)"));
            String root = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            Map<String, Tensor> storages = new HashMap<>();
            String where = file + " (" + pkl.getName() + ")";
            return Pickle.load(zip.getInputStream(pkl).readAllBytes(), where, new Pickle.Calls() {
                @Override public Object persistentLoad(Pickle.Tuple pid) throws IOException {
                    var p = pid.items();
                    if (p.size() < 5 || !"storage".equals(p.get(0)) || !(p.get(1) instanceof Pickle.Global type)) {
                        throw new IOException(where + ": persistent id " + p + " is not a tensor storage");
                    }
                    String key = (String) p.get(2);
                    Tensor t = storages.get(key);
                    if (t == null) {
                        ZipEntry e = zip.getEntry(root + "data/" + key);
                        if (e == null) throw new IOException(where + ": storage '" + key + "' is missing from the zip");
                        SafeDType dt = dtype(type.name(), where);
                        byte[] raw = zip.getInputStream(e).readAllBytes();
                        long numel = (Long) p.get(4);
                        if (raw.length < numel * dt.bytes) {
                            throw new IOException(where + ": storage '" + key + "' holds " + raw.length + " bytes, fewer than " + numel + " " + type.name() + " elements");
                        }
                        t = dt.decode(ByteBuffer.wrap(raw, 0, (int) (numel * dt.bytes)).order(ByteOrder.LITTLE_ENDIAN), new int[] {(int) numel}, key);
                        storages.put(key, t);
                    }
                    return t;
                }

                @Override public Object rebuildTensor(Object storage, long offset, Pickle.Tuple size, Pickle.Tuple stride) throws IOException {
                    Tensor s = (Tensor) storage;
                    int r = size.items().size();
                    int[] shape = new int[r], strides = new int[r];
                    long last = offset;
                    for (int i = 0; i < r; i++) {
                        shape[i] = (int) (long) (Long) size.items().get(i);
                        strides[i] = (int) (long) (Long) stride.items().get(i);
                        if (shape[i] > 0) last += (long) (shape[i] - 1) * strides[i];
                    }
                    if (Shape.numel(shape) > 0 && (offset < 0 || last >= s.numel())) {
                        throw new IOException(where + ": a tensor " + Shape.str(shape) + " at offset " + offset + " runs past its storage of "
                                + s.numel() + " elements");
                    }
                    return Tensor.view(s.storage(), shape, strides, (int) offset).contiguous();
                }
            });
        }
    }

    /**
     * The state dict of a checkpoint: the dict under {@code key} (MAE and DeiT save {'model': ...}),
     * or the top-level dict itself when it has no such entry; every value must be a tensor.
     */
    public static Map<String, Tensor> stateDict(Path file, String key) throws IOException {
        Object top = read(file);
        if (!(top instanceof Map<?, ?> m)) throw new IOException(file + ": holds a " + describe(top) + ", not a dict");
        Object sd = m.containsKey(key) ? m.get(key) : m;
        if (!(sd instanceof Map<?, ?> d)) throw new IOException(file + ": entry '" + key + "' is a " + describe(sd) + ", not a state dict");
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : d.entrySet()) {
            if (!(e.getValue() instanceof Tensor t)) {
                throw new IOException(file + ": state-dict entry '" + e.getKey() + "' is a " + describe(e.getValue()) + ", not a tensor");
            }
            out.put((String) e.getKey(), t);
        }
        return out;
    }

    private static String describe(Object o) { return o == null ? "None" : o.getClass().getSimpleName(); }

    private static SafeDType dtype(String storage, String where) throws IOException {
        return switch (storage) {
            case "FloatStorage" -> SafeDType.F32;
            case "DoubleStorage" -> SafeDType.F64;
            case "HalfStorage" -> SafeDType.F16;
            case "BFloat16Storage" -> SafeDType.BF16;
            case "LongStorage" -> SafeDType.I64;
            case "IntStorage" -> SafeDType.I32;
            case "ByteStorage" -> SafeDType.U8;
            default -> throw new IOException(where + ": storage type " + storage + " is not supported");
        };
    }
}
