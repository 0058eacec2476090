// Elementwise kernels over strided operands into a contiguous output: unary, binary, where, and
// the dtype-converting strided copy behind contiguous(), to(DType), assign and cat.
//
// Algorithm: one thread per output element in a grid-stride loop; each operand's element is found
// by decomposing the linear index over the shared (coalesced) sizes with the operand's strides, so
// broadcast (stride 0), transposed and sliced inputs need no copy.
// Layout: out is contiguous row-major over `sz`; inputs are addressed by their own Strides.
// Bottleneck: memory bandwidth, 8 (unary) to 16 (where) bytes per element; the index division costs
// about as much as the load for rank > 2, which the Java side keeps low by merging dims.
// Numerics follow facet.kernels.UnaryOp / BinaryOp exactly: transcendental ops are evaluated in
// double and rounded once, + - * / in float, and NaN / signed-zero rules are Java's (Math.max etc.).
#include "common.cuh"

// ---- unary (codes: facet.kernels.cuda.Elementwise#unaryCode) ---------------------------------

// gelu's derivative Phi(x) + x phi(x), in double (GELU_GRAD, and GELU_BACKWARD's factor)
FACET_HD double gelu_grad(double x) {
    return 0.5 * (1.0 + erf(x * 0.7071067811865476)) + x * exp(-0.5 * x * x) * 0.3989422804014327;
}

#define FACET_UNARY_OPS 14   // codes 0 .. 13

FACET_HD float unary_apply(int op, float xf) {
    double x = xf;
    switch (op) {
        case 0: return -xf;                                                   // NEG
        case 1: return (float)exp(x);                                         // EXP
        case 2: return (float)log(x);                                         // LOG
        case 3: return (float)sqrt(x);                                        // SQRT
        case 4: return (float)(1.0 / sqrt(x));                                // RSQRT
        case 5: return fabsf(xf);                                             // ABS
        case 6: return xf > 0.f ? 1.f : xf < 0.f ? -1.f : xf;                 // SIGN (keeps +-0, NaN)
        case 7: return xf > 0.f ? xf : 0.f;                                   // RELU (NaN -> 0, as Java)
        case 8: return (float)(0.5 * x * (1.0 + erf(x * 0.7071067811865476))); // GELU, exact erf form
        case 9: {                                                             // SIGMOID, no overflow
            if (x >= 0) return (float)(1.0 / (1.0 + exp(-x)));
            double e = exp(x);
            return (float)(e / (1.0 + e));
        }
        case 10: return (float)tanh(x);                                       // TANH
        case 11: return (float)erf(x);                                        // ERF
        case 12: return (float)(fmax(x, 0.0) + log1p(exp(-fabs(x))));        // SOFTPLUS
        case 13: return (float)gelu_grad(x);                                  // GELU_GRAD
        default: return FACET_NAN;
    }
}

extern "C" __global__ void unary_f32(int op, Sizes sz, long long n, const float* x, Strides xs, float* out) {
    GRID_STRIDE_LOOP(i, n) out[i] = unary_apply(op, x[strided_offset(i, sz, xs)]);
}

// ---- binary (codes: facet.kernels.cuda.Elementwise#binaryCode) -------------------------------

// Java's Math.max / Math.min: NaN wins, and +0 > -0.
FACET_HD float java_max(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.f && b == 0.f) return (float_bits(a) >> 31) ? b : a;
    return a > b ? a : b;
}

FACET_HD float java_min(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.f && b == 0.f) return (float_bits(a) >> 31) ? a : b;
    return a < b ? a : b;
}

// Java's Math.pow differs from C's where the exponent is NaN or |base| = 1 meets an infinite exponent.
FACET_HD float java_pow(float af, float bf) {
    double a = af, b = bf;
    if (b != b) return FACET_NAN;
    if (fabs(a) == 1.0 && (b == INFINITY || b == -INFINITY)) return FACET_NAN;
    return (float)pow(a, b);
}

#define FACET_BINARY_OPS 15  // codes 0 .. 14

FACET_HD float binary_apply(int op, float a, float b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return mul_rn(a, b);          // never contracted into an FMA with a neighbour
        case 3: return a / b;
        case 4: return java_pow(a, b);
        case 5: return java_max(a, b);
        case 6: return java_min(a, b);
        case 7: return a > b ? 1.f : 0.f;
        case 8: return a >= b ? 1.f : 0.f;
        case 9: return a < b ? 1.f : 0.f;
        case 10: return a <= b ? 1.f : 0.f;
        case 11: return a == b ? 1.f : 0.f;
        case 12: return a != b ? 1.f : 0.f;
        case 13: return b > 0.f ? a : 0.f;                  // RELU_BACKWARD (g, x)
        case 14: return (float)((double)a * gelu_grad(b));  // GELU_BACKWARD (g, x), rounded once as in Java
        default: return FACET_NAN;
    }
}

extern "C" __global__ void binary_f32(int op, Sizes sz, long long n, const float* a, Strides as,
                                      const float* b, Strides bs, float* out) {
    GRID_STRIDE_LOOP(i, n) out[i] = binary_apply(op, a[strided_offset(i, sz, as)], b[strided_offset(i, sz, bs)]);
}

extern "C" __global__ void where_f32(Sizes sz, long long n, const float* c, Strides cs, const float* a, Strides as,
                                     const float* b, Strides bs, float* out) {
    GRID_STRIDE_LOOP(i, n) {
        out[i] = c[strided_offset(i, sz, cs)] != 0.f ? a[strided_offset(i, sz, as)] : b[strided_offset(i, sz, bs)];
    }
}

// ---- strided copy with dtype conversion ------------------------------------------------------

// Java's (int) cast of a double: truncation toward zero, NaN -> 0, saturation at the int range.
FACET_HD int java_d2i(double v) {
    if (v != v) return 0;
    if (v >= 2147483647.0) return 2147483647;
    if (v <= -2147483648.0) return (-2147483647 - 1);
    return (int)v;
}

template <class S, class D> FACET_HD D convert(S v) { return (D)v; }
template <> FACET_HD int convert<float, int>(float v) { return java_d2i(v); }
template <> FACET_HD int convert<double, int>(double v) { return java_d2i(v); }

template <class S, class D>
__device__ void copy_strided(Sizes sz, long long n, const S* src, Strides ss, D* dst, Strides ds) {
    GRID_STRIDE_LOOP(i, n) dst[strided_offset(i, sz, ds)] = convert<S, D>(src[strided_offset(i, sz, ss)]);
}

#define FACET_COPY(NAME, S, D) \
    extern "C" __global__ void NAME(Sizes sz, long long n, const S* src, Strides ss, D* dst, Strides ds) { \
        copy_strided<S, D>(sz, n, src, ss, dst, ds); \
    }
FACET_COPY(copy_f32_f32, float, float)
FACET_COPY(copy_f32_f64, float, double)
FACET_COPY(copy_f32_i32, float, int)
FACET_COPY(copy_f64_f32, double, float)
FACET_COPY(copy_f64_f64, double, double)
FACET_COPY(copy_f64_i32, double, int)
FACET_COPY(copy_i32_f32, int, float)
FACET_COPY(copy_i32_f64, int, double)
FACET_COPY(copy_i32_i32, int, int)
