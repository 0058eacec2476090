package facet.kernels.plan;

import jdk.incubator.vector.VectorShape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a kernel plan is chosen for and cached under: the CPU's vendor, family, model and model
 * name (from /proc/cpuinfo; elsewhere os.arch and "unknown"), the widest vectors the Vector API
 * offers (SPECIES_PREFERRED, which also reflects -XX:MaxVectorSize), and the L1 data cache in KiB
 * (from sysfs; 0 when unknown), which only the default plan reads.
 */
public record CpuIdentity(String vendor, String family, String model, String modelName, int vectorBits, int l1dKiB) {
    public static CpuIdentity detect() {
        int bits = VectorShape.preferredShape().vectorBitSize();
        int l1d = l1dKiB(Path.of("/sys/devices/system/cpu/cpu0/cache"));
        try {
            Path info = Path.of("/proc/cpuinfo");
            if (Files.isReadable(info)) return fromCpuinfo(Files.readString(info), bits, l1d);
        } catch (IOException e) {
            // no /proc/cpuinfo to read: identify by architecture only
        }
        return new CpuIdentity(System.getProperty("os.arch"), "unknown", "unknown", "unknown", bits, l1d);
    }

    /** The first processor's fields of a /proc/cpuinfo text (as x86 Linux names them; other CPUs give "unknown"). */
    static CpuIdentity fromCpuinfo(String cpuinfo, int bits, int l1d) {
        String vendor = null, family = null, model = null, name = null;
        for (String line : cpuinfo.split("\n")) {
            if (line.isBlank() && vendor != null) break;   // the end of the first processor's block
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).strip(), value = line.substring(colon + 1).strip();
            switch (key) {
                case "vendor_id" -> vendor = value;
                case "cpu family" -> family = value;
                case "model" -> model = value;
                case "model name" -> name = value;
                default -> { }
            }
        }
        return new CpuIdentity(vendor == null ? System.getProperty("os.arch") : vendor, orUnknown(family), orUnknown(model), orUnknown(name), bits, l1d);
    }

    private static String orUnknown(String s) { return s == null ? "unknown" : s; }

    /** The level-1 data cache's size in KiB from sysfs (each indexN folder has level, type and a size such as "48K"), or 0. */
    static int l1dKiB(Path cacheDir) {
        for (int i = 0; i < 8; i++) {
            Path d = cacheDir.resolve("index" + i);
            try {
                if (!Files.isDirectory(d)) break;
                if (!read(d, "level").equals("1") || !read(d, "type").equals("Data")) continue;
                String size = read(d, "size");
                return size.endsWith("K") ? Integer.parseInt(size.substring(0, size.length() - 1)) : 0;
            } catch (IOException | NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static String read(Path dir, String name) throws IOException { return Files.readString(dir.resolve(name)).strip(); }

    /** A file-name-safe key: vendor, family, model, model name and vector width, lower case, runs of other characters as '-'. */
    public String key() {
        String k = String.join("-", vendor, family, model, modelName, vectorBits + "bit").toLowerCase(Locale.ROOT);
        return k.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /** E.g. AuthenticAMD family 26 model 2 "AMD EPYC", 512-bit vectors, L1D 48 KiB. */
    public String describe() {
        return vendor + " family " + family + " model " + model + " \"" + modelName + "\", " + vectorBits + "-bit vectors"
                + (l1dKiB > 0 ? ", L1D " + l1dKiB + " KiB" : "");
    }
}
