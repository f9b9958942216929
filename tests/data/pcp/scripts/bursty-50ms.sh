#!/bin/sh
set -x
D=/work/wtdata/tests/data/pcp/bursty-50ms
N=bursty-50ms
mkdir -p $D
cp /tmp/wm.config $D/$N.config
cd $D
# not logged: refill page cache so that bursts must reclaim
cat /var/tmp/wm-fill > /dev/null
/tmp/snap.sh $D $N before
pmlogger -c $D/$N.config -t 50msec -T 22sec -l /tmp/$N.pmlogger.log $D/$N &
LPID=$!
sleep 2
for i in 0 1 2 3 4 5 6 7 8 9; do
  dd if=/var/tmp/wm-fill of=/dev/null bs=1M count=1024 skip=$((i*1024)) status=none
  sleep 1
done
wait $LPID
/tmp/snap.sh $D $N after
