#!/usr/bin/env python3
"""PyTorch on the CPU, side by side with `./facet bench step` and `./facet bench attention`:
one training step of W1 and W2 (the same networks as bench/gpu/torch_bench.py builds, layer for
layer) and attention A1 forward + backward, on a given number of threads.

Usage: torch_cpu_peer.py THREADS. Prints `op,shape,threads,ms,images_per_s` CSV rows (median of
timed runs after warm-up). Without torch it prints one `# skipped` line and exits 0.
"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gpu"))


def median_ms(fn, warmup=2, seconds=6.0, at_least=3):
    for _ in range(warmup):
        fn()
    times, start = [], time.perf_counter()
    while len(times) < at_least or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else os.cpu_count()
    print("op,shape,threads,ms,images_per_s")
    try:
        import torch
        from torch_bench import attention, resnet18_small, training_step, vit
    except ImportError as e:
        print(f"# skipped: PyTorch is not installed ({e})")
        return
    torch.set_num_threads(threads)
    print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads, CPU")
    torch.manual_seed(0)
    b = 32
    x, labels = torch.randn(b, 3, 64, 64), torch.arange(b) % 7
    for name, make in (("W1", lambda: resnet18_small(7)), ("W2", lambda: vit(64, 8, 192, 6, 3, 4, 7))):
        ms = median_ms(training_step(make().train(), x, labels))
        print(f"step,{name},{threads},{ms:.3f},{b / (ms / 1000):.1f}", flush=True)

    q, k, v = (torch.randn(32, 3, 65, 64, requires_grad=True) for _ in range(3))
    dout = torch.randn(32, 3, 65, 64)
    ms = median_ms(lambda: attention(q, k, v).backward(dout), seconds=3.0)
    print(f"attention,A1 32x3x65x64,{threads},{ms:.3f},", flush=True)


if __name__ == "__main__":
    main()
