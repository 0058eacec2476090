package facet.train.data.formats;

import facet.nn.io.AtomicFiles;
import facet.train.data.Text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one NumPy .npy case AffectNet's newer layout needs: a file holding a single small
 * integer, stored either as an integer or float scalar or as a string of digits ('<U1', '|S1').
 * Format: magic "\x93NUMPY", version, header length, a Python-dict header, then the data.
 */
final class Npy {
    private Npy() {}

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** The integer in the file; throws IllegalArgumentException with a reason when it holds anything else. */
    static int readScalarInt(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        if (b.length < 10 || (b[0] & 0xFF) != 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M' || b[4] != 'P' || b[5] != 'Y') {
            throw new IllegalArgumentException("not a .npy file (bad magic)");
        }
        int major = b[6];
        int headerLen, start;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            headerLen = Short.toUnsignedInt(bb.getShort(8));
            start = 10;
        } else {
            if (b.length < 12) throw new IllegalArgumentException("truncated .npy header");
            headerLen = bb.getInt(8);
            start = 12;
        }
        if (headerLen < 0 || (long) start + headerLen > b.length) throw new IllegalArgumentException("truncated .npy header");
        String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) throw new IllegalArgumentException("unreadable .npy header " + Text.quote(header.strip()));
        long count = 1;
        for (String dim : s.group(1).split(",")) if (!dim.isBlank()) count *= Math.min(Integer.MAX_VALUE, parseDigits(dim));
        if (count != 1) throw new IllegalArgumentException("expected one value, the array has " + count);
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = d.group(2).charAt(0);
        int size = parseDigits(d.group(3)), at = start + headerLen;
        long bytes = kind == 'U' ? 4L * size : size;
        if (at + bytes > b.length) throw new IllegalArgumentException("truncated .npy data");
        ByteBuffer v = ByteBuffer.wrap(b, at, (int) bytes).order(order);
        return switch (kind) {
            case 'i', 'u' -> switch (size) {
                case 1 -> kind == 'u' ? Byte.toUnsignedInt(v.get()) : v.get();
                case 2 -> v.getShort();
                case 4 -> v.getInt();
                case 8 -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v.getLong())); // out of range: an unknown code
                default -> throw new IllegalArgumentException("unsupported integer size " + size);
            };
            case 'f' -> switch (size) {
                case 4 -> integral(v.getFloat());
                case 8 -> integral(v.getDouble());
                default -> throw new IllegalArgumentException("unsupported float size " + size);
            };
            case 'U' -> parseDigits(new String(b, at, (int) bytes, order == ByteOrder.BIG_ENDIAN ? Charset32.BE : Charset32.LE));
            case 'S' -> parseDigits(new String(b, at, (int) bytes, StandardCharsets.ISO_8859_1));
            default -> throw new IllegalArgumentException("unsupported dtype " + d.group());
        };
    }

    private static int integral(double x) {
        if (x != Math.rint(x)) throw new IllegalArgumentException("value " + x + " is not an integer");
        return (int) x;
    }

    private static int parseDigits(String s) {
        String t = s.replace("\0", "").strip();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("string " + Text.quote(t) + " is not an integer");
        }
    }

    /** UTF-32 charsets for NumPy's 'U' strings. */
    private static final class Charset32 {
        static final Charset LE = Charset.forName("UTF-32LE");
        static final Charset BE = Charset.forName("UTF-32BE");
    }

    /** Writes value as a one-element '<U' string scalar, the way AffectNet's annotation files hold it. */
    static void writeScalarString(Path p, int value) throws IOException {
        String digits = Integer.toString(value);
        String dict = "{'descr': '<U" + digits.length() + "', 'fortran_order': False, 'shape': (), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64; // the data starts on a 64-byte boundary, as NumPy writes it
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + 4 * digits.length()).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        out.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (char c : digits.toCharArray()) out.putInt(c);
        AtomicFiles.write(p, out.array());
    }
}
