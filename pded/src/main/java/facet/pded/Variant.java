package facet.pded;

import facet.nn.models.ResNetConfig;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where decouplers sit and how often they run (the rows of the paper's Table V). A decoupler is a
 * channel-preserving convolution: applied to a feature F it gives a domain feature F_d = conv(F),
 * F - F_d goes on, and F_d (pooled, projected by the decoupler that made it) joins F_dom = sum of
 * all F_d (Eq. 10). Table V only names the variants; how each treats F_exp and F_dom is our
 * reading, stated per constant. The three baselines all act on the last stage's output F^4, where
 * [5], [35] and [50] decouple.
 */
public enum Variant {
    /** No decoupler and no domain head; L_dom = 0 ("without decoupling"). */
    NONE(Site.NOWHERE, 0, 0),
    /** One decoupler on F^4: F_exp = F^4 - conv(F^4), F_dom from conv(F^4). */
    SINGLE(Site.IN_SERIES_ON_F4, 1, 1),
    /**
     * Four decouplers side by side on the same F^4: F_exp = F^4 - sum_k conv_k(F^4), and every
     * conv_k(F^4) feeds F_dom through its own projection (four branches, as in [35]).
     */
    PARALLEL(Site.SIDE_BY_SIDE_ON_F4, 4, 4),
    /**
     * One decoupler (one convolution, one projection) applied four times in a row to F^4:
     * G_0 = F^4, G_k = G_{k-1} - conv(G_{k-1}), F_exp = G_4; the four conv(G_{k-1}) feed F_dom,
     * all through that decoupler's one projection.
     */
    CYCLIC(Site.IN_SERIES_ON_F4, 1, 4),
    /** PDED (Eq. 9-10): decoupler i after stage i, so stage i+1 receives F^i - conv_i(F^i); F_exp = F^4 - conv_4(F^4). */
    PROGRESSIVE(Site.BETWEEN_STAGES, 4, 4);

    /** Where a variant's decouplers act. */
    public enum Site {
        /** no decoupling */
        NOWHERE,
        /** decoupler i on stage i's output F^i (Eq. 9), one per stage */
        BETWEEN_STAGES,
        /** on F^4, one pass after another, each on what the last left: the one decoupler, {@link #applications} times */
        IN_SERIES_ON_F4,
        /** on F^4, every decoupler on the same F^4, their F_d summed and removed at once */
        SIDE_BY_SIDE_ON_F4
    }

    public final Site site;

    /** Decouplers with their own weights, and how many domain features the forward produces. */
    public final int decouplers, applications;

    Variant(Site site, int decouplers, int applications) {
        this.site = site;
        this.decouplers = decouplers;
        this.applications = applications;
    }

    /** The channels decoupler k (0-based) sees: stage k's width between stages, F^4's on F^4. */
    public int channels(ResNetConfig r, int k) { return site == Site.BETWEEN_STAGES ? r.stageWidth(k) : r.stageWidth(3); }

    /** "none", "single", "parallel", "cyclic" or "progressive", as a command line spells them. */
    public static Variant parse(String s) {
        for (Variant v : values()) if (v.name().equalsIgnoreCase(s)) return v;
        throw new IllegalArgumentException("variant '" + s + "' is not one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
