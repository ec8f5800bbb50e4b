#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on a loopback port for the tests.
#   scripts/postgres.sh start   installs PostgreSQL from Debian if missing, starts a cluster,
#                               prints the DATABASE_URL
#   scripts/postgres.sh stop    stops it and removes its data
set -euo pipefail
PORT="${SENTC_PG_PORT:-55432}"
DIR="${SENTC_PG_DIR:-/tmp/sentc-postgres}"

bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

case "${1:-}" in
  start)
    if [ -z "$(bin_dir)" ]; then
      echo "installing PostgreSQL..." >&2
      if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
      $SUDO apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
    fi
    BIN="$(bin_dir)"
    as_postgres "$BIN/pg_ctl -D '$DIR/data' stop -m immediate" >/dev/null 2>&1 || true
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    as_postgres "$BIN/initdb -D '$DIR/data' -A trust -U postgres" >/dev/null
    as_postgres "$BIN/pg_ctl -D '$DIR/data' -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off' -l '$DIR/log' -w start" >/dev/null
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    BIN="$(bin_dir)"
    if [ -n "$BIN" ] && [ -d "$DIR/data" ]; then
      as_postgres "$BIN/pg_ctl -D '$DIR/data' stop -m fast" >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
