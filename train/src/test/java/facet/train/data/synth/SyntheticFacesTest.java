package facet.train.data.synth;

import facet.train.data.Example;
import facet.train.data.Expression;
import facet.train.data.FacePart;
import facet.train.data.ParsingMap;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class SyntheticFacesTest {
    @Test
    void aSampleIsAPureFunctionOfSeedDomainSplitAndIndex() {
        SyntheticFaces a = new SyntheticFaces(Domain.RAF, "train", 50, 3), b = new SyntheticFaces(Domain.RAF, "train", 50, 3);
        List<Example> parallel = IntStream.range(0, 12).parallel().mapToObj(a::get).toList();
        for (int i = 11; i >= 0; i--) {
            Example e = b.get(i);
            assertEquals(e.image(), parallel.get(i).image(), "sample " + i);
            assertEquals(e.parsing(), parallel.get(i).parsing(), "sample " + i);
            assertEquals(a.label(i), e.label());
        }
        assertNotEquals(a.get(0).image(), new SyntheticFaces(Domain.RAF, "train", 50, 4).get(0).image(), "another seed, another face");
        assertNotEquals(a.get(0).image(), new SyntheticFaces(Domain.RAF, "test", 50, 3).get(0).image(), "another split, another face");
    }

    @Test
    void domainsHaveTheirSizeChannelsAndLabelling() {
        for (Domain d : Domain.ALL) {
            Example e = new SyntheticFaces(d, d.splits().getFirst(), 3, 1).get(1);
            assertEquals(d.width, e.image().width, d.name);
            assertEquals(d.height, e.image().height, d.name);
            assertEquals(d == Domain.FER2013 || d == Domain.JAFFE ? 1 : 3, e.image().channels, d.name);
            assertEquals(d.name, e.domain());
            assertEquals(d.labelled, e.label() >= 0, d.name);
            assertNotNull(e.parsing(), d.name);
        }
    }

    @Test
    void labelsFollowTheDomainPriorsAndIdentitiesStayInTheirSplit() {
        SyntheticFaces raf = new SyntheticFaces(Domain.RAF, "train", 6000, 1);
        int[] counts = raf.classCounts();
        double[] prior = Domain.RAF.prior("train");
        for (int k = 0; k < Expression.COUNT; k++) {
            assertEquals(prior[k], counts[k] / 6000.0, 0.02, "class " + Expression.of(k).title + " (label noise moves a few)");
        }
        int[] val = new SyntheticFaces(Domain.AFFECTNET, "val", 3500, 1).classCounts();
        for (int k = 0; k < Expression.COUNT; k++) assertEquals(500, val[k], 90, "AffectNet's validation set is balanced");
        int[] train = Domain.RAF.identityRange("train"), test = Domain.RAF.identityRange("test");
        assertEquals(train[1], test[0], "train and test people are disjoint");
        for (int i = 0; i < 200; i++) assertTrue(new SyntheticFaces(Domain.RAF, "test", 200, 1).spec(i).identity() >= test[0]);
        Set<Integer> jaffe = new HashSet<>();
        SyntheticFaces j = new SyntheticFaces(Domain.JAFFE, "test", 213, 1);
        for (int i = 0; i < 213; i++) jaffe.add(j.spec(i).identity());
        assertEquals(10, jaffe.size(), "JAFFE has ten people");
    }

    /** Pixel count and mean row of a part in a map. */
    private static double[] part(ParsingMap m, FacePart p) {
        int n = 0;
        double rows = 0, cols = 0;
        for (int y = 0; y < m.height; y++) {
            for (int x = 0; x < m.width; x++) {
                if (m.get(y, x) == p.ordinal()) {
                    n++;
                    rows += y;
                    cols += x;
                }
            }
        }
        return new double[] {n, n == 0 ? Double.NaN : rows / n, n == 0 ? Double.NaN : cols / n};
    }

    @Test
    void theParsingMapHasEveryFacialPartOnTheRightSide() {
        SyntheticFaces faces = new SyntheticFaces(Domain.CELEBAMASK, "all", 20, 1);
        for (int i = 0; i < 5; i++) {
            ParsingMap m = faces.get(i).parsing();
            for (FacePart p : List.of(FacePart.SKIN, FacePart.NOSE, FacePart.L_EYE, FacePart.R_EYE, FacePart.L_BROW, FacePart.R_BROW,
                    FacePart.U_LIP, FacePart.L_LIP, FacePart.NECK, FacePart.BACKGROUND)) {
                assertTrue(part(m, p)[0] > 0, "sample " + i + " has no " + p);
            }
            assertTrue(part(m, FacePart.L_EYE)[2] < part(m, FacePart.R_EYE)[2], "l_eye is the eye on the image's left");
            assertTrue(part(m, FacePart.L_BROW)[1] < part(m, FacePart.L_EYE)[1], "brows above eyes");
            assertTrue(part(m, FacePart.NOSE)[1] < part(m, FacePart.U_LIP)[1], "nose above mouth");
            assertTrue(part(m, FacePart.U_LIP)[1] < part(m, FacePart.L_LIP)[1], "upper lip above lower lip");
            double exp = m.expressionFraction();
            assertTrue(exp > 0.15 && exp < 0.7, "expression pixels " + exp);
        }
    }

    @Test
    void actionUnitsMoveTheParts() {
        SyntheticFaces faces = new SyntheticFaces(Domain.CELEBAMASK, "all", 20, 2);
        for (int i = 0; i < 4; i++) {
            ParsingMap neutral = faces.render(i, Expression.NEUTRAL.ordinal(), 0).parsing();
            ParsingMap surprise = faces.render(i, Expression.SURPRISE.ordinal(), 1).parsing();
            ParsingMap anger = faces.render(i, Expression.ANGER.ordinal(), 1).parsing();
            assertTrue(part(surprise, FacePart.MOUTH)[0] > part(neutral, FacePart.MOUTH)[0] + 50, "jaw drop opens the mouth, sample " + i);
            double eyes = part(surprise, FacePart.L_EYE)[0] + part(surprise, FacePart.R_EYE)[0];
            double calm = part(neutral, FacePart.L_EYE)[0] + part(neutral, FacePart.R_EYE)[0];
            assertTrue(eyes > 1.2 * calm, "lid raise widens the eyes, sample " + i + ": " + eyes + " vs " + calm);
            assertTrue(part(surprise, FacePart.L_BROW)[1] < part(anger, FacePart.L_BROW)[1] - 2, "brows go up in surprise, down in anger");
        }
    }
}
