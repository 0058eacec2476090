// The kernels' per-element code run on the host, so tests check it on machines without a GPU.
//
// Every FACET_HD function (the elementwise formulas, Java's special-value rules, casts, sort keys,
// the arg-max order, Philox, AdamW, pooling, and the GEMM problems that make matmul and the three
// convolutions implicit GEMMs) is compiled here for the CPU from the same source as the kernels.
// What stays unchecked without a GPU is the parallel scaffolding around them: tiling, shared
// memory, barriers and warp shuffles (reviewed, and tested on the GPU by the facet.cuda tests).
//
// Protocol: `host_check MODE` reads whitespace-separated numbers on stdin (floats as 8-digit hex
// bit patterns, ints in decimal) and writes results the same way, one line per output tensor.
// facet.cuda.HostCheckTest drives it and compares with the Java kernels.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "elementwise.cu"
#include "reduce.cu"
#include "sort.cu"
#include "philox.cu"
#include "adamw.cu"
#include "pool2d.cu"
#include "gemm.cu"
#include "conv2d.cu"

static long long read_int() {
    long long v;
    if (scanf("%lld", &v) != 1) { fprintf(stderr, "host_check: expected an integer\n"); exit(2); }
    return v;
}

static float read_float() {
    unsigned u;
    if (scanf("%x", &u) != 1) { fprintf(stderr, "host_check: expected a hex float\n"); exit(2); }
    return bits_float(u);
}

static std::vector<float> read_floats(long long n) {
    std::vector<float> v(n);
    for (auto& f : v) f = read_float();
    return v;
}

static void print_floats(const float* v, long long n) {
    for (long long i = 0; i < n; i++) printf(i ? " %08x" : "%08x", float_bits(v[i]));
    printf("\n");
}

static void print_ints(const int* v, long long n) {
    for (long long i = 0; i < n; i++) printf(i ? " %d" : "%d", v[i]);
    printf("\n");
}

// A block-sized GEMM without the tiles: C(i, j) = sum over k in [k0, k1) of a(i, k) b(k, j), accumulated
// with fmaf in k order, as each thread of gemm_tile_fp32 does.
template <class P>
static void gemm_sequential(const P& p, long long k0, long long k1) {
    for (int i = 0; i < p.m; i++)
        for (int j = 0; j < p.n; j++) {
            float acc = 0.f;
            for (long long k = k0; k < k1; k++) acc = std::fma(p.a(i, k), p.b(k, j), acc);
            p.store(i, j, acc);
        }
}

int main(int argc, char** argv) {
    if (argc < 2) { fprintf(stderr, "usage: host_check MODE < input\n"); return 2; }
    std::string mode = argv[1];
    if (mode == "unary" || mode == "binary" || mode == "cast" || mode == "sortkey") {
        long long n = read_int();
        std::vector<float> x = read_floats(n);
        if (mode == "unary") {
            std::vector<float> y(n);
            for (int op = 0; op < FACET_UNARY_OPS; op++) {
                for (long long i = 0; i < n; i++) y[i] = unary_apply(op, x[i]);
                print_floats(y.data(), n);
            }
        } else if (mode == "binary") {
            std::vector<float> y(n * n);
            for (int op = 0; op < FACET_BINARY_OPS; op++) {
                for (long long i = 0; i < n; i++)
                    for (long long j = 0; j < n; j++) y[i * n + j] = binary_apply(op, x[i], x[j]);
                print_floats(y.data(), n * n);
            }
        } else if (mode == "cast") {
            std::vector<int> y(n);
            for (long long i = 0; i < n; i++) y[i] = convert<float, int>(x[i]);
            print_ints(y.data(), n);
        } else {
            for (int desc = 0; desc < 2; desc++) {
                for (long long i = 0; i < n; i++) printf(i ? " %u" : "%u", sort_key(x[i], desc));
                printf("\n");
            }
        }
    } else if (mode == "strided") {             // n, then a Sizes and a Strides packed as KernelArgs packs them
        long long n = read_int();
        Sizes sz;
        Strides st;
        sz.rank = (int)read_int();
        for (int d = 0; d < FACET_MAX_DIMS; d++) sz.n[d] = (int)read_int();
        for (int d = 0; d < FACET_MAX_DIMS; d++) st.s[d] = (int)read_int();
        for (long long i = 0; i < n; i++) printf(i ? " %lld" : "%lld", strided_offset(i, sz, st));
        printf("\n");
    } else if (mode == "argreduce") {          // max, n, values: the kernel's lane scan and butterfly combine
        int max = (int)read_int();
        long long n = read_int();
        std::vector<float> x = read_floats(n);
        float bv[32];
        int bi[32];
        for (int lane = 0; lane < 32; lane++) {
            bv[lane] = 0.f;
            bi[lane] = 0x7fffffff;
            for (long long j = lane; j < n; j += 32)
                if (bi[lane] == 0x7fffffff || arg_better(max, x[j], (int)j, bv[lane], bi[lane])) { bv[lane] = x[j]; bi[lane] = (int)j; }
        }
        for (int s = 16; s > 0; s >>= 1) {
            float nv[32];
            int ni[32];
            for (int lane = 0; lane < 32; lane++) {
                float ov = bv[lane ^ s];
                int oi = bi[lane ^ s];
                nv[lane] = bv[lane];
                ni[lane] = bi[lane];
                if (oi != 0x7fffffff && (bi[lane] == 0x7fffffff || arg_better(max, ov, oi, bv[lane], bi[lane]))) { nv[lane] = ov; ni[lane] = oi; }
            }
            for (int lane = 0; lane < 32; lane++) { bv[lane] = nv[lane]; bi[lane] = ni[lane]; }
        }
        printf("%d\n", bi[0]);
    } else if (mode == "philox") {              // seed offset n normal
        unsigned long long seed = strtoull(argv[2], nullptr, 10), offset = strtoull(argv[3], nullptr, 10);
        long long n = atoll(argv[4]);
        int normal = atoi(argv[5]);
        std::vector<float> out(n);
        for (long long t = 0; t < (n + 3) / 4; t++) philox_fill(normal, n, seed, offset, t, out.data());
        print_floats(out.data(), n);
    } else if (mode == "adamw") {              // n, the 9 float scalars, p g m v
        long long n = read_int();
        float c[9];
        for (float& f : c) f = read_float();
        std::vector<float> p = read_floats(n), g = read_floats(n), m = read_floats(n), v = read_floats(n);
        for (long long i = 0; i < n; i++) adamw_at(i, p.data(), g.data(), m.data(), v.data(), c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
        print_floats(p.data(), n);
        print_floats(m.data(), n);
        print_floats(v.data(), n);
    } else if (mode == "pool") {               // PoolShape (11 ints), count_pad, x, dout
        PoolShape s;
        int* f = &s.planes;
        for (int i = 0; i < 11; i++) f[i] = (int)read_int();
        int count_pad = (int)read_int();
        long long in = (long long)s.planes * s.h * s.w, on = (long long)s.planes * s.oh * s.ow;
        std::vector<float> x = read_floats(in), dout = read_floats(on), out(on), avg(on), dx(in);
        std::vector<int> idx(on);
        for (long long o = 0; o < on; o++) {
            max_pool_at(s, x.data(), o, out.data(), idx.data());
            avg[o] = avg_pool_at(s, count_pad, x.data(), o);
        }
        for (long long i = 0; i < in; i++) dx[i] = avg_pool_backward_at(s, count_pad, dout.data(), i);
        print_floats(out.data(), on);
        print_ints(idx.data(), on);
        print_floats(avg.data(), on);
        print_floats(dx.data(), in);
    } else if (mode == "matmul") {             // m n k, batch Sizes, a and b batch Strides, ars acs brs bcs, |A|, A, |B|, B
        int m = (int)read_int(), n = (int)read_int(), k = (int)read_int();
        Sizes batch;
        Strides as, bs;
        batch.rank = (int)read_int();
        for (int d = 0; d < FACET_MAX_DIMS; d++) batch.n[d] = (int)read_int();
        for (int d = 0; d < FACET_MAX_DIMS; d++) as.s[d] = (int)read_int();
        for (int d = 0; d < FACET_MAX_DIMS; d++) bs.s[d] = (int)read_int();
        long long ars = read_int(), acs = read_int(), brs = read_int(), bcs = read_int();
        std::vector<float> a = read_floats(read_int()), b = read_floats(read_int());
        long long count = 1;
        for (int d = 0; d < batch.rank; d++) count *= batch.n[d];
        std::vector<float> c(count * m * n);
        for (long long bi = 0; bi < count; bi++)
            gemm_sequential(matmul_problem(m, n, bi, batch, a.data(), as, ars, acs, b.data(), bs, brs, bcs, c.data()), 0, k);
        print_floats(c.data(), (long long)c.size());
    } else if (mode == "conv") {               // ConvShape (16 ints), splits, chunk, x, w, dout
        ConvShape s;
        int* f = &s.n;
        for (int i = 0; i < 16; i++) f[i] = (int)read_int();
        int splits = (int)read_int();
        long long chunk = read_int();
        long long xn = (long long)s.n * s.c * s.h * s.w, kk = (long long)(s.c / s.groups) * s.kh * s.kw, wn = s.o * kk;
        long long on = (long long)s.n * s.o * s.oh * s.ow, total = (long long)s.n * s.oh * s.ow;
        std::vector<float> x = read_floats(xn), w = read_floats(wn), dout = read_floats(on);
        std::vector<float> out(on), dx(xn), parts(splits * wn), dw(wn);
        for (int g = 0; g < s.groups; g++) {
            gemm_sequential(conv_forward_problem(s, g, x.data(), w.data(), out.data()), 0, kk);
            gemm_sequential(conv_backward_input_problem(s, g, dout.data(), w.data(), dx.data()), 0, (long long)(s.o / s.groups) * s.kh * s.kw);
            for (int sp = 0; sp < splits; sp++) {
                long long k0 = sp * chunk, k1 = k0 + chunk < total ? k0 + chunk : total;
                gemm_sequential(conv_backward_weight_problem(s, g, sp, x.data(), dout.data(), splits > 1 ? parts.data() : dw.data()), k0, k1);
            }
        }
        if (splits > 1)                         // reduce_thread_f32's fixed-order sum of the slabs
            for (long long i = 0; i < wn; i++) {
                double acc = reduce_identity(0);
                for (int sp = 0; sp < splits; sp++) acc = reduce_combine(0, acc, parts[sp * wn + i]);
                dw[i] = (float)acc;
            }
        print_floats(out.data(), on);
        print_floats(dx.data(), xn);
        print_floats(dw.data(), wn);
    } else {
        fprintf(stderr, "host_check: unknown mode %s\n", mode.c_str());
        return 2;
    }
    return 0;
}
