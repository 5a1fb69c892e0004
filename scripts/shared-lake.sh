#!/usr/bin/env bash
# Starts (or stops) a local PostgreSQL and an S3-compatible server (s3proxy) for building the sample warehouse
# on a shared lake: mvn -pl testbed-project -Pshared-lake verify. Everything lives in one folder
# (default testbed-project/target/shared-lake); nothing is installed system-wide.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: scripts/shared-lake.sh start|stop|env [FOLDER]
  start  initdb + start PostgreSQL on 127.0.0.1:${SHARED_LAKE_PG_PORT:-55432} (database "testbed", user
         "testbed", a generated password) and s3proxy on 127.0.0.1:${SHARED_LAKE_S3_PORT:-9099} (bucket
         "testbed", filesystem backend, a generated key), then prints the credentials as environment variables.
         s3proxy (org.gaul:s3proxy:4.1.0, jar-with-dependencies) comes from Maven Central through ./mvnw.
         PostgreSQL is Debian's postgresql package (apt-get install postgresql); as root it runs as user postgres.
  stop   stops both.
  env    prints the credentials again: eval "$(scripts/shared-lake.sh env)"
USAGE
}
ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACTION="${1:-}"
DIR="${2:-$ROOT_DIR/testbed-project/target/shared-lake}"
PG_PORT="${SHARED_LAKE_PG_PORT:-55432}"
S3_PORT="${SHARED_LAKE_S3_PORT:-9099}"
S3PROXY_VERSION=4.1.0

pg_bin() {
  local newest
  newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [[ -n "$newest" && -x "$newest/initdb" ]]; then echo "$newest"; return; fi
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
  echo "shared-lake: PostgreSQL is not installed (no initdb); on Debian: apt-get install postgresql" >&2
  exit 1
}
# PostgreSQL refuses to run as root: run its tools as the postgres user then.
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

print_env() {
  [[ -f "$DIR/credentials" ]] || { echo "shared-lake: not started ($DIR/credentials missing)" >&2; exit 1; }
  cat "$DIR/credentials"
}

start() {
  local bin; bin="$(pg_bin)"
  mkdir -p "$DIR/s3/testbed" "$DIR/bin"
  if [[ ! -f "$DIR/credentials" ]]; then
    umask 077
    cat > "$DIR/credentials" <<CREDENTIALS
export AWS_ACCESS_KEY_ID=testbed-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
export AWS_SECRET_ACCESS_KEY=$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')
export PGPASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=\n')
CREDENTIALS
    umask 022
  fi
  # shellcheck disable=SC1091
  source "$DIR/credentials"
  if [[ ! -f "$DIR/pg/PG_VERSION" ]]; then
    mkdir -p "$DIR/pg"
    printf '%s\n' "$PGPASSWORD" > "$DIR/pg-password"
    if [[ "$(id -u)" == 0 ]]; then
      chown postgres "$DIR/pg" "$DIR/pg-password"
      runuser -u postgres -- test -w "$DIR/pg" || {
        echo "shared-lake: user postgres cannot reach $DIR; give a folder it can reach: scripts/shared-lake.sh start /tmp/shared-lake" >&2
        rm -rf "$DIR/pg" "$DIR/pg-password"; exit 1; }
    fi
    chmod 700 "$DIR/pg"
    as_pg "$bin/initdb" -D "$DIR/pg" -U testbed --auth=scram-sha-256 --pwfile="$DIR/pg-password" -E UTF8 --no-locale >/dev/null
    rm -f "$DIR/pg-password"
  fi
  # TCP only (-k ''): a Unix socket path is limited to 107 bytes, which a long checkout path exceeds
  as_pg "$bin/pg_ctl" -D "$DIR/pg" -w -l "$DIR/pg/server.log" -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k ''" start >/dev/null
  "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U testbed -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'testbed'" | grep -q 1 \
    || "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U testbed testbed

  local jar="$DIR/bin/s3proxy.jar"
  if [[ ! -f "$jar" ]]; then
    "$ROOT_DIR/mvnw" -q -N -f "$ROOT_DIR/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy \
      -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" -DoutputDirectory="$DIR/bin" >/dev/null
    mv "$DIR/bin/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar" "$jar"
  fi
  cat > "$DIR/s3proxy.properties" <<PROPERTIES
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$DIR/s3
jclouds.region=us-east-1
PROPERTIES
  chmod 600 "$DIR/s3proxy.properties"
  nohup java -Xmx512m -jar "$jar" --properties "$DIR/s3proxy.properties" > "$DIR/s3proxy.log" 2>&1 &
  echo $! > "$DIR/s3proxy.pid"
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$S3_PORT") 2>/dev/null && break
    sleep 0.2
  done
  echo "shared-lake: PostgreSQL on 127.0.0.1:$PG_PORT (database testbed, user testbed), s3proxy on 127.0.0.1:$S3_PORT (bucket testbed); files in $DIR" >&2
  echo "shared-lake: credentials (also: eval \"\$(scripts/shared-lake.sh env)\"):" >&2
  print_env
}

stop() {
  if [[ -f "$DIR/s3proxy.pid" ]]; then
    kill "$(cat "$DIR/s3proxy.pid")" 2>/dev/null || true
    rm -f "$DIR/s3proxy.pid"
  fi
  if [[ -f "$DIR/pg/postmaster.pid" ]]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null
  fi
  echo "shared-lake: stopped" >&2
}

case "$ACTION" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  -h|--help) usage ;;
  *) usage; exit 2 ;;
esac
