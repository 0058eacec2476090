// Facet's sgemm loop (kernels/.../Gemm.java, plan avx512-deep, products deeper than kc_one) written again in C
// with AVX-512 intrinsics, to tell what the algorithm costs from what the JVM costs: the same MR x NV-vector
// micro-tile (8 x 2 by default), slabs KC deep, A blocks of MC rows packed per slab, B packed once for all
// slabs with its strips shared out between threads, rows split evenly between threads, and the partial sums
// between slabs in a buffer of whole tiles in visiting order; the last slab writes C. No software prefetches.
// Built and run by bench/reference/run.sh; gcc -O3 -march=native on an AVX-512 CPU. Prints GFLOP/s over the
// columns and rows it computes (NR must divide n for the whole product) and one element against float64.
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifndef MR
#define MR 8
#endif
#ifndef NV
#define NV 2
#endif
#ifndef KC
#define KC 256
#endif
#ifndef MCR
#define MCR 256   /* rows per A block, rounded down to whole slivers */
#endif
#define NR (16 * NV)
#define MC ((MCR / MR) * MR)
static int N, T;
static float *A, *B, *C, *BP;
static float *APB[8], *PARTB[8];
static pthread_barrier_t bar;
static double now(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec + ts.tv_nsec * 1e-9; }

static __attribute__((noinline)) void kernel(int kc, const float *ap, const float *bp, float *out, int ldo, const float *add, int lda) {
    __m512 c[MR][NV];
    for (int r = 0; r < MR; r++) for (int v = 0; v < NV; v++) c[r][v] = _mm512_setzero_ps();
    for (int p = 0; p < kc; p++) {
        __m512 b[NV];
        for (int v = 0; v < NV; v++) b[v] = _mm512_loadu_ps(bp + p * NR + 16 * v);
        for (int r = 0; r < MR; r++) { __m512 x = _mm512_set1_ps(ap[p * MR + r]); for (int v = 0; v < NV; v++) c[r][v] = _mm512_fmadd_ps(b[v], x, c[r][v]); }
    }
    for (int r = 0; r < MR; r++) for (int v = 0; v < NV; v++) {
        __m512 x = c[r][v];
        if (add) x = _mm512_add_ps(x, _mm512_loadu_ps(add + r * lda + 16 * v));
        _mm512_storeu_ps(out + r * ldo + 16 * v, x);
    }
}

static void *work(void *arg) {
    int id = (int)(long)arg, n = N, strips = n / NR, slabs = (n + KC - 1) / KC;
    for (int i = id; i < slabs * strips; i += T) {
        int pc = i / strips * KC, kc = pc + KC <= n ? KC : n - pc, j = i % strips * NR;
        float *d = BP + (size_t)pc * n + (size_t)j * kc;
        for (int p = 0; p < kc; p++) memcpy(d + p * NR, B + (size_t)(pc + p) * n + j, NR * 4);
    }
    pthread_barrier_wait(&bar);
    int rows = n / T / MR * MR, r0 = rows * id, r1 = id == T - 1 ? n / MR * MR : r0 + rows;
    float *ap = APB[id], *part = PARTB[id];
    for (int b0 = r0; b0 < r1; b0 += MC) {
        int mc = b0 + MC <= r1 ? MC : r1 - b0, sl = mc / MR;
        for (int pc = 0; pc < n; pc += KC) {
            int kc = pc + KC <= n ? KC : n - pc, first = pc == 0, last = pc + kc == n;
            for (int s = 0; s < sl; s++)
                for (int p = 0; p < kc; p++)
                    for (int r = 0; r < MR; r++) ap[s * kc * MR + p * MR + r] = A[(size_t)(b0 + s * MR + r) * n + pc + p];
            for (int t = 0; t < strips; t++) {
                const float *bp = BP + (size_t)pc * n + (size_t)t * kc * NR;
                for (int s = 0; s < sl; s++) {
                    float *pt = part + ((size_t)t * sl + s) * MR * NR;
                    float *cc = C + (size_t)(b0 + s * MR) * n + t * NR;
                    if (last) kernel(kc, ap + s * kc * MR, bp, cc, n, first ? NULL : pt, NR);
                    else kernel(kc, ap + s * kc * MR, bp, pt, NR, first ? NULL : pt, NR);
                }
            }
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: gemm_loop N THREADS REPS\n"); return 2; }
    N = atoi(argv[1]); T = atoi(argv[2]); int reps = atoi(argv[3]);
    if (N < MR || N < NR || T < 1 || T > 8 || reps < 1 || reps > 64) { fprintf(stderr, "gemm_loop: N >= %d, THREADS 1-8, REPS 1-64\n", NR); return 2; }
    size_t nn = (size_t)N * N;
    A = aligned_alloc(64, nn * 4); B = aligned_alloc(64, nn * 4); C = aligned_alloc(64, nn * 4); BP = aligned_alloc(64, nn * 4 + 4096);
    for (int i = 0; i < T; i++) { APB[i] = aligned_alloc(64, (size_t)MC * KC * 4); PARTB[i] = aligned_alloc(64, (size_t)MC * N * 4 + 4096); }
    for (size_t i = 0; i < nn; i++) { A[i] = (float)(i % 7) * 0.01f; B[i] = (float)(i % 5) * 0.01f; }
    double g[64];
    for (int r = 0; r < reps; r++) {
        pthread_t th[8]; pthread_barrier_init(&bar, NULL, T);
        double t0 = now();
        for (int i = 0; i < T; i++) pthread_create(&th[i], NULL, work, (void *)(long)i);
        for (int i = 0; i < T; i++) pthread_join(th[i], NULL);
        g[r] = 2.0 * (N / MR * MR) * (double)(N / NR * NR) * N / (now() - t0) / 1e9;
        pthread_barrier_destroy(&bar);
    }
    for (int i = 0; i < reps; i++) for (int j = i + 1; j < reps; j++) if (g[j] < g[i]) { double x = g[i]; g[i] = g[j]; g[j] = x; }
    double ref = 0; for (int p = 0; p < N; p++) ref += (double)A[(size_t)5 * N + p] * B[(size_t)p * N + 7];
    printf("MR=%d NV=%d KC=%d MC=%d n=%d threads=%d: median %.1f (min %.1f max %.1f) check %.3f/%.3f\n", MR, NV, KC, MC, N, T, g[reps / 2], g[0], g[reps - 1], C[(size_t)5 * N + 7], ref);
    return 0;
}
