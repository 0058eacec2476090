package facet.nn.io;

import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** safetensors: a file assembled byte by byte from the spec, round trips of every dtype, and refusal of malformed files. */
class SafeTensorsTest {
    @TempDir Path dir;

    /** 8-byte little-endian header length, the header, then the data section. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    Path put(byte[] bytes) throws IOException { return Files.write(dir.resolve("t.safetensors"), bytes); }

    /**
     * Every dtype, entries listed out of offset order, whitespace in the header; the data bytes
     * are typed in from the IEEE-754 and two's-complement encodings, not produced by our writer.
     */
    @Test
    void readsAFileAssembledByHandFromTheSpec() throws IOException {
        String header = """
                {"w": {"dtype": "F32", "shape": [2], "data_offsets": [16, 24]},
                 "h": {"dtype": "F16", "shape": [2, 1], "data_offsets": [24, 28]},
                 "d": {"dtype": "F64", "shape": [1], "data_offsets": [0, 8]},
                 "b": {"dtype": "BF16", "shape": [1], "data_offsets": [28, 30]},
                 "step": {"dtype": "I64", "shape": [], "data_offsets": [8, 16]},
                 "u": {"dtype": "U8", "shape": [3], "data_offsets": [30, 33]},
                 "__metadata__": {"format": "pt", "note": "caf\\u00e9"}}   \s""";
        byte[] data = HexFormat.of().parseHex(
                "9a9999999999b93f"          // F64 0.1 = 0x3FB999999999999A
                + "fbffffffffffffff"        // I64 -5
                + "0000c03f" + "000080be"   // F32 1.5 = 0x3FC00000, -0.25 = 0xBE800000
                + "003c" + "00c0"           // F16 1.0 = 0x3C00, -2.0 = 0xC000
                + "c03f"                    // BF16 1.5 = 0x3FC0
                + "0007ff");                // U8 0, 7, 255
        try (SafeTensors.Reader r = SafeTensors.open(put(file(header, data)))) {
            assertEquals(Map.of("format", "pt", "note", "café"), r.metadata());
            assertEquals(List.of("d", "step", "w", "h", "b", "u"), List.copyOf(r.entries().keySet()), "entries in data order");
            assertArrayEquals(new double[] {0.1}, r.read("d").toDoubleArray(), 0);
            Tensor step = r.read("step");
            assertEquals(DType.I32, step.dtype());
            assertEquals(0, step.dim());
            assertEquals(-5, step.item());
            assertArrayEquals(new float[] {1.5f, -0.25f}, r.read("w").toFloatArray());
            Tensor h = r.read("h");
            assertEquals(DType.F32, h.dtype());
            assertArrayEquals(new int[] {2, 1}, h.shape());
            assertArrayEquals(new float[] {1, -2}, h.toFloatArray());
            assertArrayEquals(new float[] {1.5f}, r.read("b").toFloatArray());
            assertArrayEquals(new int[] {0, 7, 255}, r.read("u").toIntArray());
        }
    }

    /** The writer's layout: header length, a JSON header padded with spaces to 8-byte alignment, then raw little-endian data. */
    @Test
    void writesTheLayoutTheSpecDescribes() throws IOException {
        Path p = dir.resolve("w.safetensors");
        SafeTensors.write(p, Map.of("x", Tensor.of(new float[] {1.5f, -0.25f}, 1, 2)), Map.of());
        byte[] b = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"x\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}", header.strip());
        assertEquals("0000c03f000080be", HexFormat.of().formatHex(b, (int) (8 + n), b.length));
    }

    @Test
    void roundTripsEveryDtypeScalarsEmptyTensorsAndUnicodeNames() throws IOException {
        Generator g = new Generator(1);
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("f32", Tensor.randn(g, DType.F32, 3, 4));
        t.put("f64", Tensor.randn(g, DType.F64, 5));
        t.put("half", Tensor.of(new float[] {0.5f, -3f, 65504f, 0x1p-24f, 1 / 3f}, 5));
        t.put("brain", Tensor.of(new float[] {1.5f, -0x1p100f, 1 + 0x1p-8f, 1 + 3 * 0x1p-8f}, 2, 2));
        t.put("i64", Tensor.ofInts(new int[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE}, 3));
        t.put("i32", Tensor.ofInts(new int[] {7}, new int[0]));
        t.put("u8", Tensor.ofInts(new int[] {0, 128, 255}, 3));
        t.put("empty", Tensor.zeros(0, 3));
        t.put("blocks.0.\"quoted\" é", Tensor.scalar(2.5));
        Map<String, SafeDType> as = Map.of("half", SafeDType.F16, "brain", SafeDType.BF16, "i64", SafeDType.I64, "u8", SafeDType.U8);
        Path p = dir.resolve("all.safetensors");
        SafeTensors.write(p, t, as, Map.of("epoch", "3", "tab\there", "line\nbreak"));
        try (SafeTensors.Reader r = SafeTensors.open(p)) {
            assertEquals(Map.of("epoch", "3", "tab\there", "line\nbreak"), r.metadata());
            assertEquals(SafeDType.BF16, r.entries().get("brain").dtype());
            Map<String, Tensor> back = r.readAll();
            assertEquals(t.keySet(), back.keySet());
            assertArrayEquals(t.get("f32").toFloatArray(), back.get("f32").toFloatArray(), 0);
            assertArrayEquals(t.get("f64").toDoubleArray(), back.get("f64").toDoubleArray(), 0);
            assertArrayEquals(new float[] {0.5f, -3f, 65504f, 0x1p-24f, Float.float16ToFloat(Float.floatToFloat16(1 / 3f))},
                    back.get("half").toFloatArray(), 0);
            // bf16 keeps 8 mantissa bits; 1 + 2^-8 is a tie and rounds to the even 1.0, 1 + 3 * 2^-8 to 1 + 2^-6
            assertArrayEquals(new float[] {1.5f, -0x1p100f, 1f, 1 + 0x1p-6f}, back.get("brain").toFloatArray(), 0);
            assertArrayEquals(t.get("i64").toIntArray(), back.get("i64").toIntArray());
            assertEquals(0, back.get("i32").dim());
            assertArrayEquals(new int[] {0, 128, 255}, back.get("u8").toIntArray());
            assertArrayEquals(new int[] {0, 3}, back.get("empty").shape());
            assertEquals(2.5, back.get("blocks.0.\"quoted\" é").item());
        }
    }

    @Test
    void anI64ValueOutsideInt32IsRefusedNotWrapped() throws IOException {
        byte[] data = HexFormat.of().parseHex("0000000001000000");   // 2^32
        var e = assertThrows(SafeTensors.FormatException.class,
                () -> SafeTensors.read(put(file("{\"n\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", data))));
        assertTrue(e.getMessage().contains("I64 value 4294967296 at element 0 does not fit"), e.getMessage());
    }

    // ---- malformed files: each refused with a message naming the problem ----------------------

    static final String A = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    void refused(byte[] bytes, String expected) throws IOException {
        Path p = put(bytes);
        var e = assertThrows(SafeTensors.FormatException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()), "the message names the file: " + e.getMessage());
    }

    @Test
    void refusesAFileTooShortForTheHeaderLength() throws IOException {
        refused(new byte[] {1, 0, 0}, "too short for the 8-byte header length");
    }

    @Test
    void refusesAHeaderLengthPastTheEndOfTheFile() throws IOException {
        byte[] b = file("{" + A + "}", new byte[8]);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, b.length);
        refused(b, "runs past the end of the file");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        refused(b, "exceeds the limit");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        refused(b, "header length 18446744073709551615 exceeds the limit");
    }

    @Test
    void refusesOverlappingOffsets() throws IOException {
        refused(file("{" + A + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]), "overlaps");
    }

    @Test
    void refusesAGapBetweenTensors() throws IOException {
        refused(file("{" + A + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", new byte[16]), "a gap before 'b'");
    }

    @Test
    void refusesOffsetsPastTheEndOfTheData() throws IOException {
        refused(file("{" + A + "}", new byte[4]), "ends at data byte 8 but the data section holds only 4 bytes");
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        Path p = dir.resolve("full.safetensors");
        SafeTensors.write(p, Map.of("w", Tensor.zeros(16)), Map.of());
        byte[] b = Files.readAllBytes(p);
        refused(java.util.Arrays.copyOf(b, b.length - 5), "the file is truncated");
    }

    @Test
    void refusesBytesLeftAfterTheLastTensor() throws IOException {
        refused(file("{" + A + "}", new byte[11]), "3 bytes after the last tensor");
    }

    @Test
    void refusesAnUnknownDtype() throws IOException {
        refused(file("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]), "dtype \"F8_E4M3\" is not one Facet reads");
    }

    @Test
    void refusesARangeThatDoesNotHoldTheShape() throws IOException {
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]), "span 8 bytes, but F32 [3] needs 12");
    }

    @Test
    void refusesMalformedHeaders() throws IOException {
        refused(file("{" + A + "," + A + "}", new byte[8]), "duplicate key \"a\"");
        refused(file("{" + A + ",}", new byte[8]), "expected a string key");
        refused(file("[1]", new byte[0]), "must be a JSON object");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", new byte[8]), "non-negative integers");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"extra\":1}}", new byte[8]), "unknown field \"extra\"");
        refused(file("{\"__metadata__\":{\"k\":1}}", new byte[0]), "metadata value of \"k\" must be a string");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,08]}}", new byte[8]), "leading zero");
        byte[] badUtf8 = file("{\"\u00ff\":1}", new byte[0]);
        badUtf8[10] = (byte) 0xC3;   // first byte of a two-byte sequence, followed by a byte that cannot continue it
        badUtf8[11] = (byte) 0x28;
        refused(badUtf8, "not valid UTF-8");
    }

    // ---- atomic writes -------------------------------------------------------------------------

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path p = dir.resolve("ckpt.safetensors");
        SafeTensors.write(p, Map.of("w", Tensor.ones(4)), Map.of());
        byte[] before = Files.readAllBytes(p);
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.zeros(4));
        t.put("labels", Tensor.ofInts(new int[] {1, 300}, 2));   // 300 does not fit U8: fails midway through the data
        var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, t, Map.of("labels", SafeDType.U8), Map.of()));
        assertTrue(e.getMessage().contains("has 300 at element 1, outside U8"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList(), "no temporary file is left behind");
        }
        SafeTensors.write(p, Map.of("w", Tensor.zeros(4)), Map.of());
        assertArrayEquals(new float[4], SafeTensors.read(p).get("w").toFloatArray(), "a successful write replaces the file");
    }

    @Test
    void refusesToStoreAFloatTensorAsAnIntegerType() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(dir.resolve("x"), Map.of("w", Tensor.ones(2)), Map.of("w", SafeDType.I64), Map.of()));
        assertTrue(e.getMessage().contains("tensor 'w' is F32 and cannot be stored as I64"), e.getMessage());
    }
}
