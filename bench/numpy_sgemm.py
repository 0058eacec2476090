"""NumPy's float32 matmul (OpenBLAS sgemm) for `./facet bench gemm`: prints the median ms.

Thread count comes from OPENBLAS_NUM_THREADS / OMP_NUM_THREADS, set by the caller before NumPy
loads. Usage: python3 bench/numpy_sgemm.py N
"""
import sys
import time

import numpy as np


def main():
    n = int(sys.argv[1])
    rng = np.random.default_rng(0)
    a = rng.random((n, n), dtype=np.float32) - 0.5
    b = rng.random((n, n), dtype=np.float32) - 0.5
    c = np.empty((n, n), dtype=np.float32)
    end = time.perf_counter() + 1.0
    while time.perf_counter() < end:          # warm-up, as the Java side does
        np.matmul(a, b, out=c)
    times = []
    start = time.perf_counter()
    while len(times) < 3 or time.perf_counter() - start < 2.0:
        t0 = time.perf_counter()
        np.matmul(a, b, out=c)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    m = len(times)
    print(times[m // 2] if m % 2 else (times[m // 2 - 1] + times[m // 2]) / 2)


if __name__ == "__main__":
    main()
