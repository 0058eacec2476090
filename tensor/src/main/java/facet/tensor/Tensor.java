package facet.tensor;

import facet.kernels.BinaryOp;
import facet.kernels.ReduceOp;
import facet.kernels.UnaryOp;

import java.util.Arrays;

/**
 * An n-d array: a strided view (shape, strides, offset) over a {@link Storage} on one device.
 *
 * <p>Views (reshape when strides allow, permute, transpose, narrow, slice, expand, squeeze,
 * unsqueeze) share storage and never copy; every other op returns a new contiguous tensor and
 * leaves its inputs alone. Elementwise ops broadcast as NumPy does. Tensors carry no gradient:
 * that is {@code facet.autograd.Variable}'s job.
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    private Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** A contiguous tensor over all of {@code storage} (whose length must be the shape's size). */
    public static Tensor wrap(Storage storage, int... shape) {
        if (Shape.numel(shape) != storage.length()) {
            throw new IllegalArgumentException("wrap: " + storage.length() + " elements cannot have shape " + Shape.str(shape));
        }
        return new Tensor(storage, shape.clone(), Shape.contiguousStrides(shape), 0);
    }

    /** A view with explicit strides and offset; the caller vouches that it stays inside storage. */
    public static Tensor view(Storage storage, int[] shape, int[] strides, int offset) {
        return new Tensor(storage, shape.clone(), strides.clone(), offset);
    }

    // =========================================================================================
    // Creation
    // =========================================================================================

    public static Tensor zeros(int... shape) { return zeros(DType.F32, shape); }

    public static Tensor zeros(DType dtype, int... shape) { return zeros(Device.CPU, dtype, shape); }

    public static Tensor zeros(Device device, DType dtype, int... shape) {
        return wrap(Backends.of(device, dtype).allocate(dtype, Shape.numel(shape)), shape);
    }

    public static Tensor ones(int... shape) { return full(1.0, DType.F32, shape); }

    public static Tensor full(double value, DType dtype, int... shape) {
        return scalar(value, dtype).expand(shape).contiguous();
    }

    /** A 0-d float32 tensor. */
    public static Tensor scalar(double value) { return scalar(value, DType.F32); }

    public static Tensor scalar(double value, DType dtype) { return scalar(value, dtype, Device.CPU); }

    public static Tensor scalar(double value, DType dtype, Device device) {
        Object a = switch (dtype) {
            case F32 -> new float[] {(float) value};
            case F64 -> new double[] {value};
            case I32 -> new int[] {(int) value};
        };
        Tensor host = wrap(Backends.of(Device.CPU, dtype).fromArray(a));
        return device.equals(Device.CPU) ? host : host.to(device);
    }

    public static Tensor of(float[] data, int... shape) { return fromHost(data.clone(), data.length, shape); }

    public static Tensor of(double[] data, int... shape) { return fromHost(data.clone(), data.length, shape); }

    public static Tensor ofInts(int[] data, int... shape) { return fromHost(data.clone(), data.length, shape); }

    private static Tensor fromHost(Object array, int n, int[] shape) {
        if (Shape.numel(shape) != n) {
            throw new IllegalArgumentException("of: " + n + " values cannot fill shape " + Shape.str(shape));
        }
        DType dt = array instanceof float[] ? DType.F32 : array instanceof double[] ? DType.F64 : DType.I32;
        return wrap(Backends.of(Device.CPU, dt).fromArray(array), shape);
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n, DType dtype) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return of(v, n).to(dtype);
    }

    /** Uniform on [0, 1) from the generator's Philox stream. */
    public static Tensor rand(Generator g, DType dtype, int... shape) {
        return random(g, dtype, Backend.Distribution.UNIFORM, shape);
    }

    /** Standard normal from the generator's Philox stream. */
    public static Tensor randn(Generator g, DType dtype, int... shape) {
        return random(g, dtype, Backend.Distribution.NORMAL, shape);
    }

    /** 1 with probability p, else 0. */
    public static Tensor bernoulli(Generator g, double p, DType dtype, int... shape) {
        return rand(g, dtype, shape).lt(p);
    }

    /** Uniform on [0, 1), made on the device: the same numbers as on the CPU for the same generator state. */
    public static Tensor rand(Generator g, Device device, DType dtype, int... shape) {
        return random(g, device, dtype, Backend.Distribution.UNIFORM, shape);
    }

    /** Standard normal, made on the device (the CPU's numbers). */
    public static Tensor randn(Generator g, Device device, DType dtype, int... shape) {
        return random(g, device, dtype, Backend.Distribution.NORMAL, shape);
    }

    /** 1 with probability p, else 0, made on the device. */
    public static Tensor bernoulli(Generator g, double p, Device device, DType dtype, int... shape) {
        return rand(g, device, dtype, shape).lt(p);
    }

    private static Tensor random(Generator g, DType dtype, Backend.Distribution dist, int[] shape) {
        return random(g, Device.CPU, dtype, dist, shape);
    }

    private static Tensor random(Generator g, Device device, DType dtype, Backend.Distribution dist, int[] shape) {
        if (!dtype.isFloat()) throw new IllegalArgumentException("random: dtype must be F32 or F64, not " + dtype);
        long[] so = g.take(Shape.numel(shape));
        return Backends.of(device, dtype).random(shape.clone(), dtype, dist, so[0], so[1]);
    }

    public static Tensor zerosLike(Tensor t) { return zeros(t.device(), t.dtype(), t.shape); }

    /** Ones of this shape and dtype, on this tensor's device (backward()'s implicit gradient lives where the loss does). */
    public Tensor onesLike() { return scalar(1.0, dtype(), device()).expand(shape).contiguous(); }

    // =========================================================================================
    // Properties and host access
    // =========================================================================================

    public int[] shape() { return shape.clone(); }

    public int[] strides() { return strides.clone(); }

    public int offset() { return offset; }

    public Storage storage() { return storage; }

    public DType dtype() { return storage.dtype(); }

    public Device device() { return storage.device(); }

    public Backend backend() { return Backends.of(device(), dtype()); }

    public int dim() { return shape.length; }

    public int size(int axis) { return shape[Shape.axis("size", axis, dim())]; }

    public int numel() { return Shape.numel(shape); }

    /** True when the elements are laid out row-major without gaps (size-1 dims may have any stride). */
    public boolean isContiguous() {
        int expected = 1;
        for (int d = dim() - 1; d >= 0; d--) {
            if (shape[d] == 1) continue;
            if (strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /** The elements in row-major order as a host array of this dtype (float[], double[] or int[]). */
    public Object toArray() { return backend().toArray(this); }

    public float[] toFloatArray() { return (float[]) to(DType.F32).toArray(); }

    public double[] toDoubleArray() { return (double[]) to(DType.F64).toArray(); }

    public int[] toIntArray() { return (int[]) to(DType.I32).toArray(); }

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) throw new IllegalArgumentException("item: tensor of shape " + Shape.str(shape) + " has " + numel() + " elements, not 1");
        return toDoubleArray()[0];
    }

    /** One element, by multi-index. */
    public double get(int... index) {
        if (index.length != dim()) throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of rank " + dim());
        Tensor t = this;
        for (int d = index.length - 1; d >= 0; d--) t = t.narrow(d, index[d], 1);
        return t.item();
    }

    // =========================================================================================
    // Copies and conversions
    // =========================================================================================

    /** This tensor in another dtype (a copy), or itself when already of that dtype. */
    public Tensor to(DType dtype) {
        if (dtype == dtype()) return this;
        Tensor out = zeros(device(), dtype, shape);
        backend().copy(this, out);
        return out;
    }

    /** This tensor on another device (a copy through the host), or itself when already there. */
    public Tensor to(Device device) {
        if (device.equals(device())) return this;
        return wrap(Backends.of(device, dtype()).fromArray(toArray()), shape);
    }

    /** Itself when contiguous, else a contiguous copy. */
    public Tensor contiguous() { return isContiguous() ? this : copy(); }

    /** A fresh contiguous copy. */
    public Tensor copy() {
        Tensor out = zeros(device(), dtype(), shape);
        backend().copy(this, out);
        return out;
    }

    /** Writes src (broadcast to this shape, converted to this dtype) into this tensor's elements, in place. */
    public Tensor assign(Tensor src) {
        requireDevice("assign", src);
        Tensor s = src.expand(shape);
        if (s.dtype() != dtype()) s = s.to(dtype());
        backend().copy(s, this);
        return this;
    }

    // =========================================================================================
    // Views
    // =========================================================================================

    /** Same elements in a new shape; a view when the strides allow it (as in PyTorch), else a copy. One size may be -1. */
    public Tensor reshape(int... newShape) {
        int[] ns = inferShape("reshape", newShape);
        int[] st = viewStrides(ns);
        return st != null ? new Tensor(storage, ns, st, offset) : contiguous().reshape(ns);
    }

    /** Like reshape, but fails instead of copying. */
    public Tensor view(int... newShape) {
        int[] ns = inferShape("view", newShape);
        int[] st = viewStrides(ns);
        if (st == null) {
            throw new IllegalArgumentException("view: a tensor of shape " + Shape.str(shape) + " and strides "
                    + Shape.str(strides) + " cannot be viewed as " + Shape.str(ns) + " without a copy; use reshape");
        }
        return new Tensor(storage, ns, st, offset);
    }

    public Tensor flatten() { return reshape(-1); }

    /** Merges dims start..end (inclusive) into one. */
    public Tensor flatten(int start, int end) {
        int s = Shape.axis("flatten", start, dim()), e = Shape.axis("flatten", end, dim());
        if (dim() == 0) return reshape(1);
        int[] ns = new int[dim() - (e - s)];
        for (int d = 0, k = 0; d < dim(); d++) {
            if (d <= s || d > e) ns[k++] = shape[d];
            else ns[k - 1] *= shape[d];
        }
        return reshape(ns);
    }

    private int[] inferShape(String op, int[] newShape) {
        int[] ns = newShape.clone();
        int infer = -1, known = 1;
        for (int d = 0; d < ns.length; d++) {
            if (ns[d] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one size may be -1 in " + Shape.str(newShape));
                infer = d;
            } else if (ns[d] < 0) {
                throw new IllegalArgumentException(op + ": negative size in " + Shape.str(newShape));
            } else {
                known *= ns[d];
            }
        }
        if (infer >= 0 && known != 0 && numel() % known == 0) ns[infer] = numel() / known;
        if (Shape.numel(ns) != numel() || (infer >= 0 && known == 0)) {
            throw new IllegalArgumentException(op + ": cannot reshape " + Shape.str(shape) + " (" + numel()
                    + " elements) into " + Shape.str(newShape));
        }
        return ns;
    }

    /**
     * Strides that let the new shape view the same storage, or null when only a copy will do.
     * Walks both shapes from the right in chunks of dims that are contiguous with each other.
     */
    private int[] viewStrides(int[] ns) {
        if (isContiguous()) return Shape.contiguousStrides(ns);
        int[] st = new int[ns.length];
        int vd = ns.length - 1;
        long chunkBase = strides[dim() - 1], tNumel = 1, vNumel = 1;
        for (int td = dim() - 1; td >= 0; td--) {
            tNumel *= shape[td];
            boolean chunkEnds = td == 0 || (shape[td - 1] != 1 && strides[td - 1] != tNumel * chunkBase);
            if (!chunkEnds) continue;
            while (vd >= 0 && (vNumel < tNumel || ns[vd] == 1)) {
                st[vd] = (int) (vNumel * chunkBase);
                vNumel *= ns[vd];
                vd--;
            }
            if (vNumel != tNumel) return null;
            if (td > 0) {
                chunkBase = strides[td - 1];
                tNumel = 1;
                vNumel = 1;
            }
        }
        return vd == -1 ? st : null;
    }

    /** Reorders dims: result dim i is this dim perm[i]. */
    public Tensor permute(int... perm) {
        if (perm.length != dim()) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " does not reorder the "
                    + dim() + " dims of shape " + Shape.str(shape));
        }
        int[] ns = new int[dim()], st = new int[dim()];
        boolean[] seen = new boolean[dim()];
        for (int i = 0; i < dim(); i++) {
            int p = Shape.axis("permute", perm[i], dim());
            if (seen[p]) throw new IllegalArgumentException("permute: dim " + perm[i] + " appears twice in " + Arrays.toString(perm));
            seen[p] = true;
            ns[i] = shape[p];
            st[i] = strides[p];
        }
        return new Tensor(storage, ns, st, offset);
    }

    public Tensor transpose(int a, int b) {
        int[] perm = new int[dim()];
        for (int i = 0; i < dim(); i++) perm[i] = i;
        int x = Shape.axis("transpose", a, dim()), y = Shape.axis("transpose", b, dim());
        perm[x] = y;
        perm[y] = x;
        return permute(perm);
    }

    /** Elements start..start+length-1 of one axis. */
    public Tensor narrow(int axis, int start, int length) { return slice(axis, start, start + length, 1); }

    /** Elements start, start+step, ... below end of one axis (step > 0; start and end may be negative, from the end). */
    public Tensor slice(int axis, int start, int end, int step) {
        int a = Shape.axis("slice", axis, dim()), n = shape[a];
        int s = start < 0 ? start + n : start, e = end < 0 ? end + n : Math.min(end, n);
        if (step <= 0 || s < 0 || s > n || e < s) {
            throw new IllegalArgumentException("slice: [" + start + ":" + end + ":" + step + "] is out of range for axis "
                    + axis + " of size " + n + " in shape " + Shape.str(shape));
        }
        int[] ns = shape.clone(), st = strides.clone();
        ns[a] = (e - s + step - 1) / step;
        st[a] = strides[a] * step;
        return new Tensor(storage, ns, st, offset + (ns[a] == 0 ? 0 : s * strides[a]));
    }

    /** Broadcasts to a shape: size-1 dims (and new leading dims) repeat with stride 0; -1 keeps a size. */
    public Tensor expand(int... target) {
        if (target.length < dim()) {
            throw new IllegalArgumentException("expand: cannot expand " + Shape.str(shape) + " to fewer dims " + Shape.str(target));
        }
        int lead = target.length - dim();
        int[] ns = new int[target.length], st = new int[target.length];
        for (int d = 0; d < target.length; d++) {
            if (d < lead) {
                if (target[d] < 0) throw new IllegalArgumentException("expand: size -1 is not allowed for new dim " + d);
                ns[d] = target[d];
                continue;
            }
            int have = shape[d - lead], want = target[d] == -1 ? have : target[d];
            if (have == want) {
                ns[d] = have;
                st[d] = strides[d - lead];
            } else if (have == 1) {
                ns[d] = want;
            } else {
                throw new IllegalArgumentException("expand: cannot expand " + Shape.str(shape) + " to " + Shape.str(target)
                        + ": dim " + d + " has size " + have + ", not 1");
            }
        }
        return new Tensor(storage, ns, st, offset);
    }

    /** Removes every size-1 dim. */
    public Tensor squeeze() {
        int n = 0;
        for (int s : shape) if (s != 1) n++;
        int[] ns = new int[n], st = new int[n];
        for (int d = 0, k = 0; d < dim(); d++) {
            if (shape[d] != 1) { ns[k] = shape[d]; st[k++] = strides[d]; }
        }
        return new Tensor(storage, ns, st, offset);
    }

    /** Removes one dim if its size is 1 (otherwise returns this, as PyTorch does). */
    public Tensor squeeze(int axis) {
        if (dim() == 0) return this;
        int a = Shape.axis("squeeze", axis, dim());
        if (shape[a] != 1) return this;
        int[] ns = new int[dim() - 1], st = new int[dim() - 1];
        for (int d = 0, k = 0; d < dim(); d++) {
            if (d != a) { ns[k] = shape[d]; st[k++] = strides[d]; }
        }
        return new Tensor(storage, ns, st, offset);
    }

    /** Inserts a size-1 dim at position axis (0..rank; negative counts from rank + 1). */
    public Tensor unsqueeze(int axis) {
        int a = Shape.axis("unsqueeze", axis, dim() + 1);
        int[] ns = new int[dim() + 1], st = new int[dim() + 1];
        for (int d = 0, k = 0; d <= dim(); d++) {
            if (d == a) {
                ns[d] = 1;
                st[d] = k < dim() ? strides[k] * shape[k] : 1;
            } else {
                ns[d] = shape[k];
                st[d] = strides[k++];
            }
        }
        return new Tensor(storage, ns, st, offset);
    }

    // =========================================================================================
    // Elementwise
    // =========================================================================================

    public Tensor unary(UnaryOp op) {
        requireFloat(op.name().toLowerCase());
        return backend().unary(op, this);
    }

    public Tensor neg() { return unary(UnaryOp.NEG); }
    public Tensor exp() { return unary(UnaryOp.EXP); }
    public Tensor log() { return unary(UnaryOp.LOG); }
    public Tensor sqrt() { return unary(UnaryOp.SQRT); }
    public Tensor rsqrt() { return unary(UnaryOp.RSQRT); }
    public Tensor abs() { return unary(UnaryOp.ABS); }
    public Tensor sign() { return unary(UnaryOp.SIGN); }
    public Tensor relu() { return unary(UnaryOp.RELU); }
    public Tensor gelu() { return unary(UnaryOp.GELU); }
    public Tensor sigmoid() { return unary(UnaryOp.SIGMOID); }
    public Tensor tanh() { return unary(UnaryOp.TANH); }
    public Tensor erf() { return unary(UnaryOp.ERF); }
    public Tensor softplus() { return unary(UnaryOp.SOFTPLUS); }

    /** op(this, other) with NumPy broadcasting; both operands must share dtype and device. */
    public Tensor binary(BinaryOp op, Tensor other) {
        String name = op.name().toLowerCase();
        requireFloat(name);
        requireSame(name, other);
        int[] out = Shape.broadcast(name, shape, other.shape);
        return backend().binary(op, expand(out), other.expand(out));
    }

    private Tensor scalarLike(double v) { return scalar(v, dtype(), device()); }

    public Tensor add(Tensor o) { return binary(BinaryOp.ADD, o); }
    public Tensor sub(Tensor o) { return binary(BinaryOp.SUB, o); }
    public Tensor mul(Tensor o) { return binary(BinaryOp.MUL, o); }
    public Tensor div(Tensor o) { return binary(BinaryOp.DIV, o); }
    public Tensor maximum(Tensor o) { return binary(BinaryOp.MAX, o); }
    public Tensor minimum(Tensor o) { return binary(BinaryOp.MIN, o); }
    public Tensor pow(Tensor o) { return binary(BinaryOp.POW, o); }
    public Tensor gt(Tensor o) { return binary(BinaryOp.GT, o); }
    public Tensor ge(Tensor o) { return binary(BinaryOp.GE, o); }
    public Tensor lt(Tensor o) { return binary(BinaryOp.LT, o); }
    public Tensor le(Tensor o) { return binary(BinaryOp.LE, o); }
    public Tensor eq(Tensor o) { return binary(BinaryOp.EQ, o); }
    public Tensor ne(Tensor o) { return binary(BinaryOp.NE, o); }

    public Tensor add(double v) { return add(scalarLike(v)); }
    public Tensor sub(double v) { return sub(scalarLike(v)); }
    public Tensor mul(double v) { return mul(scalarLike(v)); }
    public Tensor div(double v) { return div(scalarLike(v)); }
    public Tensor pow(double v) { return pow(scalarLike(v)); }
    public Tensor maximum(double v) { return maximum(scalarLike(v)); }
    public Tensor minimum(double v) { return minimum(scalarLike(v)); }
    public Tensor gt(double v) { return gt(scalarLike(v)); }
    public Tensor ge(double v) { return ge(scalarLike(v)); }
    public Tensor lt(double v) { return lt(scalarLike(v)); }
    public Tensor le(double v) { return le(scalarLike(v)); }
    public Tensor eq(double v) { return eq(scalarLike(v)); }

    /** Limits every element to [lo, hi]. */
    public Tensor clamp(double lo, double hi) { return maximum(lo).minimum(hi); }

    /** cond != 0 ? a : b, all three broadcast together. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        a.requireFloat("where");
        a.requireSame("where", b);
        a.requireSame("where", cond);
        int[] out = Shape.broadcast("where", Shape.broadcast("where", cond.shape, a.shape), b.shape);
        return a.backend().where(cond.expand(out), a.expand(out), b.expand(out));
    }

    // =========================================================================================
    // Reductions (no axes = all axes)
    // =========================================================================================

    public Tensor reduce(ReduceOp op, boolean keepdim, int... axes) {
        String name = op.name().toLowerCase();
        requireFloat(name);
        boolean[] mask = Shape.axesMask(name, axes, dim());
        for (int d = 0; d < dim(); d++) {
            if (mask[d] && shape[d] == 0 && op != ReduceOp.SUM) {
                throw new IllegalArgumentException(name + ": cannot reduce the empty axis " + d + " of shape " + Shape.str(shape));
            }
        }
        Tensor r = backend().reduce(op, this, mask);
        return keepdim ? r : r.reshape(Shape.reduced(shape, mask, false));
    }

    public Tensor sum(boolean keepdim, int... axes) { return reduce(ReduceOp.SUM, keepdim, axes); }
    public Tensor max(boolean keepdim, int... axes) { return reduce(ReduceOp.MAX, keepdim, axes); }
    public Tensor min(boolean keepdim, int... axes) { return reduce(ReduceOp.MIN, keepdim, axes); }
    public Tensor sum() { return sum(false); }

    public Tensor mean(boolean keepdim, int... axes) {
        return sum(keepdim, axes).div(count(axes));
    }

    public Tensor mean() { return mean(false); }

    /** Variance over axes with Bessel-style correction (0: population, 1: sample). */
    public Tensor var(boolean keepdim, int correction, int... axes) {
        Tensor d = sub(mean(true, axes));
        return d.mul(d).sum(keepdim, axes).div(Math.max(0, count(axes) - correction));
    }

    /**
     * Sums over the dims that broadcasting from {@code target} would have added or stretched, so
     * the result has the target's shape: how a gradient returns to a broadcast operand.
     */
    public Tensor sumTo(int... target) {
        if (Arrays.equals(shape, target)) return this;
        int lead = dim() - target.length;
        if (lead < 0) throw new IllegalArgumentException("sum_to: " + Shape.str(shape) + " cannot be summed to the larger " + Shape.str(target));
        int[] axes = new int[dim()];
        int n = 0;
        for (int d = 0; d < dim(); d++) {
            if (d < lead || (target[d - lead] == 1 && shape[d] != 1)) axes[n++] = d;
            else if (target[d - lead] != shape[d]) {
                throw new IllegalArgumentException("sum_to: " + Shape.str(shape) + " does not broadcast from " + Shape.str(target));
            }
        }
        return sum(true, Arrays.copyOf(axes, n)).reshape(target);
    }

    /** Number of elements one reduction over these axes combines. */
    public int count(int... axes) {
        boolean[] mask = Shape.axesMask("reduce", axes, dim());
        int n = 1;
        for (int d = 0; d < dim(); d++) if (mask[d]) n *= shape[d];
        return n;
    }

    /** int32 index of the largest element along axis (first on ties). */
    public Tensor argmax(int axis, boolean keepdim) { return argReduce(true, axis, keepdim); }

    public Tensor argmin(int axis, boolean keepdim) { return argReduce(false, axis, keepdim); }

    private Tensor argReduce(boolean max, int axis, boolean keepdim) {
        String name = max ? "argmax" : "argmin";
        requireFloat(name);
        if (dim() == 0) return scalar(0, DType.I32, device());
        int a = Shape.axis(name, axis, dim());
        if (shape[a] == 0) throw new IllegalArgumentException(name + ": axis " + axis + " of shape " + Shape.str(shape) + " is empty");
        Tensor r = backend().argReduce(max, this, a);
        return keepdim ? r.unsqueeze(a) : r;
    }

    // =========================================================================================
    // Linear algebra and softmax
    // =========================================================================================

    /**
     * Matrix product with batch broadcasting, as numpy.matmul: (..., M, K) x (..., K, N) -> (..., M, N);
     * a 1-d operand is a vector (its dim is removed from the result).
     */
    public Tensor matmul(Tensor other) {
        requireFloat("matmul");
        requireSame("matmul", other);
        if (dim() == 0 || other.dim() == 0) {
            throw new IllegalArgumentException("matmul: cannot multiply " + Shape.str(shape) + " by " + Shape.str(other.shape)
                    + ": both operands need at least one dim");
        }
        Tensor a = dim() == 1 ? unsqueeze(0) : this, b = other.dim() == 1 ? other.unsqueeze(1) : other;
        int k = a.shape[a.dim() - 1];
        if (k != b.shape[b.dim() - 2]) {
            throw new IllegalArgumentException("matmul: cannot multiply " + Shape.str(shape) + " by " + Shape.str(other.shape)
                    + ": inner sizes " + k + " and " + b.shape[b.dim() - 2] + " differ");
        }
        int[] batch = Shape.broadcast("matmul", Arrays.copyOf(a.shape, a.dim() - 2), Arrays.copyOf(b.shape, b.dim() - 2));
        Tensor out = backend().matmul(
                a.expand(Shape.concat(batch, new int[] {a.shape[a.dim() - 2], k})),
                b.expand(Shape.concat(batch, new int[] {k, b.shape[b.dim() - 1]})));
        if (dim() == 1) out = out.squeeze(-2);
        if (other.dim() == 1) out = out.squeeze(-1);
        return out;
    }

    /** exp(x - max) / sum(exp(x - max)) along axis. */
    public Tensor softmax(int axis) {
        requireFloat("softmax");
        return backend().softmax(this, Shape.axis("softmax", axis, dim()));
    }

    /** x - max - log(sum(exp(x - max))) along axis: never takes the log of an underflowed softmax. */
    public Tensor logSoftmax(int axis) {
        requireFloat("log_softmax");
        return backend().logSoftmax(this, Shape.axis("log_softmax", axis, dim()));
    }

    // =========================================================================================
    // Checks and printing
    // =========================================================================================

    /** Fails with the op name unless other has this tensor's dtype and device. */
    public void requireSame(String op, Tensor other) {
        requireDevice(op, other);
        if (other.dtype() != dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ, " + Shape.str(shape) + " is " + dtype() + " and "
                    + Shape.str(other.shape) + " is " + other.dtype() + "; convert one with to(DType)");
        }
    }

    public void requireDevice(String op, Tensor other) {
        if (!other.device().equals(device())) {
            throw new IllegalArgumentException(op + ": devices differ, " + Shape.str(shape) + " is on " + device() + " and "
                    + Shape.str(other.shape) + " is on " + other.device());
        }
    }

    public void requireFloat(String op) {
        if (!dtype().isFloat()) {
            throw new IllegalArgumentException(op + ": needs a float tensor, got " + dtype() + " of shape " + Shape.str(shape)
                    + "; convert it with to(DType.F32)");
        }
    }

    public void requireDim(String op, int rank, String layout) {
        if (dim() != rank) {
            throw new IllegalArgumentException(op + ": expects a rank-" + rank + " tensor " + layout + ", got shape " + Shape.str(shape));
        }
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("tensor(");
        if (numel() <= 64) sb.append(format(toDoubleArray(), 0, 0)).append(", ");
        return sb.append("shape=").append(Shape.str(shape)).append(", ").append(dtype()).append(", ").append(device()).append(')').toString();
    }

    private String format(double[] v, int d, int at) {
        if (d == dim()) return dtype() == DType.I32 ? String.valueOf((long) v[at]) : String.format("%.4g", v[at]);
        StringBuilder sb = new StringBuilder("[");
        int step = Shape.numel(Arrays.copyOfRange(shape, d + 1, dim()));
        for (int i = 0; i < shape[d]; i++) sb.append(i > 0 ? ", " : "").append(format(v, d + 1, at + i * step));
        return sb.append(']').toString();
    }
}
