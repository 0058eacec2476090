package facet.train.data.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded damage to a valid file's bytes, the kinds real files suffer: a truncation, flipped
 * bytes, or an edit of the part a reader trusts most (an image's size fields, a text file's
 * lines: a repeat, a byte-order mark, control bytes, a field replaced by garbage or a huge
 * number, a path outside the dataset). {@link #describe} says what was done, for failure messages.
 */
record Mutation(Kind kind, String detail, byte[] bytes) {
    enum Kind { TRUNCATE, FLIP, HEADER }

    /** Values a field is replaced with by a text edit. */
    private static final String[] GARBAGE = {"", "-1", "99999999999", "2147483648", "NaN", "1e309", "x", "../../../etc/passwd",
            "a\u0000b", "\u001b[31mred", "\uFEFF1", "\u202Eevil", "0x10", " ", ",,,,", "\"", "\"unterminated"};

    String describe() { return kind + " (" + detail + ")"; }

    static Mutation of(byte[] original, String fileName, SplittableRandom r) {
        Kind k = Kind.values()[r.nextInt(3)];
        return switch (k) {
            case TRUNCATE -> {
                int n = original.length == 0 ? 0 : r.nextInt(original.length);
                yield new Mutation(k, "to " + n + " of " + original.length + " bytes", Arrays.copyOf(original, n));
            }
            case FLIP -> {
                byte[] b = original.clone();
                int flips = 1 + r.nextInt(8);
                for (int i = 0; i < flips && b.length > 0; i++) b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
                yield new Mutation(k, flips + " bytes", b);
            }
            case HEADER -> isText(fileName) ? textEdit(original, r) : binaryHeaderEdit(original, fileName, r);
        };
    }

    static boolean isText(String name) {
        return name.endsWith(".txt") || name.endsWith(".csv") || name.endsWith(".lst");
    }

    /** Image size fields set to a huge or zero size (PNG IHDR, JPEG SOF), else random bytes in the first 64. */
    private static Mutation binaryHeaderEdit(byte[] original, String name, SplittableRandom r) {
        byte[] b = original.clone();
        int[] sizes = {0, 1, 20000, 65535};
        int w = sizes[r.nextInt(sizes.length)], h = sizes[r.nextInt(sizes.length)];
        if (name.endsWith(".png") && b.length >= 24) {
            if (r.nextBoolean()) w = Integer.MAX_VALUE; // PNG sizes are 31-bit
            putInt(b, 16, w);
            putInt(b, 20, h);
            return new Mutation(Kind.HEADER, "PNG size set to " + w + "x" + h, b);
        }
        int sof = name.endsWith(".jpg") ? sof(b) : -1;
        if (sof >= 0 && sof + 9 <= b.length) {
            b[sof + 5] = (byte) (h >> 8);
            b[sof + 6] = (byte) h;
            b[sof + 7] = (byte) (w >> 8);
            b[sof + 8] = (byte) w;
            return new Mutation(Kind.HEADER, "JPEG size set to " + w + "x" + h, b);
        }
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && b.length > 0; i++) b[r.nextInt(Math.min(64, b.length))] = (byte) r.nextInt(256);
        return new Mutation(Kind.HEADER, edits + " bytes of the first 64 set at random", b);
    }

    private static int sof(byte[] b) {
        for (int i = 2; i + 1 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) >= 0xC0 && (b[i + 1] & 0xFF) <= 0xC2) return i;
        }
        return -1;
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (24 - 8 * i));
    }

    /** One edit of a text file's lines (the header line is as likely as any other to be hit). */
    private static Mutation textEdit(byte[] original, SplittableRandom r) {
        List<String> lines = new ArrayList<>(new String(original, StandardCharsets.UTF_8).lines().toList());
        if (lines.isEmpty()) lines.add("");
        int i = r.nextInt(lines.size());
        String detail;
        switch (r.nextInt(5)) {
            case 0 -> {
                lines.add(r.nextInt(lines.size() + 1), lines.get(i));
                detail = "line " + (i + 1) + " repeated";
            }
            case 1 -> {
                lines.set(0, "\uFEFF" + lines.getFirst());
                detail = "a byte-order mark added";
            }
            case 2 -> {
                lines.set(i, lines.get(i) + "\u0007\u001b[2J\u0000");
                detail = "control bytes added to line " + (i + 1);
            }
            case 3 -> {
                lines.remove(i);
                detail = "line " + (i + 1) + " removed";
            }
            default -> {
                String[] fields = lines.get(i).split("(?<=[, ])|(?=[, ])", -1);
                int f = r.nextInt(fields.length);
                String g = GARBAGE[r.nextInt(GARBAGE.length)];
                fields[f] = g;
                lines.set(i, String.join("", fields));
                detail = "a field of line " + (i + 1) + " replaced by '" + g.replaceAll("\\p{Cntrl}", "?") + "'";
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String l : lines) out.writeBytes((l + "\n").getBytes(StandardCharsets.UTF_8));
        return new Mutation(Kind.HEADER, detail, out.toByteArray());
    }
}
