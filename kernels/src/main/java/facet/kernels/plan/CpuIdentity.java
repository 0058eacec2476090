package facet.kernels.plan;

import jdk.incubator.vector.VectorShape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a kernel plan is chosen for and cached under: the CPU's vendor, family, model and model
 * name (from /proc/cpuinfo; elsewhere os.arch and "unknown"), the widest vectors the Vector API
 * offers (SPECIES_PREFERRED, which also reflects -XX:MaxVectorSize).
 */
public record CpuIdentity(String vendor, String family, String model, String modelName, int vectorBits) {
    public static CpuIdentity detect() {
        int bits = VectorShape.preferredShape().vectorBitSize();
        try {
            Path info = Path.of("/proc/cpuinfo");
            if (Files.isReadable(info)) return fromCpuinfo(Files.readString(info), bits);
        } catch (IOException e) {
            // no /proc/cpuinfo to read: identify by architecture only
        }
        return new CpuIdentity(System.getProperty("os.arch"), "unknown", "unknown", "unknown", bits);
    }

    /** The first processor's fields of a /proc/cpuinfo text (as x86 Linux names them; other CPUs give "unknown"). */
    static CpuIdentity fromCpuinfo(String cpuinfo, int bits) {
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
        return new CpuIdentity(vendor == null ? System.getProperty("os.arch") : vendor, orUnknown(family), orUnknown(model), orUnknown(name), bits);
    }

    private static String orUnknown(String s) { return s == null ? "unknown" : s; }

    /** A file-name-safe key: vendor, family, model, model name and vector width, lower case, runs of other characters as '-'. */
    public String key() {
        String k = String.join("-", vendor, family, model, modelName, vectorBits + "bit").toLowerCase(Locale.ROOT);
        return k.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /** E.g. AuthenticAMD family 26 model 2 "AMD EPYC", 512-bit vectors. */
    public String describe() { return vendor + " family " + family + " model " + model + " \"" + modelName + "\", " + vectorBits + "-bit vectors"; }
}
