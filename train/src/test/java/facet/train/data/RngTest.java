package facet.train.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class RngTest {
    @Test
    void aStreamIsAPureFunctionOfItsKeys() {
        Rng a = Rng.of(7, 3, 11), b = Rng.of(7, 3, 11);
        for (int i = 0; i < 100; i++) assertEquals(a.nextInt(), b.nextInt(), "draw " + i);
        assertNotEquals(Rng.of(7, 3, 11).nextLong(), Rng.of(7, 11, 3).nextLong(), "key order matters");
        assertNotEquals(Rng.of(7, 3, 11).nextLong(), Rng.of(8, 3, 11).nextLong(), "the seed matters");
        assertEquals(Rng.of(1, 2).fork(5).nextLong(), Rng.of(1, 2).fork(5).nextLong());
        Rng used = Rng.of(1, 2);
        used.nextLong();
        assertEquals(Rng.of(1, 2).fork(5).nextLong(), used.fork(5).nextLong(), "a fork depends on the stream's name, not its position");
    }

    @Test
    void drawsHaveTheirStatedDistributions() {
        Rng r = Rng.of(1);
        int n = 40_000;
        double sum = 0, sq = 0, usum = 0;
        int[] below = new int[5];
        for (int i = 0; i < n; i++) {
            double z = r.normal();
            sum += z;
            sq += z * z;
            usum += r.uniform();
            below[r.below(5)]++;
        }
        assertEquals(0, sum / n, 0.02, "normal mean");
        assertEquals(1, sq / n, 0.03, "normal variance");
        assertEquals(0.5, usum / n, 0.01, "uniform mean");
        for (int c : below) assertEquals(n / 5.0, c, n * 0.02, Arrays.toString(below));
        int[] picks = new int[3];
        for (int i = 0; i < n; i++) picks[r.pick(new double[] {1, 0, 3})]++;
        assertEquals(0, picks[1]);
        assertEquals(0.75, picks[2] / (double) n, 0.01);
    }

    @Test
    void permutationVisitsEveryIndexOnce() {
        int[] p = Rng.of(3).permutation(1000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 1000; i++) assertEquals(i, sorted[i]);
        assertFalse(Arrays.equals(p, sorted), "shuffled");
    }
}
