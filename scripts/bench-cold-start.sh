#!/usr/bin/env bash
# Cold start of the real app to its first usable screen: wall time from
# spawning the binary until the UI reports (through the `ui_ready` command)
# that its first screen has its data. Each run gets a new, empty data
# directory (so it also creates and migrates the database). Runs under a
# private Xvfb. Prints every run and the median; target: <= 1500 ms.
#
#   scripts/bench-cold-start.sh [app-binary]   (RUNS=7 by default)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" >/dev/null
APP="${1:-${TIDEMARK_APP:-$CARGO_TARGET_DIR/release/tidemark-app}}"
RUNS="${RUNS:-7}"
[ -x "$APP" ] || { echo "no app binary at $APP: build it first (scripts/run.sh builds release)" >&2; exit 1; }

display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1

times=()
for i in $(seq 1 "$RUNS"); do
  data="$(mktemp -d)"
  log="$data/stderr.log"
  # Drop the page cache when allowed, so "cold" means cold disk too.
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  start=$(date +%s%N)
  DISPLAY="$display" XDG_DATA_HOME="$data" "$APP" 2>"$log" >/dev/null &
  pid=$!
  until grep -q "first screen ready" "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "the app exited early:" >&2; cat "$log" >&2; exit 1; fi
    if [ $(( ($(date +%s%N) - start) / 1000000 )) -gt 30000 ]; then echo "no first screen after 30 s" >&2; kill "$pid"; exit 1; fi
    sleep 0.01
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms (app's own count from setup: $(grep -o 'after [0-9]* ms' "$log"))"
  rm -rf "$data"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "cold start to first usable screen: median ${sorted[$((RUNS / 2))]} ms, min ${sorted[0]} ms, max ${sorted[$((RUNS - 1))]} ms over $RUNS runs (target <= 1500 ms) [$APP]"
