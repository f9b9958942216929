#!/bin/sh
# usage: snap.sh DIR NAME before|after
d=$1; n=$2; w=$3
cat /proc/zoneinfo > "$d/$n.zoneinfo-$w.txt"
cat /proc/vmstat > "$d/$n.vmstat-$w.txt"
{ for f in min_free_kbytes watermark_scale_factor watermark_boost_factor lowmem_reserve_ratio; do
    printf '%s: %s\n' "$f" "$(cat /proc/sys/vm/$f)"; done; } > "$d/$n.sysctl-$w.txt"
grep -E 'MemTotal|MemFree|MemAvailable|^Cached|AnonPages' /proc/meminfo > "$d/$n.meminfo-$w.txt"
