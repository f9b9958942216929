#!/bin/bash
# The two `watermark-explorer record` archives of tests/data/pcp (see README.md there), made on the
# development VM with the build of the same commit: a page-cache fill and an anonymous squeeze.
# Run as root from the repository root: bash tests/data/pcp/scripts/record-runs.sh BUILD/watermark-explorer
set -euo pipefail
exe=${1:-build/ci/watermark-explorer}
out=tests/data/pcp
fill=/var/tmp/wm-record-fill
# 1. A 28 GiB file (more than free memory on the 24 GB VM) written with O_DIRECT (so it is not in the page cache), caches dropped, then read.
dd if=/dev/zero of=$fill bs=1M count=28672 oflag=direct status=none
sync; echo 3 > /proc/sys/vm/drop_caches
mkdir -p $out/record-page-cache-fill
"$exe" record -o $out/record-page-cache-fill/record-page-cache-fill --interval 200ms --duration 60s &
rec=$!
sleep 2
cat $fill > /dev/null
wait $rec
# 2. With that page cache in place: anonymous memory up to MemAvailable - 1.5 GB, held 10 s, freed.
mkdir -p $out/record-anon-squeeze
"$exe" record -o $out/record-anon-squeeze/record-anon-squeeze --interval 200ms --duration 60s &
rec=$!
sleep 2
python3 $out/scripts/squeeze.py 10
wait $rec
rm -f $fill
