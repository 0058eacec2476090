package facet.train.data;

import facet.nn.io.AtomicFiles;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Image files to and from {@link Image}, with the JDK's own codecs (javax.imageio: PNG, JPEG,
 * TIFF, BMP, GIF). Greyscale files decode to one channel, everything else to RGB (alpha is
 * dropped). A file that cannot be decoded is a {@link BadInputException} naming it.
 */
public final class ImageCodec {
    private ImageCodec() {}

    static {
        ImageIO.setUseCache(false); // decode in memory: a temp file per image would dominate small faces
    }

    /** File extensions (lower case, no dot) that readers treat as images. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "gif");

    public static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Largest image decoded, in pixels: a header claiming more is refused before any pixel is
     * allocated (a 2 KB file can claim 20000x20000 and cost gigabytes). Default 36 million
     * (6000x6000); {@code -Dfacet.image.maxPixels=N} changes it for the whole process.
     */
    public static final long DEFAULT_MAX_PIXELS = 36_000_000L;

    public static long maxPixels() { return Long.getLong("facet.image.maxPixels", DEFAULT_MAX_PIXELS); }

    public static Image read(Path path) { return read(path, maxPixels()); }

    public static Image read(Path path, long maxPixels) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new BadInputException(path.toString(), 0, "image file is missing");
        } catch (IOException e) {
            throw new BadInputException(path.toString(), 0, "cannot read image file: " + e.getMessage());
        }
        return decode(bytes, path.toString(), maxPixels);
    }

    public static Image decode(byte[] bytes, String name) { return decode(bytes, name, maxPixels()); }

    /**
     * Decodes encoded bytes; {@code name} is what a failure reports. The size comes from the
     * header and is checked against maxPixels first; a decoder warning (a truncated JPEG decodes
     * with grey rows and only a warning) makes the image bad input, as an exception does.
     */
    public static Image decode(byte[] bytes, String name, long maxPixels) {
        List<String> warnings = new ArrayList<>();
        BufferedImage b;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> it = ImageIO.getImageReaders(in);
            if (!it.hasNext()) throw new BadInputException(name, 0, "not an image in a format the JDK decodes (PNG, JPEG, TIFF, BMP, GIF)");
            ImageReader r = it.next();
            try {
                r.setInput(in, true, true);
                long w = r.getWidth(0), h = r.getHeight(0);
                if (w < 1 || h < 1 || w * h > maxPixels) {
                    throw new BadInputException(name, 0, "the header says " + w + "x" + h + " pixels, more than the limit of " + maxPixels
                            + " (-Dfacet.image.maxPixels)");
                }
                r.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                b = r.read(0);
            } finally {
                r.dispose();
            }
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(name, 0, "corrupt image (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (!warnings.isEmpty()) throw new BadInputException(name, 0, "damaged image, the decoder warns: " + String.join("; ", warnings));
        if (isPng(bytes) && !endsWithIend(bytes)) throw new BadInputException(name, 0, "truncated PNG: it lacks the IEND chunk that ends every PNG file");
        if (b == null) throw new BadInputException(name, 0, "not an image in a format the JDK decodes (PNG, JPEG, TIFF, BMP, GIF)");
        return fromBuffered(b);
    }

    private static boolean isPng(byte[] b) { return b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'; }

    /** The JDK's PNG reader stops at the last pixel row and never notices a file cut after it: look for IEND and its CRC. */
    private static boolean endsWithIend(byte[] b) {
        for (int i = b.length - 8; i >= 8; i--) if (b[i] == 'I' && b[i + 1] == 'E' && b[i + 2] == 'N' && b[i + 3] == 'D') return true;
        return false;
    }

    public static Image fromBuffered(BufferedImage b) {
        int w = b.getWidth(), h = b.getHeight(), n = w * h;
        boolean grey = b.getColorModel().getNumColorComponents() == 1;
        if (grey) {
            Image out = new Image(1, h, w);
            java.awt.image.Raster r = b.getRaster();
            float scale = 1f / ((1 << b.getColorModel().getComponentSize(0)) - 1);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) out.data[y * w + x] = row[x] * scale;
            }
            return out;
        }
        Image out = new Image(3, h, w);
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            b.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int p = argb[x], i = y * w + x;
                out.data[i] = ((p >> 16) & 255) / 255f;
                out.data[n + i] = ((p >> 8) & 255) / 255f;
                out.data[2 * n + i] = (p & 255) / 255f;
            }
        }
        return out;
    }

    /** 8-bit greyscale or RGB, values rounded from [0, 1] (clamped). */
    public static BufferedImage toBuffered(Image img) {
        int w = img.width, h = img.height, n = w * h;
        if (img.channels == 1) {
            BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] px = ((DataBufferByte) b.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < n; i++) px[i] = (byte) to8(img.data[i]);
            return b;
        }
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] px = ((DataBufferByte) b.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < n; i++) {
            px[3 * i] = (byte) to8(img.data[2 * n + i]);
            px[3 * i + 1] = (byte) to8(img.data[n + i]);
            px[3 * i + 2] = (byte) to8(img.data[i]);
        }
        return b;
    }

    public static int to8(float v) { return Math.round(Math.max(0f, Math.min(1f, v)) * 255f); }

    /** Writes img in the format its extension names; JPEG at the given quality (0..1). */
    public static void write(Image img, Path path, float jpegQuality) throws IOException {
        write(toBuffered(img), path, jpegQuality);
    }

    public static void write(BufferedImage b, Path path, float jpegQuality) throws IOException {
        String name = path.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String format = switch (ext) {
            case "jpg", "jpeg" -> "jpeg";
            case "tif", "tiff" -> "tiff";
            case "png", "bmp" -> ext;
            default -> throw new IllegalArgumentException("write image: unknown extension ." + ext + " in " + path);
        };
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format);
        if (!it.hasNext()) throw new IOException("write image: this JDK has no " + format + " writer");
        ImageWriter w = it.next();
        try {
            // AtomicFiles owns (and closes) the file stream; the ImageOutputStream over it is closed here
            AtomicFiles.write(path, os -> {
                try (ImageOutputStream out = ImageIO.createImageOutputStream(os)) {
                    w.setOutput(out);
                    ImageWriteParam p = w.getDefaultWriteParam();
                    if (format.equals("jpeg")) {
                        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                        p.setCompressionQuality(jpegQuality);
                    }
                    w.write(null, new IIOImage(b, null, null), p);
                }
            });
        } finally {
            w.dispose();
        }
    }
}
