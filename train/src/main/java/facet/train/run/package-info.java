/**
 * Training runs: the one loop, configs, run folders, checkpoints and resume.
 *
 * <p>Wiring a new kind of training (pre-training, fine-tuning) takes three pieces:
 * <pre>{@code
 * // 1. the step: a batch in, the loss to minimise and named scalars out (device tensors, not read)
 * final class PretrainTask implements Task {
 *     final MaskedAutoencoder model; final Generator masks;
 *     public Module model() { return model; }
 *     public Map<String, Generator> generators() { return Map.of("masks", masks); }   // saved and restored
 *     public Step step(Batch b) {
 *         Losses l = model.step(b.images(), b.parsing(), masks);          // esgm: tensors in, losses out
 *         return new Step(l.total(), Map.of("L_rec", l.rec().data(), "L_mask", l.mask().data()));
 *     }
 * }
 * // 2. the config keys: one ConfigSpec per run kind, registered once
 * RunKinds.register("pretrain", () -> ConfigSpec.of("pretrain", "ESGM masked autoencoder pre-training")
 *         .section("model").key(ConfigKey.integer("dim", 192, 8, "encoder width"))
 *         .key(ConfigKey.choice("masking", "expression", List.of("random", "expression", "marlin"), "mask strategy"))
 *         .key(ConfigKey.real("mask_ratio", 0.75, 0, 0.99, "fraction of patches masked"))
 *         .loopKeys(20, 64, 1.5e-4 * 64 / 256, 0.05, 0.95));
 * // 3. the command: picocli options mapped to keys, the RunOptions mixin, then the loop
 * @Mixin RunOptions runOptions;  @Option(names = "--mask-ratio") Double maskRatio;   // null: not given
 * try (RunDir run = runOptions.open(RunKinds.spec("pretrain"), Map.of("mask_ratio", maskRatio), out)) {
 *     Config c = run.config();
 *     TrainLoop.Result r = TrainLoop.run(task, loader, LoopSettings.from(c, "phase1"), run);
 *     run.write("summary.json", JsonWriter.object().put("final_L_rec", r.means().get("L_rec")).toString());
 * }
 * }</pre>
 * A run folder holds run.json (kind, seed, code version), config.conf, log.txt, metrics[-PHASE].csv,
 * eval[-PHASE].csv and checkpoint[-PHASE].safetensors; {@code --resume DIR} continues each phase
 * from its checkpoint (a finished phase returns at once) and rewrites the rows after it.
 */
package facet.train.run;
