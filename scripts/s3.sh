#!/usr/bin/env bash
# A throwaway S3-compatible server (moto, from PyPI) on a loopback port for the tests.
#   scripts/s3.sh start   installs moto into a virtualenv if missing, starts it, creates the
#                         test bucket, prints the endpoint URL
#   scripts/s3.sh stop    stops it
set -euo pipefail
PORT="${SENTC_S3_PORT:-55433}"
DIR="${SENTC_S3_DIR:-/tmp/sentc-s3}"
VENV="${SENTC_S3_VENV:-/tmp/sentc-moto-venv}"
MOTO_VERSION="5.2.5"
BUCKET="sentc-test"

stop() {
  if [ -f "$DIR/pid" ]; then
    kill "$(cat "$DIR/pid")" 2>/dev/null || true
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start)
    if ! "$VENV/bin/moto_server" --help >/dev/null 2>&1; then
      echo "installing moto $MOTO_VERSION..." >&2
      if ! python3 -m venv "$VENV" >&2; then
        if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
        $SUDO apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >&2
        python3 -m venv "$VENV" >&2
      fi
      "$VENV/bin/pip" install -q "moto[server]==$MOTO_VERSION" >&2
    fi
    stop
    mkdir -p "$DIR"
    "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" >"$DIR/log" 2>&1 &
    echo $! >"$DIR/pid"
    for _ in $(seq 1 100); do
      if curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$PORT/$BUCKET" 2>/dev/null; then
        echo "http://127.0.0.1:$PORT"
        exit 0
      fi
      sleep 0.1
    done
    echo "moto did not start: $(cat "$DIR/log")" >&2
    exit 1
    ;;
  stop)
    stop
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
