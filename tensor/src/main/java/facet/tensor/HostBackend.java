package facet.tensor;

import facet.kernels.cpu.Copy;
import facet.kernels.cpu.Philox;

/** What the two host backends share: Java-array storage, copies, casts and random numbers. */
abstract class HostBackend implements Backend {
    @Override public Storage allocate(DType dtype, int n) { return HostStorage.allocate(dtype, n); }

    @Override public Storage fromArray(Object array) {
        return switch (array) {
            case float[] f -> new HostStorage(DType.F32, f);
            case double[] d -> new HostStorage(DType.F64, d);
            case int[] i -> new HostStorage(DType.I32, i);
            default -> throw new IllegalArgumentException("fromArray: expected float[], double[] or int[], got "
                    + array.getClass().getSimpleName());
        };
    }

    @Override public Object toArray(Tensor t) {
        // the array leaves the engine, so it never belongs to a step's arena (nothing could check a late use)
        HostStorage out = HostStorage.unpooled(t.dtype(), t.numel());
        Copy.copy(array(t), t.offset(), t.strides(), out.array(), 0, Shape.contiguousStrides(t.shape()), t.shape());
        return out.array();
    }

    @Override public void copy(Tensor src, Tensor dst) {
        Copy.copy(array(src), src.offset(), src.strides(), array(dst), dst.offset(), dst.strides(), dst.shape());
    }

    @Override public Tensor random(int[] shape, DType dtype, Distribution dist, long seed, long offset) {
        float[] v = new float[Shape.numel(shape)];
        if (dist == Distribution.UNIFORM) Philox.uniform(seed, offset, v, 0, v.length);
        else Philox.normal(seed, offset, v, 0, v.length);
        Tensor f = Tensor.wrap(new HostStorage(DType.F32, v), shape);
        return dtype == DType.F32 ? f : f.to(dtype);
    }

    // ---- helpers for subclasses ------------------------------------------------------------

    static Object array(Tensor t) { return ((HostStorage) t.storage()).array(); }

    static float[] f32(Tensor t) { return ((HostStorage) t.storage()).floats(); }

    static double[] f64(Tensor t) { return ((HostStorage) t.storage()).doubles(); }

    static int[] i32(Tensor t) { return ((HostStorage) t.storage()).ints(); }

    static Tensor empty(DType dtype, int... shape) {
        return Tensor.wrap(HostStorage.allocate(dtype, Shape.numel(shape)), shape);
    }

    /** A tensor whose kernel writes every element before anything reads one: a recycled array is not zeroed first (StepArena). */
    static Tensor output(DType dtype, int... shape) {
        return Tensor.wrap(HostStorage.forOverwrite(dtype, Shape.numel(shape)), shape);
    }

    /** Storage offsets of every batch matrix of t, whose last two dims are the matrix. */
    static int[] batchOffsets(Tensor t) {
        int nb = t.dim() - 2;
        int[] bshape = java.util.Arrays.copyOf(t.shape(), nb);
        int[] out = new int[Shape.numel(bshape)];
        int[] idx = new int[nb];
        for (int k = 0; k < out.length; k++) {
            int off = t.offset();
            for (int d = 0; d < nb; d++) off += idx[d] * t.strides()[d];
            out[k] = off;
            for (int d = nb - 1; d >= 0 && ++idx[d] == bshape[d]; d--) idx[d] = 0;
        }
        return out;
    }
}
