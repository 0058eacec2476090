package facet.train.data.loader;

import facet.train.data.BadInputException;
import facet.train.data.Example;
import facet.train.data.FaceDataset;
import facet.train.data.Image;
import facet.train.data.ParsingMap;
import facet.train.data.Problems;
import facet.train.data.transform.Transform;
import facet.train.data.transform.Transforms;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class LoaderTest {
    /** n 12x12 samples, sample i a gradient scaled by i, label i mod 7; the indices in bad fail to decode. */
    static FaceDataset data(int n, Set<Integer> bad) {
        return new FaceDataset() {
            @Override public String name() { return "toy"; }

            @Override public int size() { return n; }

            @Override public int label(int i) { return i % 7; }

            @Override public Example get(int i) {
                if (bad.contains(i)) throw new BadInputException("toy/" + i + ".jpg", 0, "corrupt image");
                Image img = new Image(3, 12, 12);
                for (int k = 0; k < img.data.length; k++) img.data[k] = (k % 37) / 37f * (i + 1) / n;
                ParsingMap m = new ParsingMap(12, 12);
                Arrays.fill(m.ids, (byte) (i % 19));
                return new Example(img, m, i % 7, i, i % 2 == 0 ? "a" : "b");
            }
        };
    }

    static final Transform AUGMENT = Transform.of(Transforms.randomResizedCrop(10, 0.3, 1, 0.75, 1.33), Transforms.horizontalFlip(0.5),
            Transforms.colorJitter(0.3, 0.3, 0.3, 0.05), Transforms.gaussianBlur(0.1, 1.5, 0.5));

    private static List<Batch> epoch(int workers, int prefetch, int epoch) {
        try (Loader l = Loader.over(data(45, Set.of())).batchSize(8).seed(11).workers(workers).prefetch(prefetch)
                .transform(AUGMENT).secondView(Transforms.gaussianBlur(1, 2, 1)).domains("a", "b").build()) {
            List<Batch> out = new ArrayList<>();
            for (Batch b : l.epoch(epoch)) out.add(b);
            return out;
        }
    }

    @Test
    void sameSeedGivesTheSameBatchesWhateverTheThreadCount() {
        List<Batch> ref = epoch(0, 1, 2);
        for (int[] wp : new int[][] {{1, 1}, {3, 2}, {4, 6}}) {
            List<Batch> got = epoch(wp[0], wp[1], 2);
            assertEquals(ref.size(), got.size());
            for (int k = 0; k < ref.size(); k++) {
                String where = "workers " + wp[0] + ", batch " + k;
                assertArrayEquals(ref.get(k).indices(), got.get(k).indices(), where);
                assertArrayEquals(ref.get(k).images().toFloatArray(), got.get(k).images().toFloatArray(), where);
                assertArrayEquals(ref.get(k).second().toFloatArray(), got.get(k).second().toFloatArray(), where);
                assertArrayEquals(ref.get(k).parsing().toIntArray(), got.get(k).parsing().toIntArray(), where);
                assertArrayEquals(ref.get(k).labels().toIntArray(), got.get(k).labels().toIntArray(), where);
            }
        }
    }

    @Test
    void anEpochVisitsEverySampleOnceInItsOwnOrder() {
        List<Batch> e0 = epoch(2, 2, 0), e1 = epoch(2, 2, 1);
        List<Integer> seen = new ArrayList<>();
        for (Batch b : e0) for (int i : b.indices()) seen.add(i);
        assertEquals(45, new HashSet<>(seen).size());
        assertEquals(45, seen.size());
        assertEquals(6, e0.size(), "5 full batches and a last one of 5");
        assertEquals(5, e0.getLast().size());
        assertFalse(Arrays.equals(e0.getFirst().indices(), e1.getFirst().indices()), "each epoch has its own order");
    }

    @Test
    void batchesAreNchwFloatsWithIntLabelsMapsAndDomains() {
        Batch b = epoch(1, 1, 0).getFirst();
        assertArrayEquals(new int[] {8, 3, 10, 10}, b.images().shape());
        assertArrayEquals(new int[] {8, 10, 10}, b.parsing().shape());
        assertArrayEquals(new int[] {8}, b.labels().shape());
        assertEquals(facet.tensor.DType.I32, b.labels().dtype());
        for (int k = 0; k < 8; k++) {
            assertEquals(b.indices()[k] % 7, b.labels().toIntArray()[k]);
            assertEquals(b.indices()[k] % 2, b.domains().toIntArray()[k], "a -> 0, b -> 1");
        }
        assertFalse(Arrays.equals(b.images().toFloatArray(), b.second().toFloatArray()), "the second view is its own pipeline");
    }

    @Test
    void aSampleThatFailsToDecodeIsCountedAndLeftOutUnlessStrict() {
        Problems p = Problems.lenient();
        int total = 0;
        try (Loader l = Loader.over(data(20, Set.of(3, 17))).batchSize(5).shuffle(false).workers(2).transform(Transforms.resize(6)).problems(p).build()) {
            for (Batch b : l.epoch(0)) {
                total += b.size();
                for (int i : b.indices()) assertTrue(i != 3 && i != 17);
            }
        }
        assertEquals(18, total);
        assertEquals(List.of("toy/3.jpg", "toy/17.jpg"), p.list().stream().map(facet.train.data.Problem::path).toList(), "reported in loader order");
        try (Loader l = Loader.over(data(20, Set.of(3, 17))).batchSize(5).shuffle(false).workers(4).prefetch(4).problems(Problems.strict()).build()) {
            var batches = l.epoch(0).iterator();
            BadInputException e = assertThrows(BadInputException.class, batches::next, "the first batch holds sample 3");
            assertEquals("toy/3.jpg", e.problem().path());
        }
    }

    @Test
    void imagesOfDifferentSizesInOneBatchAreAClearError() {
        FaceDataset mixed = new FaceDataset() {
            @Override public String name() { return "mixed"; }

            @Override public int size() { return 2; }

            @Override public int label(int i) { return 0; }

            @Override public Example get(int i) { return new Example(new Image(3, 8 + i, 8), null, 0, -1, "m"); }
        };
        try (Loader l = Loader.over(mixed).batchSize(2).shuffle(false).workers(0).build()) {
            var e = assertThrows(IllegalArgumentException.class, () -> l.epoch(0).iterator().next());
            assertTrue(e.getMessage().contains("end the pipeline with a resize"), e.getMessage());
        }
    }
}
