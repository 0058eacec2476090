package facet.train.experiment;

import facet.pded.Variant;
import facet.train.experiment.Ablation.Cell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paper's ablations that {@code ./facet ablate --study} runs, spelt table4, table5, table3 and
 * maskratio: the fine-tunings each needs (its rows) and the paper's ranking of them.
 */
public enum Study {
    TABLE4("Table IV: ESGM and PDED on and off (source raf)"),
    TABLE5("Table V: decoupling variants on the ESGM encoder (source raf)"),
    TABLE3("Table III: two sources, raf + affectnet"),
    MASKRATIO("Fig. 8: mask ratio of ESGM pre-training (ESGM + PDED, source raf)");

    /** The ratios Fig. 8 sweeps; 0.5 is the default every other study pre-trains with. */
    static final double[] RATIOS = {0.25, 0.5, 0.75};
    static final double DEFAULT_RATIO = 0.5;

    public final String title;

    Study(String title) { this.title = title; }

    /** The study's rows, in table order. */
    List<Cell> cells() {
        return switch (this) {
            case TABLE4 -> List.of(
                    cell("mae-none", "MAE + ResNet-18 (neither)", Input.MAE, Variant.NONE),
                    cell("esgm-none", "ESGM only", Input.ESGM, Variant.NONE),
                    cell("mae-progressive", "PDED only", Input.MAE, Variant.PROGRESSIVE),
                    cell("esgm-progressive", "ESGM + PDED", Input.ESGM, Variant.PROGRESSIVE));
            case TABLE5 -> List.of(
                    cell("esgm-none", "without decoupling", Input.ESGM, Variant.NONE),
                    cell("esgm-single", "single", Input.ESGM, Variant.SINGLE),
                    cell("esgm-parallel", "parallel", Input.ESGM, Variant.PARALLEL),
                    cell("esgm-cyclic", "cyclic", Input.ESGM, Variant.CYCLIC),
                    cell("esgm-progressive", "progressive (ours)", Input.ESGM, Variant.PROGRESSIVE));
            case TABLE3 -> List.of(
                    new Cell("multi-image-none", "ResNet-18", Input.IMAGE, Variant.NONE, "affectnet", DEFAULT_RATIO),
                    new Cell("multi-mae-none", "MAE + ResNet-18", Input.MAE, Variant.NONE, "affectnet", DEFAULT_RATIO),
                    new Cell("multi-esgm-progressive", "ESGM + PDED", Input.ESGM, Variant.PROGRESSIVE, "affectnet", DEFAULT_RATIO));
            case MASKRATIO -> {
                List<Cell> cs = new ArrayList<>();
                // the default ratio's run is Table IV's and V's ESGM + PDED: the same stage, not a second copy
                for (double r : RATIOS) {
                    String stage = r == DEFAULT_RATIO ? "esgm-progressive" : String.format(Locale.ROOT, "esgm-progressive-mr%.2f", r);
                    cs.add(new Cell(stage, ratioLabel(r), Input.ESGM, Variant.PROGRESSIVE, "", r));
                }
                yield cs;
            }
        };
    }

    /** The paper's ranking of the rows' labels, best first (Tables IV, V, III); Fig. 8 has none to check. */
    List<String> paperOrder() {
        return switch (this) {
            case TABLE4 -> List.of("ESGM + PDED", "ESGM only", "PDED only", "MAE + ResNet-18 (neither)");
            case TABLE5 -> List.of("progressive (ours)", "parallel", "cyclic", "single", "without decoupling");
            case TABLE3 -> List.of("ESGM + PDED", "MAE + ResNet-18", "ResNet-18");
            case MASKRATIO -> List.of();
        };
    }

    static String ratioLabel(double r) { return String.format(Locale.ROOT, "mask ratio %.2f", r); }

    private static Cell cell(String stage, String label, Input input, Variant variant) { return new Cell(stage, label, input, variant, "", DEFAULT_RATIO); }
}
