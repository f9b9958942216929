#!/bin/sh
set -x
D=/work/wtdata/tests/data/pcp/anon-squeeze
N=anon-squeeze
mkdir -p $D
cp /tmp/wm.config $D/$N.config
cd $D
/tmp/snap.sh $D $N before
pmlogger -c $D/$N.config -t 100msec -T 100sec -l /tmp/$N.pmlogger.log $D/$N &
LPID=$!
sleep 5
/usr/bin/python3 /tmp/squeeze.py 20
wait $LPID
/tmp/snap.sh $D $N after
