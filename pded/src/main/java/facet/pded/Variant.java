package facet.pded;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where decouplers sit and how often they run (the rows of the paper's Table V). A decoupler is a
 * channel-preserving convolution: applied to a feature F it gives a domain feature F_d = conv(F),
 * F - F_d goes on, and F_d (pooled, projected) joins F_dom = sum of all F_d (Eq. 10). Table V only
 * names the variants; how each treats F_exp and F_dom is our reading, stated per constant. The
 * three baselines all act on the last stage's output F^4, where [5], [35] and [50] decouple.
 */
public enum Variant {
    /** No decoupler and no domain head; L_dom = 0 ("without decoupling"). */
    NONE(0, 0),
    /** One decoupler on F^4: F_exp = F^4 - conv(F^4), F_dom from conv(F^4). */
    SINGLE(1, 1),
    /**
     * Four decouplers side by side on the same F^4: F_exp = F^4 - sum_k conv_k(F^4), and every
     * conv_k(F^4) feeds F_dom through its own projection (four branches, as in [35]).
     */
    PARALLEL(4, 4),
    /**
     * One decoupler (one convolution, one projection) applied four times in a row to F^4:
     * G_0 = F^4, G_k = G_{k-1} - conv(G_{k-1}), F_exp = G_4; the four conv(G_{k-1}) feed F_dom.
     */
    CYCLIC(1, 4),
    /** PDED (Eq. 9-10): decoupler i after stage i, so stage i+1 receives F^i - conv_i(F^i); F_exp = F^4 - conv_4(F^4). */
    PROGRESSIVE(4, 4);

    /** Decouplers with their own weights, and how many domain features the forward produces. */
    public final int decouplers, applications;

    Variant(int decouplers, int applications) {
        this.decouplers = decouplers;
        this.applications = applications;
    }

    /** "none", "single", "parallel", "cyclic" or "progressive", as a command line spells them. */
    public static Variant parse(String s) {
        for (Variant v : values()) if (v.name().equalsIgnoreCase(s)) return v;
        throw new IllegalArgumentException("variant '" + s + "' is not one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
