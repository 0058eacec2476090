#!/usr/bin/env bash
# Builds the GPU check's bundle (see ../../../shared GPU.md's recipe, and README.md here): everything
# the GPU machine lacks, as one .tgz under 48 MiB in bench/gpu/bundle/ (git-ignored):
#   jre/    a jlink'ed Java 25 runtime (jdk.zipfs, or the console launcher finds 0 tests)
#   lib/    the project's jars, their dependencies, JCuda with its natives cut to libJCudaDriver,
#           and junit-platform-console-standalone
#   test-classes/kernels, test-classes/tests   the test suites; scripts/   the check's scripts
# Run it from anywhere, on a machine with JDK 25 and Maven (no GPU needed); it runs `mvn package`.
# The device command is then: bash bench/gpu/device.sh bench/gpu/bundle/facet-gpu.tgz
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/bench/gpu/bundle"
stage="$out/facet-gpu"
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
cd "$root"

echo "[bundle] mvn package" >&2
rm -rf "$stage/lib.tmp"
# one reactor build, so the tests module's dependencies on the other modules resolve without `mvn install`
mvn -B -q -ntp package -DskipTests dependency:copy-dependencies -DincludeScope=test -DoutputDirectory="$stage/lib.tmp"
platform="$(ls "$stage/lib.tmp" | sed -n 's/^junit-platform-engine-\(.*\)\.jar$/\1/p')"
mvn -B -q -ntp dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$platform" \
    -DoutputDirectory="$stage/lib.tmp"

rm -rf "$stage/jre" "$stage/lib" "$stage/test-classes" "$stage/scripts"
mkdir -p "$stage/lib" "$stage/test-classes" "$stage/scripts"
# the project's jars replace the ~/.m2 snapshots that copy-dependencies found (they may be stale)
for m in kernels tensor autograd nn train bench; do cp "$m/target/facet-$m-0.1.0-SNAPSHOT.jar" "$stage/lib/"; done
for j in "$stage/lib.tmp"/*.jar; do
  case "$(basename "$j")" in
    facet-*) ;;
    jcuda-natives-*)                 # 26 MB of natives, of which only the driver API loads on CUDA 13
      tmp="$(mktemp -d)"
      (cd "$tmp" && "$JAVA_HOME/bin/jar" xf "$j" && find lib -type f ! -name 'libJCudaDriver-*' -delete &&
       "$JAVA_HOME/bin/jar" cf "$stage/lib/$(basename "$j")" .)
      rm -rf "$tmp" ;;
    *) cp "$j" "$stage/lib/" ;;
  esac
done
rm -rf "$stage/lib.tmp"
cp -r kernels/target/test-classes "$stage/test-classes/kernels"
cp -r tests/target/test-classes "$stage/test-classes/tests"
cp bench/gpu/*.py bench/gpu/device.sh "$stage/scripts/"

echo "[bundle] jlink" >&2
# java.desktop: ImageIO and Java2D, so figures (XChart PNGs) are written on the GPU machine too (+11 MiB packed);
# it has no display, so the runtime starts every JVM headless (--add-options) and leaves out the natives a
# headless JVM never loads (X11 toolkit, splash screen, sound, JAWT: 0.4 MiB packed)
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.sql,java.management,jdk.unsupported,jdk.incubator.vector,jdk.zipfs,java.desktop \
  --add-options=-Djava.awt.headless=true --exclude-files='**/libawt_xawt.so,**/libsplashscreen.so,**/libjsound.so,**/libjawt.so' --strip-debug --no-man-pages --no-header-files --compress zip-9 --output "$stage/jre" 2>/dev/null

tar -czf "$out/facet-gpu.tgz" -C "$out" facet-gpu
size=$(stat -c %s "$out/facet-gpu.tgz")
echo "[bundle] $out/facet-gpu.tgz: $((size / 1024 / 1024)) MiB ($size bytes)"
if [ "$size" -ge $((48 * 1024 * 1024)) ]; then echo "[bundle] over the 48 MiB limit" >&2; exit 1; fi
