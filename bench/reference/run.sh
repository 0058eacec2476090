#!/usr/bin/env bash
# Facet's sgemm loop in C (gemm_loop.c), built here with gcc for this CPU and run beside nothing else:
#   bash bench/reference/run.sh [N] [THREADS] [REPS] [-DMR=8 -DNV=3 -DKC=384 -DMCR=384 ...]
# Prints the median, min and max GFLOP/s of REPS products (the first includes page faults).
# bench/RESULTS.md compares it with ./facet bench gemm and TensorFlow in the same minutes.
set -eu
n=${1:-2048}; t=${2:-2}; reps=${3:-9}; shift $(( $# < 3 ? $# : 3 ))
here=$(cd "$(dirname "$0")" && pwd); bin=$(mktemp); trap 'rm -f "$bin"' EXIT
gcc -O3 -march=native -pthread "$@" -o "$bin" "$here/gemm_loop.c"
"$bin" "$n" "$t" "$reps"
