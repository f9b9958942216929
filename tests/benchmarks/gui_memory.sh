#!/usr/bin/env bash
# GUI memory at max speed (issue #7): starts the program on network-burst
# stretched to 30 days (so the run never ends) at --speed max, samples its
# resident set every INTERVAL seconds for MINUTES minutes, and prints the
# samples and the growth over the second half. Not part of any test run.
#   tests/benchmarks/gui_memory.sh build/release/watermark-explorer [MINUTES] [INTERVAL]
# Needs a display: uses $DISPLAY, or starts Xvfb on :97 when there is none.
set -euo pipefail
exe=${1:?usage: $0 EXE [MINUTES] [INTERVAL]}
minutes=${2:-10}
interval=${3:-20}
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
xvfb_pid=""
app_pid=""
cleanup() {
    [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null || true
    [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
sed 's/^duration: .*/duration: 30d/' "$here/scenarios/network-burst.yaml" >"$work/long.yaml"
if [[ -z ${DISPLAY:-} ]]; then
    Xvfb :97 -screen 0 1600x1000x24 >/dev/null 2>&1 &
    xvfb_pid=$!
    export DISPLAY=:97
    sleep 1
fi
"$exe" "$work/long.yaml" --play --speed max >"$work/app.log" 2>&1 &
app_pid=$!
samples=$((minutes * 60 / interval))
declare -a rss
printf '%8s %10s\n' "seconds" "RSS (MB)"
for ((i = 1; i <= samples; i++)); do
    sleep "$interval"
    if ! kill -0 "$app_pid" 2>/dev/null; then
        echo "the program exited early:" >&2
        cat "$work/app.log" >&2
        exit 1
    fi
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$app_pid/status")
    rss[i]=$kb
    printf '%8d %10.1f\n' $((i * interval)) "$(echo "$kb / 1024" | bc -l)"
done
half=$(((samples + 1) / 2))
growth=$(echo "(${rss[samples]} - ${rss[half]}) / 1024" | bc -l)
span=$(echo "($samples - $half) * $interval / 60" | bc -l)
printf 'second half: %+.1f MB over %.1f min (%+.2f MB/min)\n' "$growth" "$span" "$(echo "$growth / $span" | bc -l)"
