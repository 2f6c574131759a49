#!/usr/bin/env bash
# The stochastic plan at scale, side by side in one run: on a generated
# scenario (`stargate gen`, 50 sites by default) with N sampled futures,
#   (a) the extensive form exported as MPS and solved by the `clp` program alone,
#   (b) `stargate plan --stochastic --method decomposition --gap G`,
#   (c) the decomposition's upper bound against clp's optimum.
# Prints figures; asserts nothing. Every step has a time limit, so a run ends
# in about sizes x (2 x --time-limit + model building) even when nothing converges;
# what a stopped step reached is printed.
#   bench/stochastic_scale_bench.sh STARGATE [--sizes 8,16,32] [--sites 50] [--seed 1]
#       [--gap 0.005] [--time-limit 240] [--clp-method dualsimplex|barrier] [--work DIR]
# STARGATE is the built binary (build/apps/stargate/stargate); run from the
# source tree (the CLI reads data/ from there).
set -u
stargate=${1:?usage: stochastic_scale_bench.sh STARGATE [--sizes 8,16,32] [--sites 50] ...}
shift
sizes=8,16,32 sites=50 seed=1 gap=0.005 limit=240 clp_method=dualsimplex work=
while [ $# -ge 2 ]; do
  case $1 in
    --sizes) sizes=$2 ;;
    --sites) sites=$2 ;;
    --seed) seed=$2 ;;
    --gap) gap=$2 ;;
    --time-limit) limit=$2 ;;
    --clp-method) clp_method=$2 ;;
    --work) work=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
[ -n "$work" ] || work=$(mktemp -d /tmp/stochastic_scale.XXXXXX)
mkdir -p "$work"
command -v clp >/dev/null || { echo "needs the clp program (apt-get install coinor-clp)" >&2; exit 2; }
command -v jq >/dev/null || { echo "needs jq (apt-get install jq)" >&2; exit 2; }

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

scenario=$work/gen$sites.yaml
"$stargate" gen --sites "$sites" --seed "$seed" --out "$scenario" >/dev/null || exit 1
echo "generated scenario: $sites sites (stargate gen --sites $sites --seed $seed), futures sampled"
echo "from data/plan-uncertainty.yaml with seed $seed; decomposition --gap $gap; every step limited to"
echo "$limit s; clp -$clp_method; $(nproc) cores; load average at start $(load); work files in $work"
printf '%-4s %9s %9s | %9s %8s %-9s %14s | %9s %9s %8s %6s %-12s %14s %9s | %8s %s\n' \
  N rows columns "clp s" "clp cpu" "clp" "clp obj \$" "dec loop" "dec all" "dec cpu" iter "dec status" \
  "dec upper \$" "dec gap" "dec/clp" "load"
for n in ${sizes//,/ }; do
  mps=$work/ef$n.mps
  # The extensive form's MPS: the CLI writes it after its own solve, so that
  # solve gets one second and fails fast (the file is written either way).
  "$stargate" plan "$scenario" --stochastic --scenarios "$n" --seed "$seed" --time-limit 1 \
    --export-mps "$mps" --out "$work/mps$n" >/dev/null 2>"$work/mps$n.err"
  if [ ! -s "$mps" ]; then
    echo "N=$n: no MPS written: $(tail -1 "$work/mps$n.err")"
    continue
  fi
  # (a) clp alone on the file: wall time and the objective (stopped: the one reached).
  # clp's -sec counts CPU seconds, which on a loaded machine is far from the
  # wall clock: timeout stops it at the wall limit too (SIGINT, which clp
  # takes as "stop now and report").
  t=$(now)
  timeout -s INT -k 30 "$limit" clp "$mps" -sec "$limit" -"$clp_method" >"$work/clp$n.log" 2>&1
  clp_s=$(since "$t")
  # clp's own time on its last line (CPU seconds, presolve included).
  clp_cpu=$(grep -E '^(Optimal|Stopped|Primal|Dual).* time [0-9.]+' "$work/clp$n.log" |
    sed -n 's/.* time \([0-9.]*\).*/\1/p' | tail -1)
  [ -n "$clp_cpu" ] || clp_cpu=nan
  if grep -q '^Optimal objective' "$work/clp$n.log"; then
    clp_state=optimal
    clp_obj=$(sed -n 's/^Optimal objective \([^ ]*\).*/\1/p' "$work/clp$n.log" | tail -1)
  else
    clp_state=stopped
    # The last objective clp printed (with -dualsimplex, the perturbed dual
    # objective of the presolved model: below the optimum, roughly).
    clp_obj=$(grep -o 'Obj [-0-9.e+]*' "$work/clp$n.log" | tail -1 | cut -d' ' -f2)
    [ -n "$clp_obj" ] || clp_obj=nan
  fi
  # The model's size from the MPS: rows (ROWS section minus the objective), columns.
  rows=$(awk '/^ROWS/{r=1;next} /^COLUMNS/{exit} r{c++} END{print c-1}' "$mps")
  columns=$(awk '/^COLUMNS/{r=1;next} /^RHS/{exit} r && $1!=last && $1!="MARKER"{c++;last=$1} END{print c}' "$mps")
  # (b) the decomposition, its own time limit, and a wall-clock guard.
  t=$(now)
  # /usr/bin/time: its CPU seconds (all threads), comparable with clp's own on a loaded machine.
  /usr/bin/time -f '%U %S' -o "$work/dec$n.time" timeout $((3 * limit + 300)) "$stargate" plan "$scenario" --stochastic --scenarios "$n" \
    --seed "$seed" --method decomposition --gap "$gap" --time-limit "$limit" \
    --out "$work/dec$n" --json >"$work/dec$n.json" 2>"$work/dec$n.err"
  dec_rc=$?
  dec_wall=$(since "$t")
  dec_cpu=$(awk 'NF == 2 && $1 ~ /^[0-9.]+$/ {printf "%.1f", $1 + $2}' "$work/dec$n.time" 2>/dev/null)
  [ -n "$dec_cpu" ] || dec_cpu=nan
  if jq -e .stochastic "$work/dec$n.json" >/dev/null 2>&1; then
    read -r dec_loop dec_all iter dec_status upper dec_gap < <(jq -r '.stochastic |
      [.model.solve_seconds, .model.total_seconds, .method.iterations, .status,
       .method.upper_bound_usd, .method.relative_gap] | @tsv' "$work/dec$n.json")
  else
    dec_loop=nan dec_all=$dec_wall iter=- upper=nan dec_gap=nan
    dec_status="exit$dec_rc"
  fi
  # (c) the decomposition's plan against clp's optimum (the MPS is in $M).
  vs=$(awk -v u="$upper" -v c="$clp_obj" -v s="$clp_state" 'BEGIN{
    if (s != "optimal" || u == "nan" || u == "null") { print "-"; exit }
    printf "%+.3f%%", 100 * (u - c * 1e6) / (c * 1e6) }')
  printf '%-4s %9s %9s | %9.1f %8.1f %-9s %14.6e | %9.1f %9.1f %8s %6s %-12s %14.6e %9.2e | %8s %s\n' \
    "$n" "$rows" "$columns" "$clp_s" "$clp_cpu" "$clp_state" "$(awk -v c="$clp_obj" 'BEGIN{print c*1e6}')" \
    "$dec_loop" "$dec_all" "$dec_cpu" "$iter" "$dec_status" "$upper" "$dec_gap" "$vs" "$(load)"
  [ "$dec_status" = "exit$dec_rc" ] && echo "     decomposition: $(tail -1 "$work/dec$n.err")"
done
echo "clp s: wall time of the clp program (reading the MPS included), clp cpu its own CPU time; dec loop: the decomposition's"
echo "iterations; dec all: the whole stochastic run (model building, the 2N+1 independent solves the"
echo "decomposition starts from, the loop; wall), dec cpu its CPU seconds over all threads; dec/clp: the decomposition's plan cost above clp's optimum."
