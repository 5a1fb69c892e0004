# Pieces the bench scripts share; sourced, never run. Expects ROOT (the repository) to be set.

# A one-POM module with no plugins, up to date as soon as it exists: what `mvn verify` costs when there is no work.
write_trivial_pom() {
  mkdir -p "$1"
  cat > "$1/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.testbed.bench</groupId>
  <artifactId>trivial</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
</project>
POM
}

# Maven options that print a timestamp on every log line, for goal_stages.
TIMESTAMPED_LOG=(-Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS)

# Reads a Maven log written with TIMESTAMPED_LOG and prints each goal with the seconds from its start to the next
# goal's start (the last goal: to BUILD SUCCESS or FAILURE).
goal_stages() {
  awk '/\] --- / { split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]; if (name != "") printf "%-40s %6.2f s\n", name, s - start; name = $4; start = s }
       /BUILD SUCCESS|BUILD FAILURE/ { split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]; printf "%-40s %6.2f s\n", name, s - start }' "$1"
}

# The median of the numbers on standard input, one a line.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR > 0) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
