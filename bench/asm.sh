#!/usr/bin/env bash
# The machine code C2 made of one Java method, as x86 assembly, with no hsdis plug-in:
#   bash bench/asm.sh CLASS::METHOD [./facet ARGS...]
#   bash bench/asm.sh facet.kernels.cpu.GemmKernel8x2::vector bench gemm --size 1024 --threads 1 --no-numpy --seconds 2
# Runs ./facet ARGS (default: the line above's bench) with -XX:CompileCommand=print for the method;
# without a disassembler plug-in the JVM prints the code as hex, which objdump turns back into
# instructions. The JVM's own notes (safepoint polls, the Java line a deoptimisation returns to)
# come before the first instruction at or after their address. Takes the last C2 compilation of the method (the
# steady-state code; an on-stack-replacement one only when there is no other).
set -eu
method=${1:?usage: bash bench/asm.sh CLASS::METHOD [./facet ARGS...]}; shift
[ $# -gt 0 ] || set -- bench gemm --size 1024 --threads 1 --no-numpy --seconds 2
command -v objdump >/dev/null || { echo "asm.sh: objdump not found (Debian package binutils)" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp); hex=$(mktemp); bin=$(mktemp); notes=$(mktemp); trap 'rm -f "$log" "$hex" "$bin" "$notes"' EXIT
FACET_JAVA_OPTS="${FACET_JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=quiet -XX:CompileCommand=print,$method" \
  "$here/facet" "$@" >"$log" 2>&1 || { tail -5 "$log" >&2; echo "asm.sh: ./facet $* failed" >&2; exit 1; }
# the line of the chosen compilation's header: the last C2 one that is not OSR (no '%'), else the last C2 one
start=$(grep -n 'Compiled method (c2)' "$log" | grep -v ' % ' | tail -1 | cut -d: -f1)
[ -n "$start" ] || start=$(grep -n 'Compiled method (c2)' "$log" | tail -1 | cut -d: -f1)
[ -n "$start" ] || { echo "asm.sh: C2 never compiled $method in that run (a longer run, or a name as Class::method?)" >&2; exit 1; }
sed -n "${start}p" "$log"
# hex lines '  0xADDR: 8984 2400 | c0fe ...' become bytes; note lines '  0xADDR: ; ...' and the ';' lines under them are kept by address
base=$(sed -n "$start,\$p" "$log" | awk -v hex="$hex" -v notes="$notes" '
  /^\[\/MachCode\]/ { exit }
  /^  0x[0-9a-f]+: [0-9a-f][0-9a-f]/ { if (!base) { base = substr($1, 1, length($1) - 1); print base }
                                     sub(/^ *0x[0-9a-f]+: /, ""); gsub(/[ |]/, ""); printf "%s", $0 > hex; at = ""; next }
  /^  0x[0-9a-f]+: ;/ { at = substr($1, 3, length($1) - 3); sub(/^0+/, "", at); sub(/^ *0x[0-9a-f]+: /, ""); print at "\t" $0 > notes; next }
  /^ +;/ && at != "" { sub(/^ +/, ""); print at "\t" $0 > notes; next }
  { at = "" }')
xxd -r -p "$hex" >"$bin"
objdump -D -b binary -m i386:x86-64 -M intel --adjust-vma="$base" "$bin" | awk -v notes="$notes" '
  function pad(h) { return sprintf("%16s", h) }
  BEGIN { while ((getline line < notes) > 0) { split(line, f, "\t"); k++; at[k] = pad(f[1]); text[k] = f[2] } i = 1 }
  /^ +[0-9a-f]+:\t/ { a = $1; sub(/:$/, "", a); while (i <= k && at[i] <= pad(a)) print "      " text[i++]; print; next }'
