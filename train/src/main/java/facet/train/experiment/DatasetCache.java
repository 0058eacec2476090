package facet.train.experiment;

import facet.nn.io.AtomicFiles;
import facet.train.data.Example;
import facet.train.data.FaceDataset;
import facet.train.data.FaceDatasets;
import facet.train.data.Image;
import facet.train.data.ParsingMap;
import facet.train.data.Problems;
import facet.train.data.synth.Domain;
import facet.train.data.synth.SyntheticFaces;
import facet.train.data.transform.Transform;
import facet.train.data.transform.Transforms;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Synthetic splits rendered once, resized to the experiment's square size, and kept on disk so
 * that a second run (a second seed, the next demo) starts training at once. A file holds one
 * split: a header naming what it holds, then each sample's label, identity, pixels and parsing
 * map. The name encodes (domain, split, count, size, seed), so a changed request renders anew;
 * a file that does not read back whole (a killed write cannot leave one: writes are atomic, but a
 * disk can) is rendered again and replaced, saying so.
 *
 * <p>Images are rendered at the domain's native size and resized, as calibration does: rendering
 * small would change the domain's look (its camera blur is in native pixels).
 */
public final class DatasetCache {
    private static final int MAGIC = 0x46414345; // "FACE"
    private static final int VERSION = 1;

    private final Path dir;
    private final int threads;

    public DatasetCache(Path dir, int threads) {
        this.dir = dir;
        this.threads = Math.max(1, threads);
    }

    /** count samples of a synthetic split, RGB, size x size; rendered and stored unless already on disk. */
    public FaceDataset synthetic(Domain domain, String split, int count, int size, long seed, Problems problems) throws IOException {
        Path file = dir.resolve(String.format(Locale.ROOT, "%s-%s-n%d-s%d-seed%d.faces", domain.name, split, count, size, seed));
        String name = "synthetic " + domain.name + "/" + split;
        if (Files.isRegularFile(file)) {
            try {
                return FaceDatasets.of(name, read(file, domain.name));
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("cache: " + file + " does not read back (" + e.getMessage() + "); rendering it again");
            }
        }
        Transform prep = Transform.of(Transforms.resize(size), Transforms.channels(3));
        FaceDataset rendered = FaceDatasets.cached(new SyntheticFaces(domain, split, count, seed), prep, threads, problems);
        List<Example> all = new ArrayList<>(rendered.size());
        for (int i = 0; i < rendered.size(); i++) all.add(rendered.get(i));
        write(file, all);
        return rendered;
    }

    static void write(Path file, List<Example> examples) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(examples.size());
            for (Example e : examples) {
                Image im = e.image();
                out.writeInt(e.label());
                out.writeInt(e.identity());
                out.writeInt(im.channels);
                out.writeInt(im.height);
                out.writeInt(im.width);
                for (float v : im.data) out.writeFloat(v);
                out.writeBoolean(e.parsing() != null);
                if (e.parsing() != null) out.write(e.parsing().ids);
            }
            out.flush();
        });
    }

    static List<Example> read(Path file, String domain) throws IOException {
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) throw new IOException("not a Facet dataset cache file of version " + VERSION);
            int n = in.readInt();
            if (n < 0 || n > 10_000_000) throw new IOException("sample count " + n + " is out of range");
            List<Example> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int label = in.readInt(), identity = in.readInt(), c = in.readInt(), h = in.readInt(), w = in.readInt();
                if (c < 1 || c > 3 || h < 1 || w < 1 || (long) h * w > 4096L * 4096) {
                    throw new IOException("sample " + i + " claims a " + c + "x" + h + "x" + w + " image");
                }
                float[] px = new float[c * h * w];
                for (int k = 0; k < px.length; k++) px[k] = in.readFloat();
                ParsingMap map = null;
                if (in.readBoolean()) {
                    byte[] ids = new byte[h * w];
                    in.readFully(ids);
                    map = new ParsingMap(h, w, ids);
                }
                out.add(new Example(new Image(c, h, w, px), map, label, identity, domain));
            }
            if (in.read() != -1) throw new IOException("trailing bytes after " + n + " samples");
            return out;
        } catch (EOFException e) {
            throw new IOException("the file ends early", e);
        }
    }
}
