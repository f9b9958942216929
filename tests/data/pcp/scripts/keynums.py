import csv, subprocess, sys, io
arch, interval = sys.argv[1], sys.argv[2]
zm = ['free','min','low','high','managed']
vm = ['pgscan_kswapd','pgscan_direct','pgsteal_kswapd','pgsteal_direct','pageoutrun','allocstall_dma','allocstall_dma32','allocstall_normal','allocstall_movable','kswapd_low_wmark_hit_quickly','kswapd_high_wmark_hit_quickly','compact_stall','drop_pagecache','oom_kill']
metrics = ['mem.zoneinfo.'+m for m in zm] + ['mem.vmstat.'+m for m in vm]
out = subprocess.run(['/usr/bin/python3','/usr/bin/pmrep','-a',arch,'-t',interval,'-r','-o','csv','-i','DMA::node0,DMA32::node0,Normal::node0']+metrics, capture_output=True, text=True, check=True).stdout
rows = list(csv.reader(io.StringIO(out)))
hdr = rows[0]; data = [r for r in rows[1:] if any(c not in ('','N/A') for c in r[1:])]
print('samples', len(data), 'first', data[0][0], 'last', data[-1][0])
def col(name):
    i = hdr.index(name); return [int(float(r[i])) for r in data if r[i] not in ('','N/A')]
for z in ['DMA32','Normal']:
    for m in zm:
        c = col(f'mem.zoneinfo.{m}-{z}::node0')
        print(f'{z:6} {m:8} start {c[0]:>9} end {c[-1]:>9} min {min(c):>9} max {max(c):>9}')
    f = col(f'mem.zoneinfo.free-{z}::node0'); lo = col(f'mem.zoneinfo.low-{z}::node0')
    i = f.index(min(f)); print(f'{z} lowest free {f[i]} kB at sample {i} ({data[i][0]}), low then {lo[i]}')
for m in vm:
    c = col('mem.vmstat.'+m); print(f'{m:32} first {c[0]:>10} last {c[-1]:>10} delta {c[-1]-c[0]}')
