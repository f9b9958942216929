#!/bin/sh
set -x
D=/work/wtdata/tests/data/pcp/page-cache-fill
N=page-cache-fill
mkdir -p $D
cp /tmp/wm.config $D/$N.config
cd $D
sync; echo 3 > /proc/sys/vm/drop_caches
sleep 2
/tmp/snap.sh $D $N before
pmlogger -c $D/$N.config -t 100msec -T 90sec -l /tmp/$N.pmlogger.log $D/$N &
LPID=$!
sleep 5
timeout 78 sh -c 'cat /var/tmp/wm-fill > /dev/null; cat /var/tmp/wm-fill > /dev/null; cat /var/tmp/wm-fill > /dev/null'
wait $LPID
/tmp/snap.sh $D $N after
