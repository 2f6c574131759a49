#!/usr/bin/env bash
# clang-tidy with the checks of .clang-tidy over every library and app source
# (tests aside); exits 1 on any finding. A source whose text, headers, compile
# flags, check configuration and clang-tidy version are all unchanged since a
# clean run is skipped: its key is a hash over all of them (the headers come
# from ninja's dependency log), so the cache cannot hide a new finding.
#   tests/tidy_check.sh [BUILD_DIR]      (a configured and built Ninja tree)
# Cache: $STARGATE_TIDY_CACHE, default ~/.cache/stargate-tidy.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
jobs=${JOBS:-$(nproc)}
cache=${STARGATE_TIDY_CACHE:-$HOME/.cache/stargate-tidy}
tidy=${CLANG_TIDY:-clang-tidy-14}
mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each object's dependencies, the source first; keep the library and app
# sources (paths as the build directory writes them, e.g. ../src/...).
ninja -C "$build" -t deps >"$work/deps"
awk -v out="$work" '
  /^[^ ]/ { first = 1; keep = 0; next }
  /^    / {
    file = $1
    if (first) {
      first = 0; source = file
      keep = (source ~ /(^|\/)(src\/stargate|apps\/stargate)\/.*\.cc$/ && source !~ /_test\.cc$/ && source !~ /_testing/)
      if (keep) print source >(out "/sources")
    }
    if (keep) print source "\t" file >(out "/pairs")
  }' "$work/deps"
[ -s "$work/sources" ] || { echo "error: no sources in $build's dependency log (build it first)" >&2; exit 2; }

# One hash per distinct file, then one key per source over its files' hashes,
# its compile command and the configuration.
config=$( { cat .clang-tidy; "$tidy" --version; } | sha256sum | cut -c1-64)
cut -f2 "$work/pairs" | sort -u >"$work/files"
(cd "$build" && xargs -a "$work/files" -d '\n' sha256sum) | awk '{ print $2 "\t" $1 }' | sort >"$work/hashes"
sort -k2,2 "$work/pairs" | join -t $'\t' -1 2 -2 1 -o 1.1,2.2 - "$work/hashes" | sort >"$work/source_hashes"
root=$(pwd -P)
misses=0
: >"$work/todo"
while IFS= read -r source; do
  # The compile command without the clone's path, so a new clone hits the cache.
  command=$(grep -F "\"file\": \"$(cd "$build" && realpath "$source")\"" -B1 "$build/compile_commands.json" |
            head -1 | sed "s|$root||g")
  key=$( { echo "$config"; echo "$command"; awk -F'\t' -v s="$source" '$1 == s { print $2 }' "$work/source_hashes"; } |
         sha256sum | cut -c1-64)
  if [ ! -e "$cache/$key" ]; then
    printf '%s\t%s\n' "$(cd "$build" && realpath "$source")" "$key" >>"$work/todo"
    misses=$((misses + 1))
  fi
done <"$work/sources"
total=$(wc -l <"$work/sources")
echo "clang-tidy: $total sources, $misses to check ($((total - misses)) unchanged since a clean run)" >&2

# Check the rest in parallel; a clean source's key goes into the cache.
export build cache tidy
check_one() {
  local source=${1%%$'\t'*} key=${1##*$'\t'}
  if "$tidy" -p "$build" --quiet "$source" >"$cache/.out.$key" 2>&1; then
    touch "$cache/$key"
    rm -f "$cache/.out.$key"
  else
    grep -E "(warning|error):" "$cache/.out.$key" >&2 || cat "$cache/.out.$key" >&2
    rm -f "$cache/.out.$key"
    return 1
  fi
}
export -f check_one
if ! xargs -a "$work/todo" -d '\n' -r -P "$jobs" -I{} bash -c 'check_one "$1"' _ {}; then
  echo "error: clang-tidy found problems (the checks are in .clang-tidy)" >&2
  exit 1
fi
