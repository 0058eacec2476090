/**
 * Training runs: the one loop, configs, run folders, checkpoints and resume. This package knows
 * no kind of run; the experiments wire theirs on top of it, and the command line lists them.
 *
 * <p>Wiring a kind of training takes three pieces; pre-training is the model (experiment and cli):
 * <pre>{@code
 * // 1. the step (experiment.PretrainTask): a batch in, the loss and named scalars out, left on the device
 * public Step step(Batch b) {
 *     Tensor parsing = useParsing && b.parsing() != null ? b.parsing().to(device) : null;
 *     MaskedAutoencoder.LossTerms l = model.forward(b.images().to(device), parsing, masking).losses();
 *     return new Step(l.total(), Map.of("loss", l.total().data(), "l_rec", l.rec().data()));   // metrics.csv's columns
 * }
 * public Map<String, Generator> generators() { return Map.of("masking", noise); }   // saved in checkpoints, restored on resume
 *
 * // 2. the config keys (experiment.Pretraining.spec()), listed by name in cli.RunKinds for ./facet config
 * ConfigSpec.of("pretrain", "ESGM (or MAE / MARLIN) pre-training of a ViT masked autoencoder, two phases")
 *         .section("model").key(ConfigKey.integer("dim", 96, 4, "encoder width D"))
 *         .key(ConfigKey.choice("gap_over", EsgmConfig.GapOver.CHANNELS, "what Eq. 3's GAP averages over"))   // read as c.choice("gap_over", GapOver.class)
 *         .key(MASK_RATIO)                                  // one ConfigKey constant: its name and range live there
 *         .loopKeys(3, 64, 1.5e-3, 0.05, 0.95);            // epochs, batch, lr, weight decay, beta2: LoopSettings.from reads them
 *
 * // 3. the command (cli.PretrainCommand): typed flags by key (null: not given), the RunOptions mixin, then the loop per phase
 * @Mixin RunOptions run;  @Option(names = "--mask-ratio") Double maskRatio;
 * try (RunDir dir = run.open(Pretraining.spec(), RunOptions.flags(MASK_RATIO.name(), maskRatio), out)) {
 *     Config c = dir.config();
 *     TrainLoop.run(new PretrainTask(model, masking, noise, true, device), loader, LoopSettings.from(c, "phase1").withEpochs(c.i("epochs")), dir);
 *     dir.write("summary.json", ...);
 * }
 * }</pre>
 * A run folder holds run.json (kind, seed, code version), config.conf, log.txt, metrics[-PHASE].csv,
 * eval[-PHASE].csv and checkpoint[-PHASE].safetensors; {@code --resume DIR} continues each phase
 * from its checkpoint (a finished phase returns at once) and rewrites the rows after it.
 */
package facet.train.run;
