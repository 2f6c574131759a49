#!/usr/bin/env bash
# One MPI rank against two on the same `stargate plan --stochastic` command:
# prints both wall times (mpirun's start-up included), the speed-up, and
# whether every output file is byte-identical (cmp). Prints figures; asserts
# nothing, but exits 1 when the files differ.
#   bench/stochastic_ranks.sh [--bind core|none] STARGATE plan ARGS... (no --out)
# --bind core (the default): each rank is bound to one core, so TBB (which
#   sizes its pool from the process's CPU affinity) runs one thread per rank
#   and the comparison is 1 core against 2. The CLI has no --threads switch.
# --bind none: ranks are not bound; one rank then already uses both cores
#   through TBB (the independent solves beside the extensive form, or the
#   subproblems on threads), and the comparison is 1 process against 2 on
#   the same cores.
# Run from the source tree (the CLI reads data/ from there).
set -u
bind=core
if [ "${1:-}" = "--bind" ]; then
  bind=${2:?--bind core|none}
  shift 2
fi
[ $# -ge 2 ] || { echo "usage: stochastic_ranks.sh [--bind core|none] STARGATE plan ARGS..." >&2; exit 2; }
work=$(mktemp -d /tmp/stochastic_ranks.XXXXXX)
now() { date +%s.%N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
declare -A wall
for np in 1 2; do
  t=$(now)
  mpirun --allow-run-as-root --oversubscribe --bind-to "$bind" --map-by core -np "$np" \
    "$@" --out "$work/np$np" >"$work/np$np.log" 2>"$work/np$np.err"
  rc=$?
  wall[$np]=$(echo "$(now) - $t" | bc)
  printf 'np %d: %8.1f s wall, exit %d, load average after %s\n' "$np" "${wall[$np]}" "$rc" "$(load)"
  [ "$rc" = 0 ] || tail -3 "$work/np$np.err"
done
same=identical
if [ ! -d "$work/np1" ] || [ ! -d "$work/np2" ]; then
  same="not compared (a run wrote nothing)"
else
  while IFS= read -r f; do
    if ! cmp -s "$work/np1/$f" "$work/np2/$f"; then
      same="DIFFERENT ($f)"
      break
    fi
  done < <(cd "$work/np1" && find . -type f | sort)
  # A file only the two-rank run wrote differs too.
  [ "$(cd "$work/np1" && find . -type f | sort)" = "$(cd "$work/np2" && find . -type f | sort)" ] ||
    same="DIFFERENT (file lists)"
fi
echo "bind-to $bind; 1 rank / 2 ranks: $(echo "scale=2; ${wall[1]} / ${wall[2]}" | bc)x;" \
  "files: $same; outputs in $work"
case $same in identical) exit 0 ;; *) exit 1 ;; esac
