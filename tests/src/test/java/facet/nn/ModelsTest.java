package facet.nn;

import facet.autograd.Variable;
import facet.nn.models.ResNet18;
import facet.nn.models.ResNetConfig;
import facet.nn.models.ViTConfig;
import facet.nn.models.VisionTransformer;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference architectures: exact parameter counts, reference key names, stage shapes. */
class ModelsTest {
    @Test
    void resnet18WithAThousandClassesHasTorchvisionsParameterCount() {
        ResNet18 m = new ResNet18(ResNetConfig.imagenet(1000), new Generator(0));
        assertEquals(11_689_512L, m.parameterCount());
        Set<String> keys = m.stateDict().keySet();
        for (String k : List.of("conv1.weight", "bn1.running_var", "layer1.0.conv1.weight", "layer2.0.downsample.0.weight",
                "layer2.0.downsample.1.running_mean", "layer4.1.bn2.bias", "fc.weight", "fc.bias")) {
            assertTrue(keys.contains(k), "torchvision key " + k + " missing");
        }
        assertEquals(62 + 40, keys.size(), "62 parameters and 40 running statistics: torchvision's keys less its 20 num_batches_tracked");
    }

    @Test
    void vitB16WithALearnedPositionEmbeddingHasTimmsParameterCount() {
        VisionTransformer m = new VisionTransformer(ViTConfig.base16(1000), new Generator(0));
        assertEquals(86_567_656L, m.parameterCount());
        assertArrayEquals(new int[] {1, 197, 768}, m.namedParameters().get("pos_embed").shape());
        Set<String> keys = m.stateDict().keySet();
        for (String k : List.of("cls_token", "pos_embed", "patch_embed.proj.weight", "blocks.0.norm1.weight", "blocks.0.attn.qkv.weight",
                "blocks.11.attn.proj.bias", "blocks.5.mlp.fc1.weight", "blocks.5.mlp.fc2.bias", "norm.bias", "head.weight")) {
            assertTrue(keys.contains(k), "timm key " + k + " missing");
        }
    }

    @Test
    void aFixedSinCosPositionEmbeddingIsABufferNotAParameter() {
        ViTConfig c = ViTConfig.of(32, 8, 16, 1, 2, 0).withPosEmbed(ViTConfig.PosEmbed.SINCOS);
        VisionTransformer m = new VisionTransformer(c, new Generator(1));
        assertNull(m.namedParameters().get("pos_embed"));
        assertArrayEquals(PositionalEmbedding.sinCos2d(16, 4, true).unsqueeze(0).toFloatArray(), m.stateDict().get("pos_embed").toFloatArray());
        VisionTransformer learned = new VisionTransformer(c.withPosEmbed(ViTConfig.PosEmbed.LEARNED), new Generator(1));
        assertEquals(17 * 16, learned.parameterCount() - m.parameterCount());
    }

    @Test
    void vitReturnsLogitsOrPooledFeaturesForEitherPooling() {
        ViTConfig c = ViTConfig.of(16, 4, 8, 2, 2, 5);
        Tensor x = Tensor.randn(new Generator(2), DType.F32, 3, 3, 16, 16);
        VisionTransformer m = new VisionTransformer(c, new Generator(3));
        assertArrayEquals(new int[] {3, 5}, m.apply(Variable.constant(x)).shape());
        assertArrayEquals(new int[] {3, 17, 8}, m.forwardTokens(Variable.constant(x)).shape());
        VisionTransformer features = new VisionTransformer(ViTConfig.of(16, 4, 8, 2, 2, 0).withPool(ViTConfig.Pool.MEAN), new Generator(3));
        Variable tokens = features.forwardTokens(Variable.constant(x));
        Tensor pooled = features.apply(Variable.constant(x)).data();
        assertArrayEquals(new int[] {3, 8}, pooled.shape());
        assertArrayEquals(tokens.data().narrow(1, 1, 16).mean(false, 1).toFloatArray(), pooled.toFloatArray(), 1e-6f);
    }

    /** MAE's init: xavier-uniform linear weights with zero biases; the patch projection as a (D, C*P*P) matrix. */
    @Test
    void vitInitFollowsMae() {
        VisionTransformer m = new VisionTransformer(ViTConfig.of(16, 4, 32, 1, 2, 10), new Generator(4));
        double qkvBound = Math.sqrt(6.0 / (32 + 96)), patchBound = Math.sqrt(6.0 / (32 + 3 * 16));
        double qkvMax = m.namedParameters().get("blocks.0.attn.qkv.weight").data().abs().max(false).item();
        double patchMax = m.patchEmbed.proj.weight.data().abs().max(false).item();
        assertTrue(qkvMax <= qkvBound && qkvMax > 0.9 * qkvBound, "qkv max " + qkvMax + ", bound " + qkvBound);
        assertTrue(patchMax <= patchBound && patchMax > 0.9 * patchBound, "patch max " + patchMax + ", bound " + patchBound);
        assertEquals(0, m.namedParameters().get("blocks.0.mlp.fc1.bias").data().abs().sum().item());
        double clsStd = Math.sqrt(m.clsToken.data().pow(2).mean().item());
        assertEquals(0.02, clsStd, 0.01);
    }

    @Test
    void resnetStagesHalveTheSizeAndDoubleTheWidthAfterEitherStem() {
        Tensor x = Tensor.randn(new Generator(5), DType.F32, 2, 3, 32, 32);
        ResNet18 small = new ResNet18(ResNetConfig.small(7).withWidth(0.125), new Generator(6));
        small.eval();
        List<Variable> st = small.stages(Variable.constant(x));
        int[][] want = {{2, 8, 32, 32}, {2, 16, 16, 16}, {2, 32, 8, 8}, {2, 64, 4, 4}};
        for (int i = 0; i < 4; i++) assertArrayEquals(want[i], st.get(i).shape(), "small stem, stage " + (i + 1));
        assertArrayEquals(small.head(st.get(3)).data().toFloatArray(), small.apply(Variable.constant(x)).data().toFloatArray(), 1e-6f);

        ResNet18 big = new ResNet18(ResNetConfig.imagenet(0).withWidth(0.125), new Generator(7));
        big.eval();
        assertArrayEquals(new int[] {2, 8, 8, 8}, big.stem(Variable.constant(x)).shape(), "7x7 stride 2 then max pool: 32 -> 8");
        assertArrayEquals(new int[] {2, 64}, big.apply(Variable.constant(x)).shape(), "no head: pooled features");
    }

    /** torchvision's conv init: N(0, 2 / fan_out), fan_out = O * K * K. */
    @Test
    void resnetConvolutionsAreKaimingNormalWithFanOut() {
        ResNet18 m = new ResNet18(ResNetConfig.imagenet(10), new Generator(8));
        Tensor w = m.namedParameters().get("layer3.0.conv2.weight").data();   // (256, 256, 3, 3)
        double std = Math.sqrt(w.pow(2).mean().item());
        assertEquals(Math.sqrt(2.0 / (256 * 9)), std, 0.01 * std);
    }

    /**
     * The fused relu(bn1(...)) of ResNet-18's stem and blocks against the same model run layer by
     * layer with a separate ReLU: outputs, every parameter gradient and the running statistics.
     */
    @Test
    void resnetWithBatchNormAndReluFusedEqualsTheLayersOneByOne() {
        ResNet18 fused = new ResNet18(ResNetConfig.small(10).withWidth(0.25), new Generator(3));
        ResNet18 plain = new ResNet18(ResNetConfig.small(10).withWidth(0.25), new Generator(3));
        Tensor x = Tensor.randn(new Generator(4), DType.F32, 3, 3, 17, 17);
        Variable yFused = fused.apply(Variable.constant(x));
        Variable f = plain.bn1.apply(plain.conv1.apply(Variable.constant(x))).relu();
        for (int s = 1; s <= 4; s++) {
            for (int i = 0; i < 2; i++) {
                var block = (facet.nn.models.BasicBlock) plain.namedModules().get("layer" + s + "." + i);
                Variable shortcut = block.downsample == null ? f : block.downsample.apply(f);
                Variable y = block.bn2.apply(block.conv2.apply(block.bn1.apply(block.conv1.apply(f)).relu()));
                f = y.add(shortcut).relu();
            }
        }
        Variable yPlain = plain.head(f);
        Tensor r = Tensor.randn(new Generator(5), DType.F32, yPlain.shape());
        yFused.mul(Variable.constant(r)).sum().backward();
        yPlain.mul(Variable.constant(r)).sum().backward();
        assertClose("output", yPlain.data(), yFused.data());
        plain.namedParameters().forEach((k, v) -> assertClose(k + ".grad", v.grad(), fused.namedParameters().get(k).grad()));
        plain.namedBuffers().forEach((k, v) -> assertClose(k, v, fused.namedBuffers().get(k)));
    }

    /** |got - ref| <= 1e-4 max |ref| (float32 sums in a different order, and threads). */
    static void assertClose(String what, Tensor ref, Tensor got) {
        double[] r = ref.toDoubleArray(), g = got.toDoubleArray();
        double scale = 0;
        for (double v : r) scale = Math.max(scale, Math.abs(v));
        assertArrayEquals(r, g, 1e-4 * scale + 1e-12, what);
    }

    @Test
    void summaryListsEachLayerWithItsMeasuredOutputShape() {
        ResNet18 m = new ResNet18(ResNetConfig.small(10).withWidth(0.125), new Generator(9));
        Summary s = Summary.of(m, Tensor.zeros(1, 3, 16, 16));
        assertTrue(m.isTraining(), "the summary restores the training mode");
        Summary.Row l3 = s.rows().stream().filter(r -> r.name().equals("layer3.0.downsample.0")).findFirst().orElseThrow();
        assertArrayEquals(new int[] {1, 32, 4, 4}, l3.outputShape());
        assertEquals(16 * 32, l3.parameters());
        String text = s.format(1);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("layer4 ") && l.contains("[1, 64, 2, 2]")), text);
        assertTrue(text.endsWith(String.format(java.util.Locale.ROOT, "total parameters: %,d%n", m.parameterCount())), text);
        assertTrue(text.lines().noneMatch(l -> l.startsWith("layer1.0")), "depth 1 hides deeper layers:\n" + text);
    }
}
