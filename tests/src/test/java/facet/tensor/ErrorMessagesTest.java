package facet.tensor;

import facet.autograd.Losses;
import facet.autograd.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets one sentence naming the op and the offending shapes, dtypes or devices. */
class ErrorMessagesTest {
    static String message(Executable e) { return assertThrows(RuntimeException.class, e).getMessage(); }

    @Test
    void matmulInnerSizeMismatch() {
        assertEquals("matmul: cannot multiply [32, 65, 192] by [128, 64]: inner sizes 192 and 128 differ",
                message(() -> Tensor.zeros(32, 65, 192).matmul(Tensor.zeros(128, 64))));
    }

    @Test
    void broadcastMismatchNamesOpAndShapes() {
        String m = message(() -> Tensor.zeros(2, 3).add(Tensor.zeros(4, 3)));
        assertTrue(m.startsWith("add: shapes [2, 3] and [4, 3] do not broadcast"), m);
    }

    @Test
    void dtypeMismatch() {
        String m = message(() -> Tensor.zeros(2).mul(Tensor.zeros(DType.F64, 2)));
        assertTrue(m.startsWith("mul: dtypes differ") && m.contains("F32") && m.contains("F64"), m);
    }

    @Test
    void convolutionChannelMismatch() {
        String m = message(() -> Convolution.conv2d(Tensor.zeros(1, 3, 8, 8), Tensor.zeros(4, 2, 3, 3), ConvParams.of(1, 1)));
        assertTrue(m.startsWith("conv2d: input [1, 3, 8, 8] has 3 channels but weight [4, 2, 3, 3]"), m);
        m = message(() -> Convolution.conv2d(Tensor.zeros(1, 3, 2, 2), Tensor.zeros(4, 3, 3, 3), ConvParams.of(1, 0)));
        assertTrue(m.startsWith("conv2d: input [1, 3, 2, 2] is smaller than the kernel 3x3"), m);
    }

    @Test
    void reshapeAndAxisErrors() {
        assertTrue(message(() -> Tensor.zeros(2, 3).reshape(4, 2)).startsWith("reshape: cannot reshape [2, 3] (6 elements) into [4, 2]"));
        assertTrue(message(() -> Tensor.zeros(2, 3).sum(false, 2)).startsWith("sum: axis 2 is out of range for a tensor of rank 2"));
        assertTrue(message(() -> Tensor.zeros(2, 3).permute(0, 0)).startsWith("permute: dim 0 appears twice"));
    }

    @Test
    void indexOutOfRange() {
        String m = message(() -> Index.gather(Tensor.zeros(2, 3), 1, Tensor.ofInts(new int[] {0, 3}, 2, 1)));
        assertEquals("gather: index 3 is out of range for axis 1 of size 3", m);
    }

    @Test
    void lossShapes() {
        String m = message(() -> Losses.crossEntropy(Variable.constant(Tensor.zeros(4, 7)), Tensor.ofInts(new int[] {1, 2}, 2), 0));
        assertTrue(m.startsWith("cross_entropy: expects logits (N, C) and int32 labels (N), got [4, 7]"), m);
    }

    @Test
    void integerTensorsRefuseArithmetic() {
        String m = message(() -> Tensor.ofInts(new int[] {1}, 1).exp());
        assertTrue(m.startsWith("exp: needs a float tensor, got I32"), m);
    }
}
