#!/bin/sh
# Requests per second and p50/p99 latency of POST /api/check (no recording)
# under wrk on loopback at 64 connections for 10 s (DESIGN goal: 20,000/s
# on 2 cores with p99 under 10 ms).
#
#   bench/server_bench.sh [STARGATE_BINARY] [--connections N] [--duration S] [--threads N]
#                         [--server-threads N]
#   cmake --build build --target server_bench
#
# --threads is wrk's threads (2); --server-threads the server's --threads
# (default: one per core, the server's own default).
#
# Needs wrk (apt-get install wrk). The server runs with a tokens file so
# that authentication is part of what is measured; it listens on 127.0.0.1
# only and is stopped with SIGTERM at the end.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
binary=${1:-$here/../build/apps/stargate/stargate}
[ $# -gt 0 ] && shift
connections=64
duration=10
wrk_threads=2
server_threads=$(nproc)
while [ $# -gt 0 ]; do
  case $1 in
    --connections) connections=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --threads) wrk_threads=$2; shift 2 ;;
    --server-threads) server_threads=$2; shift 2 ;;
    *) echo "error: unknown option '$1'; expected --connections N, --duration S, --threads N or --server-threads N" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null 2>&1 || { echo "error: wrk is not installed; expected 'apt-get install wrk'" >&2; exit 2; }
[ -x "$binary" ] || { echo "error: '$binary' is not an executable; expected the stargate binary" >&2; exit 2; }

work=$(mktemp -d /tmp/stargate-bench.XXXXXX)
token=bench-token-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
printf '%s viewer bench\n' "$token" > "$work/tokens.txt"
"$binary" serve --port 0 --tokens "$work/tokens.txt" --threads "$server_threads" 2> "$work/server.log" &
server=$!
cleanup() { kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

port=
for _ in $(seq 1 600); do
  port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$work/server.log")
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "error: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

export STARGATE_BENCH_TOKEN=$token
# A short warm-up so that connections and caches are in place.
wrk -t "$wrk_threads" -c "$connections" -d 2s -s "$here/server_bench.lua" "http://127.0.0.1:$port/api/check" >/dev/null
# The server's CPU time (utime + stime, in clock ticks) around the run:
# per request, a figure that a machine shared with other work disturbs
# less than requests/s.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
cpu_before=$(cpu_ticks)
wrk -t "$wrk_threads" -c "$connections" -d "${duration}s" --latency -s "$here/server_bench.lua" \
  "http://127.0.0.1:$port/api/check" > "$work/wrk.txt"
cpu_after=$(cpu_ticks)
cat "$work/wrk.txt"

rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
echo
echo "POST /api/check, $connections connections, ${duration} s, $(nproc) cores, server threads $server_threads:"
echo "  requests/s  $rps"
echo "  p50         $p50"
echo "  p99         $p99"
requests=$(awk '/ requests in / {print $1}' "$work/wrk.txt")
echo "  server CPU  $(awk -v t="$((cpu_after - cpu_before))" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
  'BEGIN {printf "%.1f us per request", t * 1e6 / hz / n}')"
echo "  goal        20000 requests/s with p99 under 10 ms"
