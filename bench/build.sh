#!/usr/bin/env bash
# Builds the plugin jar, writes its runtime classpath and compiles bench/src into bench/target/.
# Used by run.sh and peak-memory.sh; prints the classpath to run the benchmark classes with.
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

# Offline first (the normal case once ~/.m2 is filled), online if something is missing.
mvn_try() { ./mvnw -q -o "$@" >"$TARGET/maven.log" 2>&1 || ./mvnw -q "$@" >"$TARGET/maven.log" 2>&1 \
  || { cat "$TARGET/maven.log" >&2; echo "bench: maven failed: $*" >&2; exit 1; }; }

# BENCH_GOAL=package builds the jar without installing it into ~/.m2, for benchmarks that need only the classes
echo "bench: building the plugin jar" >&2
mvn_try "${BENCH_GOAL:-install}" -DskipTests -pl testbed-maven-plugin -am
mvn_try -pl testbed-maven-plugin org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -DincludeScope=runtime -Dmdep.outputFile="$TARGET/classpath.txt"
# Maven gives the plugin its SLF4J API (scope provided); outside Maven the Parquet footer reader still needs it
mvn_try -pl testbed-maven-plugin org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -DincludeScope=provided -DincludeArtifactIds=slf4j-api -Dmdep.outputFile="$TARGET/classpath-slf4j.txt"
JAR="$(ls "$ROOT"/testbed-maven-plugin/target/testbed-maven-plugin-*.jar | grep -v -e '-sources' -e '-javadoc' | head -n 1)"
CP="$JAR:$(cat "$TARGET/classpath.txt"):$(cat "$TARGET/classpath-slf4j.txt")"

echo "bench: compiling bench/src" >&2
rm -rf "$TARGET/classes"
javac --release 17 -d "$TARGET/classes" -cp "$CP" $(find "$BENCH/src" -name '*.java')
echo "$TARGET/classes:$CP"
