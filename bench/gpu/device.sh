#!/usr/bin/env bash
# The GPU check, one command on the GPU machine (no Java or Maven there; torch is):
#   bash bench/gpu/device.sh bench/gpu/bundle/facet-gpu.tgz [results dir]
# 1. the whole test suite on the bundled runtime with -Dfacet.gpu.required=true (a GPU test that
#    cannot run fails instead of skipping) and -Dfacet.cuda.sync=true (a faulting kernel is named);
# 2. Facet's GPU benchmarks (facet.bench.GpuBenchmark) and PyTorch's (torch_bench.py) on the same card;
# 3. one table (table.py), printed last. Logs and CSVs go to the results dir ($OUT/gpu-check, else
#    bench/gpu/results). Exits with the test suite's status.
# Each phase has its own time limit (FACET_GPU_TEST_S, FACET_GPU_BENCH_S, FACET_GPU_TORCH_S seconds),
# so a hung kernel in one phase still leaves the others' results.
# --dry-run (any machine): GPU parts skipped, the suite cut to two classes, benchmarks --quick;
# it checks that the bundle unpacks, finds its tests, and that every script runs end to end.
set -uo pipefail
dry=0
if [ "${1:-}" = "--dry-run" ]; then dry=1; shift; fi
tgz="${1:?usage: device.sh [--dry-run] facet-gpu.tgz [results dir]}"
results="${2:-${OUT:+$OUT/gpu-check}}"
results="${results:-bench/gpu/results}"
mkdir -p "$results"
results="$(cd "$results" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$tgz" -C "$work"
b="$work/facet-gpu"
java="$b/jre/bin/java"
cp="$(ls "$b"/lib/*.jar | grep -v console-standalone | tr '\n' ':')$b/test-classes/kernels:$b/test-classes/tests"
test_s="${FACET_GPU_TEST_S:-300}"; bench_s="${FACET_GPU_BENCH_S:-150}"; torch_s="${FACET_GPU_TORCH_S:-120}"
jvm=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xss8m -Xmx16g)

if [ $dry = 1 ]; then
  select=(--select-class facet.cuda.CudaUnavailableTest --select-class facet.kernels.cuda.DeviceAllocatorTest
          --select-class facet.cuda.CudaFusedTest)
  gpu=(-Dfacet.gpu.required=false)
  quick=(--quick)
else
  select=("--scan-class-path=$b/test-classes/kernels:$b/test-classes/tests")
  gpu=(-Dfacet.gpu.required=true -Dfacet.cuda.sync=true)
  quick=()
fi

echo "== test suite ($( [ $dry = 1 ] && echo dry run || echo GPU required ))"
( cd "$b" && timeout "$test_s" "$java" "${jvm[@]}" "${gpu[@]}" -jar lib/junit-platform-console-standalone-*.jar execute \
    --fail-if-no-tests --disable-banner --details=summary --class-path "$cp" "${select[@]}" \
    --reports-dir "$results/junit" ) > "$results/tests.log" 2>&1
tests_rc=$?
grep -E "tests (successful|failed|skipped|aborted|found)" "$results/tests.log" || tail -20 "$results/tests.log"
grep -B2 -A12 "MethodSource" "$results/tests.log" | head -60

echo "== benchmarks"
timeout "$bench_s" "$java" "${jvm[@]}" -cp "$cp" facet.bench.GpuBenchmark "${quick[@]}" > "$results/facet.csv" 2> "$results/facet.err"
timeout "$torch_s" python3 "$b/scripts/torch_bench.py" "${quick[@]}" > "$results/torch.csv" 2> "$results/torch.err"
python3 "$b/scripts/table.py" "$results/facet.csv" "$results/torch.csv" | tee "$results/table.txt"
echo "== tests exit status $tests_rc (log: $results/tests.log)"
exit $tests_rc
