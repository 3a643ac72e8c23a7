# A private, throw-away PostgreSQL server on loopback, for .ci/run and deploy/run-topology.sh. Source this file, then:
#
#   private_postgres_start DATABASE   # installs the Debian package when needed, starts a server, creates DATABASE
#   echo "$PRIVATE_POSTGRES"          # its Npgsql connection string (user postgres, trust authentication)
#   private_postgres_stop             # stops the server and deletes its data
#
# Functions return non-zero with a one-line reason on stderr; they never exit the caller's shell.

private_postgres_bin() {
  local bin best="" best_version=0 version
  for bin in /usr/lib/postgresql/*/bin; do
    [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] || continue
    version=$(basename "$(dirname "$bin")")
    if [ "${version%%.*}" -gt "$best_version" ] 2>/dev/null; then best=$bin; best_version=${version%%.*}; fi
  done
  [ -n "$best" ] && echo "$best"
}

private_postgres_install() {
  [ -n "$(private_postgres_bin)" ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin) and this shell cannot apt-get install it; install the postgresql package" >&2
    return 1
  fi
  echo "installing PostgreSQL from Debian packages (apt-get install postgresql)..." >&2
  # A fresh image may have no package lists yet: update once and retry.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1; } \
    || { echo "apt-get install postgresql failed; run it by hand to see why" >&2; return 1; }
  [ -n "$(private_postgres_bin)" ] || { echo "the postgresql package installed no /usr/lib/postgresql/*/bin/initdb" >&2; return 1; }
}

# Runs a PostgreSQL tool as the postgres system user when we are root (the server refuses to run as root).
private_postgres_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

private_postgres_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    # A refused connection means nobody listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "found no free port on 127.0.0.1" >&2
  return 1
}

private_postgres_start() {
  local database=${1:-mtlattack} bin port
  private_postgres_install || return 1
  bin=$(private_postgres_bin)
  port=$(private_postgres_free_port) || return 1
  PRIVATE_POSTGRES_DIR=$(mktemp -d /tmp/mtl-postgres.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$PRIVATE_POSTGRES_DIR"
  PRIVATE_POSTGRES_BIN=$bin
  if ! private_postgres_as_owner "$bin/initdb" -D "$PRIVATE_POSTGRES_DIR/data" -U postgres -A trust -E UTF8 --no-sync >"$PRIVATE_POSTGRES_DIR/initdb.log" 2>&1; then
    echo "initdb failed: $(tail -n 3 "$PRIVATE_POSTGRES_DIR/initdb.log" | tr '\n' ' ')" >&2
    return 1
  fi
  if ! private_postgres_as_owner "$bin/pg_ctl" -D "$PRIVATE_POSTGRES_DIR/data" -l "$PRIVATE_POSTGRES_DIR/server.log" -w -t 60 \
      -o "-k $PRIVATE_POSTGRES_DIR -h 127.0.0.1 -p $port" start >/dev/null; then
    echo "the PostgreSQL server did not start: $(tail -n 3 "$PRIVATE_POSTGRES_DIR/server.log" | tr '\n' ' ')" >&2
    return 1
  fi
  if ! "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database"; then
    echo "could not create database $database on 127.0.0.1:$port" >&2
    return 1
  fi
  PRIVATE_POSTGRES_PORT=$port
  PRIVATE_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=$database"
  export PRIVATE_POSTGRES PRIVATE_POSTGRES_PORT
}

private_postgres_stop() {
  [ -n "${PRIVATE_POSTGRES_DIR:-}" ] || return 0
  if [ -f "$PRIVATE_POSTGRES_DIR/data/postmaster.pid" ]; then
    private_postgres_as_owner "$PRIVATE_POSTGRES_BIN/pg_ctl" -D "$PRIVATE_POSTGRES_DIR/data" -m fast -w stop >/dev/null 2>&1
  fi
  rm -rf "$PRIVATE_POSTGRES_DIR"
  PRIVATE_POSTGRES_DIR=
}
