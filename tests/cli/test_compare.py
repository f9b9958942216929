#!/usr/bin/env python3
"""`watermark-explorer compare` (docs/architecture.md §7): JSON schema,
determinism, paired differences, the 72-column text table, --out, bad input.
Usage: test_compare.py EXECUTABLE   (run from the project root)"""
import json
import os
import subprocess
import sys
import tempfile

EXE = sys.argv[1]
# The review scenario without its pinned seeds (so --seeds N means 1..N).
_TMP = tempfile.mkdtemp()
SCEN = os.path.join(_TMP, "storm.yaml")
with open("scenarios/atomic-storm-review.yaml") as f, open(SCEN, "w") as g:
    g.writelines(l for l in f if not l.startswith("seeds:"))
ALL = "vanilla,v1,v2,v3,v4,v5,v10,static-min-free,static-wsf,no-boost"
FAILS = []


def run(*args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run([EXE, "compare", *args], capture_output=True, text=True, env=env, timeout=600)
    return p.returncode, p.stdout, p.stderr


def check(cond, what):
    print(("PASS " if cond else "FAIL ") + what)
    if not cond:
        FAILS.append(what)


rc, out, err = run(SCEN, "--policies", "vanilla,v4,v10", "--seeds", "3", "--duration", "6s", "--json")
check(rc == 0, "compare --json exits 0 (%s)" % err.strip()[:200])
d = json.loads(out) if rc == 0 else {}
check(d.get("seeds") == [1, 2, 3], "seeds 1..N")
pols = d.get("policies", [])
check([p["policy"] for p in pols] == ["vanilla", "v4", "v10"], "policies in the given order")
for i, p in enumerate(pols):
    m = p["metrics"]
    for k in ("sim_atomic_failures", "pgscan_kswapd", "kswapd_efficiency_pct", "direct_efficiency_pct",
              "pages_reclaimed_beyond_first", "allocstall"):
        check(k in m and {"mean", "stddev", "ci95"} <= set(m[k]) and len(m[k]["ci95"]) == 2, "%s has %s" % (p["policy"], k))
    check("paired_diff" in m["sim_atomic_failures"], "%s: paired_diff present" % p["policy"])
    if i == 0:
        check(m["sim_atomic_failures"]["paired_diff"] == {"mean": 0, "ci95": [0, 0]}, "first policy: zero paired_diff")
    check([r["seed"] for r in p["runs"]] == [1, 2, 3] and "sim_alloc_requests" in p["runs"][0]["counters"], "%s runs" % p["policy"])
    if i > 0:
        # paired diff mean = mean of per-seed differences
        a = [r["counters"]["pgsteal_kswapd"] + r["counters"]["pgsteal_direct"] for r in p["runs"]]
        b = [r["counters"]["pgsteal_kswapd"] + r["counters"]["pgsteal_direct"] for r in pols[0]["runs"]]
        want = sum(x - y for x, y in zip(a, b)) / len(a)
        check(abs(m["pages_reclaimed_beyond_first"]["mean"] - want) < 1e-6, "%s extra reclaim = paired mean" % p["policy"])
req = {json.dumps(p["metrics"]["sim_alloc_requests"]) for p in pols}
check(len(req) == 1, "one request stream for every policy")
first = pols[0]["metrics"]["sim_atomic_failures"] if pols else {}
vals = [r["counters"]["sim_atomic_failures"] for r in pols[0]["runs"]] if pols else []
check(vals and abs(first["mean"] - sum(vals) / len(vals)) < 1e-9, "mean matches the runs")

rc2, out2, _ = run(SCEN, "--policies", "vanilla,v4,v10", "--seeds", "3", "--duration", "6s", "--json")
check(rc2 == 0 and out2 == out, "deterministic output (parallel runs)")

rc, out, err = run(SCEN, "--policies", ALL, "--seeds", "2", "--duration", "3s")
check(rc == 0, "text output for ten policies")
lines = out.splitlines()
check(all(len(l.encode()) <= 72 for l in lines), "every line <= 72 bytes")
check(sum(1 for l in lines if l.startswith("atomic failures")) >= 3, "split into tables of <= 4 policies")
for pid in ALL.split(","):
    check(any(pid in l.split() for l in lines), "table has a column for %s" % pid)

with tempfile.TemporaryDirectory() as t:
    outdir = os.path.join(t, "a", "cmp")
    rc, out, err = run(SCEN, "--policies", "vanilla,v5", "--seeds", "2", "--duration", "2s", "--out", outdir)
    check(rc == 0 and os.path.isfile(os.path.join(outdir, "summary.txt")) and os.path.isfile(os.path.join(outdir, "compare.json")),
          "--out writes summary.txt and compare.json")
    if rc == 0:
        check(json.load(open(os.path.join(outdir, "compare.json")))["policies"][1]["policy"] == "v5", "compare.json is the document")
        left = [f for f in os.listdir(outdir) if f.startswith(".") or "tmp" in f.lower() or f.endswith("~")]
        check(not left, "no temporary files left: %s" % left)

rc, out, err = run(SCEN, "--policies", "vanilla,v99")
check(rc == 2 and "v99" in err and "v10" in err and "static-wsf" in err, "unknown policy: exit 2 with the valid ids")
rc, out, err = run(SCEN, "--policies", "vanilla,,v4")
check(rc == 2 and "empty policy id" in err, "an empty id in --policies: exit 2 (%d, %s)" % (rc, err))
rc, out, err = run(SCEN)
check(rc == 2, "missing --policies: exit 2")
rc, out, err = run(SCEN, "--policies", "vanilla", "--seeds", "0")
check(rc == 2, "--seeds 0: exit 2")
rc, out, err = run("does-not-exist.yaml", "--policies", "vanilla")
check(rc == 2, "missing file: exit 2")

# One seed: no spread to report, so no zero-width interval that reads as certainty.
rc, out, err = run(SCEN, "--policies", "vanilla,v4", "--seeds", "1", "--duration", "2s", "--json")
check(rc == 0, "one seed: exit 0 (%s)" % err)
if rc == 0:
    m = json.loads(out)["policies"][1]["metrics"]["sim_atomic_failures"]
    check(m["stddev"] is None and m["ci95"] is None and m["paired_diff"]["ci95"] is None,
          "one seed: stddev and ci95 are null (%s)" % m)

# Pinned seeds replace 1..N; an explicit --seeds takes the first N of them (a note on stderr),
# or extends the list after its largest seed.
rc, out, err = run("scenarios/atomic-storm-review.yaml", "--policies", "vanilla", "--duration", "1s", "--json")
check(rc == 0 and json.loads(out)["seeds"] == list(range(1, 11)), "pinned seeds are used")
rc, out, err = run("scenarios/atomic-storm-review.yaml", "--policies", "vanilla", "--seeds", "2", "--duration", "1s", "--json")
check(rc == 0 and json.loads(out)["seeds"] == [1, 2] and "pins" in err, "--seeds 2 takes the first two pinned seeds (%s)" % err)
rc, out, err = run("scenarios/atomic-storm-review.yaml", "--policies", "vanilla", "--seeds", "12", "--duration", "1s", "--json")
check(rc == 0 and json.loads(out)["seeds"] == list(range(1, 13)), "--seeds 12 extends the ten pinned seeds")

# --set policy.<knob>=V applies to the compared policies that have the knob,
# whatever the scenario's own policy is (the storm's is vanilla, which has none).
def failures(extra):
    rc, out, err = run(SCEN, "--policies", "vanilla,v10", "--seeds", "2", "--duration", "7s", "--json", *extra)
    if rc != 0:
        return rc, err, None
    p = json.loads(out)["policies"]
    return rc, err, [x["metrics"]["sim_boosts_atomic_failure"]["mean"] for x in p]
rc, err, base = failures([])
rc2, err2, at_fail = failures(["--set", "policy.at_failure=1"])
check(rc == 0 and rc2 == 0 and base[1] == 0 and at_fail[1] > 0 and at_fail[0] == 0,
      "--set policy.at_failure=1 reaches v10 only (%s %s %s)" % (base, at_fail, err2.strip()[:200]))
rc, out, err = run(SCEN, "--policies", "vanilla,v4", "--seeds", "1", "--duration", "1s", "--set", "policy.at_failure=1")
check(rc == 2 and "none of the compared policies" in err, "a knob no compared policy has is refused (%s)" % err.strip())
rc, out, err = run(SCEN, "--policies", "v10", "--seeds", "1", "--duration", "1s", "--set", "policy.at_failure=7")
check(rc == 2 and "[0, 1], got 7" in err, "a knob out of range is refused with its range (%s)" % err.strip())

# --set seed=N would be replaced by the seeds --seeds chooses: refused, pointing to --seeds.
rc, out, err = run(SCEN, "--policies", "vanilla", "--seeds", "1", "--duration", "1s", "--set", "seed=5")
check(rc == 2 and "--seeds" in err and not out, "--set seed=5 is refused, pointing to --seeds (%d, %s)" % (rc, err.strip()))


# --out is all or nothing: every refusal comes before anything is written, and a
# failure while writing (a full disk, simulated by a file-size limit that holds
# for root too) leaves the previous bundle exactly as it was and no new directory.
def tree(d):
    """Every file under d with its sha256 (and every directory)."""
    import hashlib
    got = {}
    for root, dirs, files in os.walk(d):
        for n in dirs:
            got[os.path.relpath(os.path.join(root, n), d)] = "dir"
        for n in files:
            got[os.path.relpath(os.path.join(root, n), d)] = hashlib.sha256(open(os.path.join(root, n), "rb").read()).hexdigest()
    return got


def full_disk():
    import resource, signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (150000, 150000))


def run_limited(*args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run([EXE, "compare", *args], capture_output=True, text=True, env=env, timeout=600, preexec_fn=full_disk)
    return p.returncode, p.stdout, p.stderr


with tempfile.TemporaryDirectory() as t:
    cmp = os.path.join(t, "cmp")
    rc, out, err = run(SCEN, "--policies", "vanilla,v10", "--seeds", "2", "--duration", "1s", "--out", cmp)
    check(rc == 0, "compare --out: exit 0 (%s)" % err.strip()[-200:])
    before = tree(cmp)
    # The scenario being run is a file of the bundle that --out replaces.
    rc, out, err = run(os.path.join(cmp, "vanilla", "scenario.yaml"), "--policies", "vanilla,v10", "--seeds", "3",
                       "--duration", "1s", "--out", cmp)
    check(rc == 2 and "nothing was run" in err and not out, "compare over its own scenario: exit 2 before running (%d, %s)" % (rc, err.strip()))
    check(tree(cmp) == before, "a refused compare --out changed the earlier bundle")
    rc, out, err = run_limited(SCEN, "--policies", "vanilla,v10", "--seeds", "3", "--duration", "1s", "--out", cmp)
    check(rc == 2 and "too large" in err.lower() and "tmp-" not in err, "full disk: exit 2 naming the file (%d, %s)" % (rc, err.strip()[-300:]))
    check(tree(cmp) == before, "full disk: the earlier compare bundle is not as it was")
    new = os.path.join(t, "new", "cmp")
    rc, out, err = run_limited(SCEN, "--policies", "vanilla,v10", "--seeds", "2", "--duration", "1s", "--out", new)
    check(rc == 2 and not os.path.exists(os.path.join(t, "new")), "full disk: no partial new directory (%s)" % os.listdir(t))
    check(sorted(os.listdir(t)) == ["cmp"], "staging left behind: %s" % os.listdir(t))
    # Replaced whole: a policy no longer compared is gone, the manifest matches.
    rc, out, err = run(SCEN, "--policies", "vanilla,v4", "--seeds", "2", "--duration", "1s", "--out", cmp)
    check(rc == 0 and sorted(n for n in os.listdir(cmp) if os.path.isdir(os.path.join(cmp, n))) == ["v4", "vanilla"],
          "a second compare --out replaces the first whole: %s" % sorted(os.listdir(cmp)))
    if rc == 0:
        m = json.load(open(os.path.join(cmp, "manifest.json")))
        now = tree(cmp)
        check(sorted(f["name"] for f in m["files"]) == sorted(k for k, v in now.items() if v != "dir" and k != "manifest.json")
              and all(now[f["name"]] == f["sha256"] for f in m["files"]), "compare manifest does not match the files")

print("%d failed" % len(FAILS))
sys.exit(1 if FAILS else 0)
