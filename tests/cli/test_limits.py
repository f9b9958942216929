#!/usr/bin/env python3
"""Valid-looking inputs that would never finish or exhaust memory are refused
with the limit named (the kernel's where it has one), and thousands of
workload sources cost no more with --json / --out than without.
argv[1] = the executable; run from the project root."""
import os, subprocess, tempfile, time

from clitest import EXE, check, finish

ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")
ZONES = "    - zones:\n        - type: Normal\n          managed: 4096 pages\n"


def scenario(nodes, sources=1):
    w = "".join("  - name: s%d\n    gfp: GFP_KERNEL\n    rate: { pattern: poisson, rate: 10/s }\n"
                "    lifetime: { exponential: 2s }\n" % i for i in range(sources))
    return "name: limits\nduration: 100ms\nmachine:\n  nodes:\n" + ZONES * nodes + "workload:\n" + w


def run(*args, timeout=120):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout, env=ENV)


with tempfile.TemporaryDirectory() as tmp:
    # MAX_NUMNODES: 1024 nodes load, 1025 are refused before anything runs.
    for nodes, ok in ((1024, True), (1025, False)):
        f = os.path.join(tmp, "n%d.yaml" % nodes)
        open(f, "w").write(scenario(nodes))
        p = run("validate", f)
        if ok:
            check(p.returncode == 0, "%d nodes: exit %d, %s" % (nodes, p.returncode, p.stderr[-300:]))
        else:
            check(p.returncode == 2 and "1024" in p.stderr and "MAX_NUMNODES" in p.stderr,
                  "%d nodes: exit %d, %s" % (nodes, p.returncode, p.stderr[-300:]))
    # A zoneinfo node id beyond MAX_NUMNODES - 1.
    zi = open("tests/data/zoneinfo/x86-vm-6.18-3zones.txt").read().replace("Node 0,", "Node 1024,")
    open(os.path.join(tmp, "zi.txt"), "w").write(zi)
    p = run("zoneinfo", os.path.join(tmp, "zi.txt"))
    check(p.returncode == 2 and "0..1023" in p.stderr, "zoneinfo node 1024: exit %d, %s" % (p.returncode, p.stderr[-300:]))

    # --jobs: at most 4 per CPU (and 256).
    cpus = os.cpu_count() or 1
    limit = min(256, 4 * cpus)
    sweep = ["sweep", "scenarios/default.yaml", "--param", "vm.watermark_scale_factor=10:20:10", "--duration", "100ms"]
    p = run(*sweep, "--jobs", str(limit + 1))
    check(p.returncode == 2 and "--jobs" in p.stderr, "--jobs %d: exit %d, %s" % (limit + 1, p.returncode, p.stderr))
    p = run(*sweep, "--jobs", "1024")
    check(p.returncode == 2, "--jobs 1024: exit %d" % p.returncode)
    p = run(*sweep, "--jobs", str(limit))
    check(p.returncode == 0, "--jobs %d: exit %d, %s" % (limit, p.returncode, p.stderr))

    # 4,000 sources: --json and --out cost about what the run costs (was 11 s
    # against 0.34 s: every parameter looked up through every source).
    f = os.path.join(tmp, "s4000.yaml")
    open(f, "w").write(scenario(1, 4000))
    t = time.monotonic()
    p = run("run", f)
    plain = time.monotonic() - t
    check(p.returncode == 0, "4000 sources: exit %d, %s" % (p.returncode, p.stderr[-300:]))
    for extra in (["--json"], ["--out", os.path.join(tmp, "out")]):
        t = time.monotonic()
        p = run("run", f, *extra)
        took = time.monotonic() - t
        check(p.returncode == 0 and took < plain * 5 + 3,
              "4000 sources with %s: exit %d, %.1f s against %.1f s without" % (extra[0], p.returncode, took, plain))

finish()
