package facet.train.data.fuzz;

import facet.nn.io.SafeTensors;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A valid safetensors checkpoint, written here, damaged by seeded truncations, byte flips and
 * header edits (its 8-byte length, numbers in its JSON made huge or negative, names and dtypes
 * garbled). Properties: reading either succeeds or throws SafeTensors.FormatException naming
 * the file (no other exception), never allocates more than {@link #ALLOC_CAP}, and a truncated
 * file is always refused.
 */
class SafeTensorsFuzzTest {
    static final int CASES = Integer.getInteger("fuzz.cases", 40) * 10;
    static final long SEED = 20261203L, ALLOC_CAP = 64L << 20;
    private static final String[] NUMBERS = {"0", "-1", "4294967296", "9223372036854775807", "99999999999999999999", "1.5", "1e9", "\"7\""};

    @TempDir Path tmp;

    @Test
    void damagedCheckpointsAreRefusedByName() throws IOException {
        Path good = tmp.resolve("good.safetensors"), file = tmp.resolve("damaged.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("conv.weight", Tensor.randn(new Generator(1), DType.F32, 4, 3, 3, 3));
        tensors.put("fc.bias", Tensor.randn(new Generator(2), DType.F32, 7));
        tensors.put("steps", Tensor.randn(new Generator(3), DType.F64, 2));
        SafeTensors.write(good, tensors, Map.of("epoch", "3"));
        byte[] original = Files.readAllBytes(good);
        int headerEnd = 8 + (int) (original[0] & 0xFF | (original[1] & 0xFF) << 8);
        SplittableRandom r = new SplittableRandom(SEED);
        long t0 = System.nanoTime();
        int refused = 0;
        for (int c = 0; c < CASES; c++) {
            Mutation m = switch (r.nextInt(3)) {
                case 0 -> Mutation.of(original, "x.bin", r);
                case 1 -> lengthEdit(original, r);
                default -> jsonEdit(original, headerEnd, r);
            };
            Files.write(file, m.bytes());
            String where = "case " + c + ": " + m.describe();
            long a0 = Allocation.current();
            try {
                SafeTensors.read(file);
                assertTrue(m.kind() != Mutation.Kind.TRUNCATE, where + ": a truncated file was read without complaint");
            } catch (SafeTensors.FormatException e) {
                assertTrue(e.getMessage().contains(file.toString()), where + ": the message names no file: " + e.getMessage());
                refused++;
            } catch (IOException | RuntimeException | Error e) {
                fail(where + ": " + e + " escaped the reader", e);
            }
            long used = Allocation.since(a0);
            assertTrue(used <= ALLOC_CAP, where + ": reading allocated " + (used >> 20) + " MiB, over the cap of " + (ALLOC_CAP >> 20) + " MiB");
        }
        System.out.printf("safetensors fuzz: 1 file x %d cases, %d refused, %.1f s%n", CASES, refused, (System.nanoTime() - t0) / 1e9);
    }

    /** The header length (little-endian u64) set to a huge, negative-as-signed, zero or off-by-a-little value. */
    private static Mutation lengthEdit(byte[] original, SplittableRandom r) {
        byte[] b = original.clone();
        long[] values = {0, 1, 7, Long.MAX_VALUE, -1, 1L << 40, 100_000_001L, b.length, b.length - 7};
        long v = r.nextInt(2) == 0 ? values[r.nextInt(values.length)] : (b[0] & 0xFF) + r.nextInt(-16, 17);
        for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
        return new Mutation(Mutation.Kind.HEADER, "header length set to " + v, b);
    }

    /** A number of the JSON header (an offset, a dim) replaced, keeping the header's length when the text allows. */
    private static Mutation jsonEdit(byte[] original, int headerEnd, SplittableRandom r) {
        String json = new String(original, 8, headerEnd - 8, StandardCharsets.UTF_8);
        var numbers = java.util.regex.Pattern.compile("\\d+").matcher(json).results().toList();
        var pick = numbers.get(r.nextInt(numbers.size()));
        String with = NUMBERS[r.nextInt(NUMBERS.length)];
        String edited = json.substring(0, pick.start()) + with + json.substring(pick.end());
        byte[] head = edited.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[8 + head.length + original.length - headerEnd];
        for (int i = 0; i < 8; i++) b[i] = (byte) ((long) head.length >>> (8 * i));
        System.arraycopy(head, 0, b, 8, head.length);
        System.arraycopy(original, headerEnd, b, 8 + head.length, original.length - headerEnd);
        return new Mutation(Mutation.Kind.HEADER, "header number " + pick.group() + " at " + pick.start() + " set to " + with, b);
    }
}
