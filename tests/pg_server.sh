#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the ledger tests (research/stack.md).
#   eval "$(tests/pg_server.sh start)"   # sets PGTEST_URI and PGTEST_DIR
#   ctest ...
#   tests/pg_server.sh stop              # uses $PGTEST_DIR, or the server on $PGTEST_PORT
#   tests/pg_server.sh kill              # immediate stop, as a crash: no checkpoint, no flush
#   tests/pg_server.sh restart           # start the same data again (crash recovery replays the WAL)
# The server listens on 127.0.0.1:${PGTEST_PORT:-55432} with its socket and data in a
# temporary directory; fsync is off, so it is for tests only. Logs go to stderr;
# stdout carries only the export lines.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGTEST_PORT=${PGTEST_PORT:-55432}
STATE="${TMPDIR:-/tmp}/stargate-pgtest-$PGTEST_PORT.dir"

as_postgres() {
  # initdb and postgres refuse to run as root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# synchronous_commit=off is deliberate: the ledger must force it on for its
# own transactions (the crash test in ledger_process_test checks that it does).
server_up() {
  as_postgres "$PGBIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PGTEST_PORT -k $1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2
}

current_dir() {
  local dir=${1:-${PGTEST_DIR:-}}
  if [ -z "$dir" ] && [ -f "$STATE" ]; then dir=$(cat "$STATE"); fi
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    echo "error: no test server; expected PGTEST_DIR or a server started on port $PGTEST_PORT" >&2
    exit 2
  fi
  echo "$dir"
}

kill_server() {
  local dir
  dir=$(current_dir "${1:-}")
  as_postgres "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >&2
}

restart_server() {
  local dir
  dir=$(current_dir "${1:-}")
  # On the port it was started on, whatever PGTEST_PORT says now.
  PGTEST_PORT=$(cat "$dir/port")
  server_up "$dir"
}

start() {
  if [ ! -x "$PGBIN/initdb" ]; then
    echo "error: $PGBIN/initdb not found; expected the postgresql-15 package" >&2
    exit 2
  fi
  if [ -f "$STATE" ] && [ -d "$(cat "$STATE")/data" ]; then
    if as_postgres "$PGBIN/pg_ctl" -D "$(cat "$STATE")/data" status >/dev/null 2>&1; then
      echo "error: a test server on port $PGTEST_PORT is already running from $(cat "$STATE");" \
        "expected 'tests/pg_server.sh stop' first, or another PGTEST_PORT" >&2
      exit 2
    fi
    # Left behind by a run that was killed: nothing runs there any more.
    rm -rf "$(cat "$STATE")"
    rm -f "$STATE"
  fi
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/pgtest.XXXXXX")
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  as_postgres "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log"
  if ! server_up "$dir"; then
    echo "error: the test server did not start (port $PGTEST_PORT in use?); see $dir/server.log:" >&2
    tail -n 5 "$dir/server.log" >&2 || true
    rm -rf "$dir"
    exit 1
  fi
  echo "$PGTEST_PORT" >"$dir/port"
  echo "$dir" >"$STATE"
  echo "export PGTEST_URI=postgresql://postgres@127.0.0.1:$PGTEST_PORT/postgres"
  echo "export PGTEST_DIR=$dir"
}

stop() {
  local dir=${1:-${PGTEST_DIR:-}}
  if [ -z "$dir" ] && [ -f "$STATE" ]; then dir=$(cat "$STATE"); fi
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    echo "error: no test server to stop; expected PGTEST_DIR or a server started on port $PGTEST_PORT" >&2
    exit 2
  fi
  as_postgres "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
  if [ -f "$STATE" ] && [ "$(cat "$STATE")" = "$dir" ]; then rm -f "$STATE"; fi
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  kill) shift; kill_server "$@" ;;
  restart) shift; restart_server "$@" ;;
  *)
    echo "usage: tests/pg_server.sh start | stop [DIR] | kill [DIR] | restart [DIR]" >&2
    exit 2
    ;;
esac
