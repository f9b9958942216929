#!/usr/bin/env python3
"""Input that looks valid but cannot mean what it says is refused with a
message and exit 2 before anything runs: an empty --out, an option given
twice, a parameter swept twice, a --set compare would ignore, --plan with
--merge, a --plan --out that cannot hold the runs; and --seeds N runs N seeds
even when the scenario pins the largest seed there is.
argv[1] = the executable; run from the project root."""
import json, os, subprocess, tempfile

from clitest import EXE, check, finish

ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")
S = "scenarios/default.yaml"
SHORT = ["--duration", "100ms"]
ZI = "tests/data/zoneinfo/x86-vm-6.18-3zones.txt"


def run(*args):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300, env=ENV)


with tempfile.TemporaryDirectory() as tmp:
    afile = os.path.join(tmp, "afile")
    open(afile, "w").write("x\n")
    refused = [
        (["run", S, *SHORT, "--out", ""], "empty"),
        (["compare", S, "--policies", "vanilla,v10", "--seeds", "1", *SHORT, "--out", ""], "empty"),
        (["sweep", S, "--param", "vm.watermark_scale_factor=10:20:10", *SHORT, "--out="], "empty"),
        (["run", S, *SHORT, "--out", os.path.join(tmp, "a"), "--out", os.path.join(tmp, "b")], "twice"),
        (["run", S, "--seed", "1", "--seed", "2", *SHORT], "twice"),
        (["import-zoneinfo", ZI, "-o", os.path.join(tmp, "a.yaml"), "-o", os.path.join(tmp, "b.yaml")], "twice"),
        (["import-zoneinfo", ZI, "-o", ""], "empty"),
        (["sweep", S, "--param", "vm.watermark_scale_factor=1:3:1", "--param", "vm.watermark_scale_factor=1:3:1", *SHORT],
         "swept twice"),
        (["compare", S, "--policies", "vanilla,v10", "--seeds", "1", *SHORT, "--set", "policy=v4"], "--policies"),
        (["sweep", S, "--param", "vm.watermark_scale_factor=10:20:10", "--plan", "--merge", tmp], "--merge"),
        (["sweep", S, "--param", "vm.watermark_scale_factor=10:20:10", "--plan", "--out", afile], "not a directory"),
    ]
    if os.path.isdir("/proc") and os.getuid() == 0:
        refused.append((["sweep", S, "--param", "vm.watermark_scale_factor=10:20:10", "--plan", "--out", "/proc/sys"],
                        "not writable"))
    for cmd, why in refused:
        p = run(*cmd)
        check(p.returncode == 2 and why in p.stderr and not p.stdout,
              "%s: exit %d, %r" % (" ".join(cmd), p.returncode, p.stderr[-300:]))
    check(not os.path.exists(os.path.join(tmp, "a")) and not os.path.exists(os.path.join(tmp, "b"))
          and not os.path.exists(os.path.join(tmp, "a.yaml")), "a refused command wrote: %s" % os.listdir(tmp))

    # The largest seed pinned, --seeds 3: three distinct seeds.
    pinned = os.path.join(tmp, "pinned.yaml")
    text = open(S).read().replace("seed: 1\n", "seeds: [9223372036854775807]\n")
    open(pinned, "w").write(text)
    p = run("compare", pinned, "--policies", "vanilla", "--seeds", "3", *SHORT, "--json")
    if check(p.returncode == 0, "compare --seeds 3 with the largest seed pinned: exit %d, %s" % (p.returncode, p.stderr)):
        doc = json.loads(p.stdout)
        seeds = doc.get("seeds") or []
        check(len(seeds) == 3 and len(set(seeds)) == 3, "--seeds 3 ran seeds %s" % seeds)

finish()
