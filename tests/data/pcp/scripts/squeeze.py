import time, sys, os
def meminfo(k):
    for l in open('/proc/meminfo'):
        if l.startswith(k + ':'):
            return int(l.split()[1])
open('/proc/self/oom_score_adj', 'w').write('1000')
avail = meminfo('MemAvailable')
target_kb = avail - 1536 * 1024
step = 256 << 20
print(f"MemAvailable={avail} kB target={target_kb} kB", flush=True)
chunks = []
got = 0
t0 = time.time()
while got + step // 1024 <= target_kb:
    if meminfo('MemAvailable') < 1536 * 1024:
        print("MemAvailable below 1.5 GB, stopping", flush=True); break
    b = bytearray(step)
    b[0::4096] = b'\x01' * (step // 4096)
    chunks.append(b)
    got += step // 1024
    time.sleep(0.3)
print(f"allocated {got} kB in {time.time()-t0:.1f}s, MemAvailable={meminfo('MemAvailable')} MemFree={meminfo('MemFree')}", flush=True)
time.sleep(float(sys.argv[1]))
print(f"freeing; MemAvailable={meminfo('MemAvailable')} MemFree={meminfo('MemFree')}", flush=True)
del chunks
