#!/usr/bin/env bash
# Facet beside TensorFlow and PyTorch on the same workloads, interleaved, 2 threads:
#   bash bench/peers.sh [ROUNDS] [OTHER_CHECKOUT]
# Each round runs W2, W3 and W1 (Facet here, then Facet in OTHER_CHECKOUT if given, then
# TensorFlow, then PyTorch), then sgemm 1024 and 2048 the same way. Facet warms up for 20 s: on
# two cores the JIT competes with the step that long (bench/RESULTS.md, issue 23). Prints raw lines.
# ISA=avx2 holds every side to AVX2 on an AVX-512 CPU, the nearest thing here to an AVX2 machine:
# Facet's JVM (-XX:UseAVX=2: 256-bit vectors, 16 registers, so the avx2 plan), oneDNN under both
# peers (ONEDNN_MAX_CPU_ISA), PyTorch's own kernels (ATEN_CPU_CAPABILITY), MKL and OpenBLAS.
set -u
rounds=${1:-2}; other=${2:-}
if [ "${ISA:-}" = avx2 ]; then
  export FACET_JAVA_OPTS="${FACET_JAVA_OPTS:-} -XX:UseAVX=2" ONEDNN_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2 \
    MKL_ENABLE_INSTRUCTIONS=AVX2 OPENBLAS_CORETYPE=Haswell
fi
here=$(cd "$(dirname "$0")/.." && pwd)
peers="$here/../shared/peers"
for ((r = 1; r <= rounds; r++)); do
  for w in w2 w3 w1; do
    W=${w^^}
    for tree in "$here" $other; do
      echo "== round $r $(date +%T) facet $tree $W"
      (cd "$tree" && ./facet bench step --workload "$W" --threads 2 --warmup 20 --seconds 8 2>&1 | grep -E '^step')
    done
    echo "== round $r $(date +%T) tensorflow $w"; bash "$peers/tensorflow-java/run.sh" "$w" 2 2>&1 | tail -1
    echo "== round $r $(date +%T) pytorch $w"; bash "$peers/pytorch-djl/run.sh" "$w" 2 2>&1 | tail -1
  done
  for tree in "$here" $other; do
    echo "== round $r $(date +%T) facet $tree sgemm"; (cd "$tree" && ./facet bench gemm --threads 2 --variant vector 2>&1 | grep -E '^gemm')
  done
  echo "== round $r $(date +%T) tensorflow sgemm"; bash "$peers/tensorflow-java/run.sh" g1 2 2>&1 | grep -E 'n=(1024|2048) '
  echo "== round $r $(date +%T) pytorch sgemm"; bash "$peers/pytorch-djl/run.sh" g1 2 2>&1 | grep -E 'n=(1024|2048) '
done
