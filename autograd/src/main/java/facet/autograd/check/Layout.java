package facet.autograd.check;

import facet.tensor.Tensor;

/**
 * How a generated input sits in memory. Property cases feed ops non-contiguous views, not just
 * fresh tensors, so every stride path of every backend is exercised. Each view is injective
 * (no two elements share storage), so perturbing one element perturbs exactly one input.
 */
public enum Layout {
    CONTIGUOUS, TRANSPOSED, STRIDED, OFFSET;

    /** The shape of the storage tensor to allocate for a view of {@code shape}. */
    int[] baseShape(int[] shape) {
        int[] b = shape.clone();
        int r = shape.length;
        switch (this) {
            case TRANSPOSED -> { for (int i = 0; i < r; i++) b[i] = shape[r - 1 - i]; }
            case STRIDED -> { if (r > 0) b[r - 1] = 2 * shape[r - 1]; }
            case OFFSET -> { if (r > 0) b[0] = shape[0] + 1; }
            case CONTIGUOUS -> { }
        }
        return b;
    }

    /** The view of {@code base} (shaped by {@link #baseShape}) that has the requested shape. */
    Tensor view(Tensor base) {
        int r = base.dim();
        return switch (this) {
            case CONTIGUOUS -> base;
            case TRANSPOSED -> {
                int[] perm = new int[r];
                for (int i = 0; i < r; i++) perm[i] = r - 1 - i;
                yield base.permute(perm);
            }
            case STRIDED -> r == 0 ? base : base.slice(r - 1, 0, base.size(r - 1), 2);
            case OFFSET -> r == 0 ? base : base.narrow(0, 1, base.size(0) - 1);
        };
    }

    String label() { return this == CONTIGUOUS ? "" : " " + name().toLowerCase(); }
}
