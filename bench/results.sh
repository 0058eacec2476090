#!/usr/bin/env bash
# Every number in bench/RESULTS.md from one run, Facet beside its peers on the same machine:
#   bash bench/results.sh | tee results.log
# Peers: NumPy/OpenBLAS sgemm (inside ./facet bench gemm) and PyTorch on the CPU
# (bench/torch_cpu_peer.py), each skipped with a note where its Python package is missing.
# PEER_PYTHON picks the interpreter; default: the first python3 on PATH that has torch, else python3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

peer_python() {
  if [ -n "${PEER_PYTHON:-}" ]; then echo "$PEER_PYTHON"; return; fi
  local p
  for p in $(type -ap python3); do
    "$p" -c 'import torch' 2>/dev/null && { echo "$p"; return; }
  done
  echo python3
}

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(grep -o -m1 'avx512f' /proc/cpuinfo || echo 'no AVX-512')"
echo "# date: $(date -u +%Y-%m-%dT%H:%MZ); $(./facet info | head -1)"
echo
echo "## sgemm (Facet vector kernel beside NumPy/OpenBLAS)"
./facet bench gemm --threads 1,2
echo
echo "## attention A1, forward + backward"
./facet bench attention --threads 2
echo
echo "## gelu forward and backward at W2's MLP shape"
./facet bench gelu --threads 1,2
echo
echo "## training steps, 2 threads"
./facet bench step --workload W1 --threads 2 --seconds 12
./facet bench step --workload W2 --threads 2 --seconds 12
echo
echo "## PyTorch on the CPU, same steps and A1"
py="$(peer_python)"
"$py" bench/torch_cpu_peer.py 2
echo
echo "## ResNet-18 convolutions (W1's layers)"
./facet bench conv --threads 2
