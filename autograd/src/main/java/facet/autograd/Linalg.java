package facet.autograd;

import facet.tensor.Tensor;

/** Matrix products: matmul and linear, on the GEMM of gemm.cu / facet.kernels.cuda.Gemm / facet.kernels.cpu.Gemm. */
public final class Linalg {
    private Linalg() {}

    /**
     * a (..., M, K) x b (..., K, N) -> (..., M, N), batch dims broadcast; a 1-d operand is a
     * vector. dA = dOut b^T, dB = a^T dOut (the engine sums broadcast batch dims away).
     */
    public static Variable matmul(Variable a, Variable b) {
        if (a.dim() == 1 && b.dim() == 1) return matmul(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        if (a.dim() == 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
        if (b.dim() == 1) return matmul(a, b.unsqueeze(1)).squeeze(-1);
        Tensor x = a.data(), y = b.data();
        return Variable.make("matmul", x.matmul(y), (d, n) -> new Tensor[] {
                n[0] ? d.matmul(y.transpose(-1, -2)) : null,
                n[1] ? x.transpose(-1, -2).matmul(d) : null}, a, b);
    }

    /**
     * x (M, K), w (N, K), b (N) or null -> x w^T + b (M, N): a Linear layer as one op, so the backend
     * can fuse the bias into the product. dX = dY w, dW = dY^T x, dB = column sums of dY.
     */
    public static Variable linear(Variable x, Variable w, Variable b) {
        Tensor xs = x.data(), ws = w.data();
        if (x.dim() != 2 || w.dim() != 2 || xs.size(1) != ws.size(1) || (b != null && (b.dim() != 1 || b.size(0) != ws.size(0)))) {
            throw new IllegalArgumentException("linear: expects x (M, K), w (N, K) and b (N), got " + java.util.Arrays.toString(x.shape())
                    + ", " + java.util.Arrays.toString(w.shape()) + (b == null ? "" : " and " + java.util.Arrays.toString(b.shape())));
        }
        xs.requireSame("linear", ws);
        Node.Rule rule = (d, n) -> {
            Tensor dx = n[0] ? d.matmul(ws) : null, dw = n[1] ? d.transpose(0, 1).matmul(xs) : null;
            return b == null ? new Tensor[] {dx, dw} : new Tensor[] {dx, dw, n[2] ? d.sum(false, 0) : null};
        };
        Tensor out = xs.backend().linear(xs, ws, b == null ? null : b.data());
        return b == null ? Variable.make("linear", out, rule, x, w) : Variable.make("linear", out, rule, x, w, b);
    }
}
