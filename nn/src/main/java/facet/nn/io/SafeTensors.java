package facet.nn.io;

import facet.tensor.Shape;
import facet.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length n, n bytes of UTF-8 JSON
 * mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (plus an optional
 * "__metadata__" object of strings), then the data section, each tensor's elements row-major
 * and little-endian at [begin, end) from its start.
 *
 * <p>Reading validates the whole header against the file's size before reading any tensor, as
 * the reference implementation does: offsets must tile the data section exactly (no overlap,
 * no gap, nothing past the end or left over) and each range must hold exactly shape's elements.
 * Reads are positioned within those checked ranges, so nothing past the file is ever read.
 * Writing goes to a temporary file in the target's folder that is renamed over the target
 * only when complete, so a crash leaves the old file or the new one, never a torn one.
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** The reference implementation's limit: a larger header is refused before it is read. */
    static final long MAX_HEADER = 100_000_000L;
    private static final String METADATA = "__metadata__";

    /** A malformed or unsupported file; the message names the file and what is wrong. */
    public static final class FormatException extends IOException {
        public FormatException(String message) { super(message); }
    }

    /** One tensor's header entry: its byte range [begin, end) within the data section. */
    public record Entry(String name, SafeDType dtype, int[] shape, long begin, long end) {}

    // =========================================================================================
    // Reading
    // =========================================================================================

    /** Every tensor of the file, in data order. */
    public static Map<String, Tensor> read(Path path) throws IOException {
        try (Reader r = open(path)) {
            return r.readAll();
        }
    }

    /** Opens a file and validates its header; tensors are read on demand. */
    public static Reader open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new Reader(path, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** An open file with a validated header. */
    public static final class Reader implements AutoCloseable {
        private final Path path;
        private final FileChannel ch;
        private final long dataStart;
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Reader(Path path, FileChannel ch) throws IOException {
            this.path = path;
            this.ch = ch;
            long size = ch.size();
            if (size < 8) throw bad("the file is " + size + " bytes, too short for the 8-byte header length");
            long n = readAt(0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 0 || n > MAX_HEADER) throw bad("header length " + Long.toUnsignedString(n) + " exceeds the limit of " + MAX_HEADER + " bytes");
            if (n > size - 8) throw bad("header length " + n + " runs past the end of the file (" + size + " bytes)");
            dataStart = 8 + n;
            parseHeader(readAt(8, (int) n), size - dataStart);
        }

        public Map<String, Entry> entries() { return java.util.Collections.unmodifiableMap(entries); }

        public Map<String, String> metadata() { return java.util.Collections.unmodifiableMap(metadata); }

        /** One tensor, converted to the Facet dtype its stored type loads as. */
        public Tensor read(String name) throws IOException {
            Entry e = entries.get(name);
            if (e == null) throw new IllegalArgumentException(path + ": no tensor named '" + name + "'");
            ByteBuffer b = readAt(dataStart + e.begin(), (int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
            return e.dtype().decode(b, e.shape(), name);
        }

        public Map<String, Tensor> readAll() throws IOException {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String name : entries.keySet()) out.put(name, read(name));
            return out;
        }

        @Override public void close() throws IOException { ch.close(); }

        private FormatException bad(String what) { return new FormatException("safetensors: " + path + ": " + what); }

        /** Exactly len bytes at pos; the caller has checked that they lie inside the file. */
        private ByteBuffer readAt(long pos, int len) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(len);
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) < 0) throw bad("the file ended at byte " + (pos + b.position()) + " while reading; was it truncated?");
            }
            return b.flip();
        }

        private void parseHeader(ByteBuffer raw, long dataSize) throws FormatException {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(raw).toString();
            } catch (CharacterCodingException e) {
                throw bad("the header is not valid UTF-8");
            }
            if (!text.startsWith("{")) throw bad("the header must be a JSON object starting with '{'");
            Object root;
            try {
                root = Json.parse(text);
            } catch (Json.ParseException e) {
                throw bad("header JSON, character " + e.position + ": " + e.getMessage());
            }
            List<Entry> list = new ArrayList<>();
            for (var kv : ((Map<?, ?>) root).entrySet()) {
                String name = (String) kv.getKey();
                if (name.equals(METADATA)) readMetadata(kv.getValue());
                else list.add(entry(name, kv.getValue()));
            }
            list.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
            long expect = 0;
            for (Entry e : list) {
                if (e.end() > dataSize) {
                    throw bad("tensor '" + e.name() + "' ends at data byte " + e.end() + " but the data section holds only " + dataSize
                            + " bytes (out of range, or the file is truncated)");
                }
                if (e.begin() < expect) throw bad("tensor '" + e.name() + "' at [" + e.begin() + ", " + e.end() + ") overlaps the tensor before it, which ends at " + expect);
                if (e.begin() > expect) throw bad("bytes [" + expect + ", " + e.begin() + ") of the data section belong to no tensor (a gap before '" + e.name() + "')");
                expect = e.end();
                entries.put(e.name(), e);
            }
            if (expect != dataSize) throw bad((dataSize - expect) + " bytes after the last tensor (at " + expect + ") belong to no tensor");
        }

        private void readMetadata(Object v) throws FormatException {
            if (!(v instanceof Map<?, ?> m)) throw bad("\"" + METADATA + "\" must be an object of strings");
            for (var kv : m.entrySet()) {
                if (!(kv.getValue() instanceof String s)) throw bad("metadata value of \"" + kv.getKey() + "\" must be a string");
                metadata.put((String) kv.getKey(), s);
            }
        }

        private Entry entry(String name, Object v) throws FormatException {
            String where = "tensor '" + name + "': ";
            if (!(v instanceof Map<?, ?> m)) throw bad(where + "its entry must be an object");
            for (Object k : m.keySet()) {
                if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) throw bad(where + "unknown field \"" + k + "\"");
            }
            if (!(m.get("dtype") instanceof String d)) throw bad(where + "\"dtype\" must be a string");
            SafeDType dtype;
            try {
                dtype = SafeDType.valueOf(d);
            } catch (IllegalArgumentException e) {
                throw bad(where + "dtype \"" + d + "\" is not one Facet reads (" + java.util.Arrays.toString(SafeDType.values()) + ")");
            }
            long[] dims = longs(m.get("shape"), -1, where + "\"shape\"");
            long[] off = longs(m.get("data_offsets"), 2, where + "\"data_offsets\"");
            long numel = 1;
            int[] shape = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] > Integer.MAX_VALUE) throw bad(where + "dim " + dims[i] + " is too large");
                shape[i] = (int) dims[i];
                numel *= dims[i];
                if (numel > Integer.MAX_VALUE) throw bad(where + "shape " + Shape.str(shape) + " has more than 2^31 elements, more than a Facet tensor holds");
            }
            if (off[0] > off[1]) throw bad(where + "data_offsets [" + off[0] + ", " + off[1] + "] end before they begin");
            long want = numel * dtype.bytes;
            if (off[1] - off[0] != want) {
                throw bad(where + "data_offsets [" + off[0] + ", " + off[1] + "] span " + (off[1] - off[0]) + " bytes, but " + dtype
                        + " " + Shape.str(shape) + " needs " + want);
            }
            return new Entry(name, dtype, shape, off[0], off[1]);
        }

        /** A JSON array of non-negative integers (of length n unless n < 0). */
        private long[] longs(Object v, int n, String what) throws FormatException {
            if (!(v instanceof List<?> l) || (n >= 0 && l.size() != n)) throw bad(what + " must be an array of " + (n < 0 ? "" : n + " ") + "integers");
            long[] out = new long[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Long x) || x < 0) throw bad(what + " must hold non-negative integers, found " + l.get(i));
                out[i] = x;
            }
            return out;
        }
    }

    // =========================================================================================
    // Writing
    // =========================================================================================

    /** Writes tensors in their own dtypes (F32, F64, I32), atomically. */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        write(path, tensors, Map.of(), metadata);
    }

    /**
     * Writes tensors atomically; storeAs picks another on-disk type for some of them (a float
     * tensor as F16/BF16/F32/F64, an int one as I64/I32/U8). Tensors are laid out widest type
     * first, in the given order within a type, so every tensor starts at a multiple of its
     * element size, as the reference writer arranges.
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, SafeDType> storeAs, Map<String, String> metadata)
            throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (var kv : tensors.entrySet()) {
            String name = kv.getKey();
            Tensor t = kv.getValue();
            SafeDType d = storeAs.getOrDefault(name, SafeDType.of(t.dtype()));
            if (name.equals(METADATA)) throw new IllegalArgumentException("safetensors write: '" + METADATA + "' is reserved");
            if (!d.canStore(t.dtype())) throw new IllegalArgumentException("safetensors write: tensor '" + name + "' is " + t.dtype() + " and cannot be stored as " + d);
            entries.add(new Entry(name, d, t.shape(), 0, (long) t.numel() * d.bytes));   // placed below
        }
        for (String name : storeAs.keySet()) {
            if (!tensors.containsKey(name)) throw new IllegalArgumentException("safetensors write: storeAs names '" + name + "', which is not among the tensors");
        }
        entries.sort(Comparator.comparingInt((Entry e) -> -e.dtype().bytes));   // stable: keeps the given order within a width
        long at = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            entries.set(i, new Entry(e.name(), e.dtype(), e.shape(), at, at + e.end()));
            at += e.end();
        }
        byte[] header = header(entries, metadata);
        Path target = path.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length));
                writeFully(ch, ByteBuffer.wrap(header));
                for (Entry e : entries) writeFully(ch, e.dtype().encode(tensors.get(e.name()), e.name()));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The JSON header, padded with spaces so the data section starts 8-byte aligned. */
    private static byte[] header(List<Entry> entries, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            sb.append(Json.quote(METADATA)).append(":{");
            String sep = "";
            for (var kv : metadata.entrySet()) {
                sb.append(sep).append(Json.quote(kv.getKey())).append(':').append(Json.quote(kv.getValue()));
                sep = ",";
            }
            sb.append('}');
        }
        String sep = metadata.isEmpty() ? "" : ",";
        for (Entry e : entries) {
            sb.append(sep).append(Json.quote(e.name())).append(":{\"dtype\":\"").append(e.dtype()).append("\",\"shape\":[");
            for (int i = 0; i < e.shape().length; i++) sb.append(i > 0 ? "," : "").append(e.shape()[i]);
            sb.append("],\"data_offsets\":[").append(e.begin()).append(',').append(e.end()).append("]}");
            sep = ",";
        }
        sb.append('}');
        byte[] utf8 = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 7) / 8 * 8;
        byte[] out = java.util.Arrays.copyOf(utf8, padded);
        java.util.Arrays.fill(out, utf8.length, padded, (byte) ' ');
        return out;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }
}
