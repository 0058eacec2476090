/**
 * Figures and tables for run folders and reports: plain inputs (float arrays, tensors, names,
 * paths) in, PNG / Markdown / CSV out, every file written atomically (temporary file + rename).
 * Charts are XChart's; image figures are laid out with Java2D; every heat overlay uses one
 * colormap, {@link facet.train.report.Viridis}, with a colour bar. Drawing is headless
 * ({@link facet.train.report.Png} sets {@code java.awt.headless} before any AWT class loads).
 *
 * <p>One line per figure or table (accuracies in percent; arrays per seed where it says so):
 * <pre>{@code
 * // training curves: losses left, accuracies right, against the step
 * CurvesFigure.write(dir.resolve("curves.png"), "Fine-tuning", List.of(new Series("loss", steps, loss)), List.of(new Series("val acc", steps, acc)));
 * CurvesFigure.fromCsv(dir.resolve("metrics.csv"), "step", dir.resolve("curves.png"), "Fine-tuning");
 * // confusion matrix per target, rows true / columns predicted in Expression order, plus CSV
 * ConfusionFigure.write(dir.resolve("confusion-sfew.png"), dir.resolve("confusion-sfew.csv"), "sfew", ConfusionFigure.counts(labels, predicted));
 * // Fig. 4: faces (B, 3, H, W); attention[b] and w[b] one value per patch of a square grid
 * FaceFigures.fig4(dir.resolve("fig4.png"), faces, Images.Norm.IMAGENET, attention, w);
 * // Fig. 5: mask (B, Np) 0 keep 1 remove; reconstructions (B, 3, H, W) of both models from that mask
 * FaceFigures.fig5(dir.resolve("fig5.png"), faces, mask, reconRandom, reconEsgm, Images.Norm.IMAGENET);
 * // Fig. 6: per-stage domain features (N, C_s), domain id per row
 * TsneFigure.fig6(dir.resolve("fig6.png"), List.of(f1, f2, f3, f4), domain, List.of("raf", "sfew"), seed, "");
 * // Fig. 7: Grad-CAM maps [face][stage] for single and progressive decoupling
 * FaceFigures.fig7(dir.resolve("fig7.png"), faces, Images.Norm.IMAGENET, camSingle, camProgressive, "", "");
 * // Fig. 8: average accuracy against mask ratio, acc[ratio][seed]
 * MaskRatioFigure.write(dir.resolve("fig8.png"), "Accuracy vs mask ratio (Fig. 8)", List.of(new MaskRatioFigure.Sweep("ESGM", ratios, acc)));
 * // Tables I, III, IV, V: rows methods, columns targets + Avg + source test, mean ± std over seeds
 * // with each row's Health per seed: train accuracy, linear probe, "did not learn"
 * ResultTable t = new ResultTable("Table V", targets).add("progressive", accTargetSeed, sourceSeed, healthSeed).add("parallel", ..., ..., ...);
 * t.write(dir.resolve("table5.md"), dir.resolve("table5.csv"));
 * // the paper's ordering, every pair: mean paired difference, 95% interval, resolved or not; no finding where a row did not learn
 * String md = Ordering.markdown(Ordering.chain(List.of("progressive", "parallel", "cyclic", "single", "none"), t));
 * }</pre>
 */
package facet.train.report;
