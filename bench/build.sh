#!/usr/bin/env bash
# Builds the plugin jar, writes its runtime classpath and compiles bench/src into bench/target/.
# Used by run.sh, peak-memory.sh and speed.sh; prints the classpath to run the benchmark classes with.
# BENCH_REPO_LOCAL=DIR installs the plugin into that private Maven repository instead of ~/.m2, which Maven then
# reads only as a fallback for everything else (maven.repo.local.tail); BENCH_REUSE_BUILD=1 prints the classpath of
# the last build without building again.
set -euo pipefail
if [[ $# -gt 0 ]]; then
  echo "usage: bench/build.sh   (no arguments; prints the benchmark's classpath)" >&2
  exit 2
fi
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
TARGET="$BENCH/target"
mkdir -p "$TARGET"
cd "$ROOT"
# the plugin jar and its runtime dependencies
plugin_classpath() {
  echo "$(ls "$ROOT"/testbed-maven-plugin/target/testbed-maven-plugin-*.jar | grep -v -e '-sources' -e '-javadoc' | head -n 1):$(cat "$TARGET/classpath.txt")"
}
if [[ "${BENCH_REUSE_BUILD:-0}" == 1 && -f "$TARGET/classpath.txt" && -d "$TARGET/classes" ]]; then
  echo "$TARGET/classes:$(plugin_classpath)"
  exit 0
fi
REPO=()
[[ -n "${BENCH_REPO_LOCAL:-}" ]] && REPO=(-Dmaven.repo.local="$BENCH_REPO_LOCAL" -Dmaven.repo.local.tail="$HOME/.m2/repository")

# Offline first (the normal case once ~/.m2 is filled), online if something is missing.
mvn_try() { ./mvnw -q -o "${REPO[@]}" "$@" >"$TARGET/maven.log" 2>&1 || ./mvnw -q "${REPO[@]}" "$@" >"$TARGET/maven.log" 2>&1 \
  || { cat "$TARGET/maven.log" >&2; echo "bench: maven failed: $*" >&2; exit 1; }; }

# BENCH_GOAL=package builds the jar without installing it anywhere, for benchmarks that need only the classes
echo "bench: building the plugin jar" >&2
mvn_try "${BENCH_GOAL:-install}" -DskipTests -Dinvoker.skip=true -pl testbed-maven-plugin -am
# scope compile also takes the provided jars: Maven gives the plugin slf4j-api at run time, and outside Maven the
# Parquet footer reader needs it (with runtime scope load-ducklake failed with NoClassDefFoundError: org/slf4j/LoggerFactory)
mvn_try -pl testbed-maven-plugin org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -DincludeScope=compile -Dmdep.outputFile="$TARGET/classpath.txt"
CP="$(plugin_classpath)"

echo "bench: compiling bench/src" >&2
rm -rf "$TARGET/classes"
javac --release 17 -d "$TARGET/classes" -cp "$CP" $(find "$BENCH/src" -name '*.java')
echo "$TARGET/classes:$CP"
