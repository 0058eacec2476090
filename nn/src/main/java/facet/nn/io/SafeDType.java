package facet.nn.io;

import facet.tensor.DType;
import facet.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The element types Facet reads and writes in safetensors files, little-endian on disk.
 * Facet computes in F32, F64 and I32, so half floats load as F32 and I64 and U8 as I32 (an I64
 * value outside int32 is refused, not wrapped); writing narrows F32 to F16 or BF16 with
 * round-to-nearest-even.
 */
public enum SafeDType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), U8(1);

    public final int bytes;

    SafeDType(int bytes) { this.bytes = bytes; }

    public boolean isFloat() { return this == F64 || this == F32 || this == F16 || this == BF16; }

    /** The Facet dtype a tensor stored as this type loads as. */
    public DType loadsAs() {
        return switch (this) {
            case F64 -> DType.F64;
            case F32, F16, BF16 -> DType.F32;
            case I64, I32, U8 -> DType.I32;
        };
    }

    /** How a Facet dtype is stored when no other type is asked for: exactly. */
    public static SafeDType of(DType d) {
        return switch (d) {
            case F64 -> F64;
            case F32 -> F32;
            case I32 -> I32;
        };
    }

    /** Reads shape's elements from a little-endian buffer holding exactly them. */
    Tensor decode(ByteBuffer le, int[] shape, String name) throws SafeTensors.FormatException {
        int n = le.remaining() / bytes;
        switch (this) {
            case F64 -> {
                double[] d = new double[n];
                le.asDoubleBuffer().get(d);
                return Tensor.of(d, shape);
            }
            case F32 -> {
                float[] f = new float[n];
                le.asFloatBuffer().get(f);
                return Tensor.of(f, shape);
            }
            case F16, BF16 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    short h = le.getShort();
                    f[i] = this == F16 ? Float.float16ToFloat(h) : Float.intBitsToFloat((h & 0xFFFF) << 16);
                }
                return Tensor.of(f, shape);
            }
            case I64 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    long x = le.getLong();
                    if (x != (int) x) throw new SafeTensors.FormatException("tensor '" + name + "': I64 value " + x + " at element " + i
                            + " does not fit in Facet's int32");
                    v[i] = (int) x;
                }
                return Tensor.ofInts(v, shape);
            }
            case I32 -> {
                int[] v = new int[n];
                le.asIntBuffer().get(v);
                return Tensor.ofInts(v, shape);
            }
            case U8 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) v[i] = le.get() & 0xFF;
                return Tensor.ofInts(v, shape);
            }
        }
        throw new AssertionError(this);
    }

    /** Whether a tensor of this Facet dtype may be stored as this type (floats as floats, ints as ints). */
    boolean canStore(DType d) { return isFloat() == d.isFloat(); }

    /** t's elements, row-major, in a new little-endian buffer ready to be written. */
    ByteBuffer encode(Tensor t, String name) {
        ByteBuffer le = ByteBuffer.allocate(Math.multiplyExact(t.numel(), bytes)).order(ByteOrder.LITTLE_ENDIAN);
        switch (this) {
            case F64 -> le.asDoubleBuffer().put(t.toDoubleArray());
            case F32 -> le.asFloatBuffer().put(t.toFloatArray());
            case F16 -> { for (float f : t.toFloatArray()) le.putShort(Float.floatToFloat16(f)); }
            case BF16 -> { for (float f : t.toFloatArray()) le.putShort(toBf16(f)); }
            case I64 -> { for (int v : t.toIntArray()) le.putLong(v); }
            case I32 -> le.asIntBuffer().put(t.toIntArray());
            case U8 -> {
                int[] v = t.toIntArray();
                for (int i = 0; i < v.length; i++) {
                    if (v[i] < 0 || v[i] > 255) {
                        throw new IllegalArgumentException("safetensors write: tensor '" + name + "' has " + v[i] + " at element " + i
                                + ", outside U8's 0..255");
                    }
                    le.put((byte) v[i]);
                }
            }
        }
        return le.clear();
    }

    /** The top 16 bits of a float, rounded to nearest even; NaN stays a (quiet) NaN. */
    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x40);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }
}
