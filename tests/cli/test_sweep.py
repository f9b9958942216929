#!/usr/bin/env python3
"""sweep: a 2x2 grid with 1 seed (--duration 2s) writes sweep.csv, summary and
a heatmap; --plan + running the plan + --merge gives the same sweep.csv; bad
ranges exit 2. argv[1] = the executable; run from the project root."""
import csv, json, os, re, shlex, subprocess, sys, tempfile

from clitest import EXE, check, failures, finish, run


GRID = ["scenarios/network-burst.yaml", "--param", "vm.min_free_kbytes=60000:120000:60000",
        "--param", "vm.watermark_scale_factor=10:20:10", "--seeds", "1", "--duration", "2s"]

with tempfile.TemporaryDirectory() as tmp:
    a = os.path.join(tmp, "direct")
    p = run("sweep", *GRID, "--out", a)
    check(p.returncode == 0, "sweep exit %d: %s" % (p.returncode, p.stderr))
    rows = list(csv.reader(open(os.path.join(a, "sweep.csv"))))
    check(rows[0] == ["vm.min_free_kbytes", "vm.watermark_scale_factor", "seed", "sim_atomic_failures"], "header %s" % rows[0])
    check(len(rows) == 5, "sweep.csv rows %d" % len(rows))
    check({(r[0], r[1]) for r in rows[1:]} == {("60000", "10"), ("60000", "20"), ("120000", "10"), ("120000", "20")}, "grid %s" % rows[1:])
    for f in ("summary.txt", "summary.csv", "sweep.json", "sweep.png", "sweep.svg", "sweep.pdf", "manifest.json"):
        check(os.path.exists(os.path.join(a, f)), "missing " + f)
    summary = open(os.path.join(a, "summary.txt")).read().splitlines()
    check(all(len(l) <= 72 for l in summary), "summary.txt line over 72 columns")
    # A column name too long for the table is spelled out above it; numbers share their decimals.
    check(any(l.strip() == "watermark_scal~ = vm.watermark_scale_factor" for l in summary),
          "the shortened column name is not spelled out: %s" % summary[:8])
    body = [l for l in summary if l[:1].isdigit()]
    check(body and all(len(f.split(".")[-1]) == 1 for l in body for f in l.split()[-3:]), "mean, ci95, stddev with one decimal: %s" % body[:2])
    # --json on stdout
    pj = run("sweep", *GRID, "--json", "--metric", "pgscan_kswapd")
    try:
        d = json.loads(pj.stdout)
        check(len(d["points"]) == 4 and all({"mean", "stddev", "ci95"} <= set(x) for x in d["points"]), "sweep --json points")
        check(d["metric"] == "pgscan_kswapd", "metric")
    except Exception as e:
        check(False, "sweep --json not JSON: %s %s" % (e, pj.stderr))
    # --plan, run each line through the shell, --merge
    runs = os.path.join(tmp, "runs")
    os.mkdir(runs)
    pp = run("sweep", *GRID, "--plan", "--out", runs)
    lines = [l for l in pp.stdout.splitlines() if l.strip()]
    check(pp.returncode == 0 and len(lines) == 4, "plan lines %d: %s" % (len(lines), pp.stderr))
    for l in lines:
        check(" run " in l and "--seed 1" in l and "--json >" in l, "plan line: " + l)
        r = subprocess.run(l, shell=True, capture_output=True, text=True, timeout=600)
        check(r.returncode == 0, "plan line failed: %s: %s" % (l, r.stderr))
    b = os.path.join(tmp, "merged")
    pm = run("sweep", *GRID, "--merge", runs, "--out", b)
    check(pm.returncode == 0, "merge exit %d: %s" % (pm.returncode, pm.stderr))
    if pm.returncode == 0:
        check(open(os.path.join(a, "sweep.csv")).read() == open(os.path.join(b, "sweep.csv")).read(), "--merge sweep.csv differs from the direct sweep")
        check(open(os.path.join(a, "summary.csv")).read() == open(os.path.join(b, "summary.csv")).read(), "--merge summary.csv differs")
    # A foreign result in the right file name (another parameter value, another
    # duration, another policy, another scenario) is refused, naming what differs.
    first = sorted(f for f in os.listdir(runs) if f.endswith(".json"))[0]
    keep = open(os.path.join(runs, first)).read()
    for extra, what in ((["--set", "vm.watermark_scale_factor=999"], "vm.watermark_scale_factor"),
                        (["--duration", "3s"], "duration="),
                        (["--policy", "v10"], "policy=")):
        line = next(l for l in lines if first in l)
        cmd = line.split(" > ")[0]
        if extra[0] in ("--duration", "--policy") and (" %s " % extra[0]) in cmd:
            # An option given twice is refused: replace the plan's own value.
            cmd = re.sub(r" %s \S+" % extra[0], " " + " ".join(extra), cmd)
        else:
            cmd += " " + " ".join(extra)
        subprocess.run(cmd + " > " + os.path.join(runs, first), shell=True, capture_output=True, text=True, timeout=600)
        pf = run("sweep", *GRID, "--merge", runs)
        check(pf.returncode == 2 and "is not this sweep's point" in pf.stderr and what in pf.stderr,
              "merge of a foreign result (%s): exit %d, %s" % (" ".join(extra), pf.returncode, pf.stderr.strip()[-300:]))
    other = subprocess.run([EXE, "run", "scenarios/default.yaml", "--seed", "1", "--json"], capture_output=True, text=True, timeout=600)
    open(os.path.join(runs, first), "w").write(other.stdout)
    pf = run("sweep", *GRID, "--merge", runs)
    check(pf.returncode == 2 and "scenario" in pf.stderr, "merge of another scenario's result: exit %d, %s" % (pf.returncode, pf.stderr))
    open(os.path.join(runs, first), "w").write(keep)
    check(run("sweep", *GRID, "--merge", runs).returncode == 0, "merge works again with the right file")
    # merge with a run missing: exit 2
    os.remove(os.path.join(runs, sorted(os.listdir(runs))[0]))
    check(run("sweep", *GRID, "--merge", runs).returncode == 2, "merge with a missing run should exit 2")
    # one parameter: line chart
    c = os.path.join(tmp, "one")
    p1 = run("sweep", "scenarios/network-burst.yaml", "--param", "vm.watermark_scale_factor=10:30:10", "--seeds", "2", "--duration", "1s", "--out", c)
    check(p1.returncode == 0 and os.path.exists(os.path.join(c, "sweep.svg")), "one-parameter sweep: %s" % p1.stderr)
    # bad ranges
    for bad in ("vm.watermark_scale_factor=10:20:0", "vm.watermark_scale_factor=30:20:5", "vm.min_free_kbytes=1:100000:1",
                "vm.watermark_scale_factor=10:20", "vm.no_such_param=1:2:1", "vm.watermark_scale_factor=0:4000:1000"):
        pb = run("sweep", "scenarios/network-burst.yaml", "--param", bad, "--duration", "1s")
        check(pb.returncode == 2 and pb.stderr.strip(), "bad range %s: exit %d, %s" % (bad, pb.returncode, pb.stderr))
    pb = run("sweep", "scenarios/network-burst.yaml", "--param", "vm.watermark_scale_factor=10:20:10", "--metric", "nope", "--duration", "1s")
    check(pb.returncode == 2, "unknown metric should exit 2")

# Seeds are never repeated: a scenario pinning [2, 3] with --seeds 3 runs 2, 3, 4 (as compare).
with tempfile.TemporaryDirectory() as tmp:
    pinned = os.path.join(tmp, "pinned.yaml")
    with open("scenarios/network-burst.yaml") as src, open(pinned, "w") as dst:
        dst.writelines(l for l in src if not l.startswith(("seed:", "seeds:")))
        dst.write("seeds: [2, 3]\n")
    one = ["--param", "vm.watermark_scale_factor=10:20:10", "--duration", "1s"]
    pp = run("sweep", pinned, *one, "--seeds", "3", "--plan")
    seeds = [l.split("--seed ")[1].split()[0] for l in pp.stdout.splitlines() if "--seed " in l]
    check(pp.returncode == 0 and seeds == ["2", "3", "4"] * 2, "--plan seeds of a pinned [2, 3] with --seeds 3: %s %s" % (seeds, pp.stderr))
    pj = run("sweep", pinned, *one, "--seeds", "3", "--json")
    check(pj.returncode == 0 and json.loads(pj.stdout or "{}").get("seeds") == [2, 3, 4], "sweep --json seeds: %s" % pj.stdout[:200])
    pj = run("sweep", pinned, *one, "--json")
    check(pj.returncode == 0 and json.loads(pj.stdout or "{}").get("seeds") == [2], "no --seeds: the first pinned seed")
    # The seed is not an axis, and --set seed=N would be replaced by the seeds: both refused, pointing to --seeds.
    for extra in (["--param", "seed=1:3:1"], ["--param", "vm.watermark_scale_factor=10:20:10", "--set", "seed=5"]):
        pb = run("sweep", "scenarios/network-burst.yaml", *extra, "--duration", "1s", "--json")
        check(pb.returncode == 2 and "--seeds" in pb.stderr and not pb.stdout,
              "sweep %s: exit %d, %s" % (" ".join(extra), pb.returncode, pb.stderr.strip()))


# --out is all or nothing: a full disk (a file-size limit, which holds for root
# too) leaves the previous sweep bundle as it was and no new directory.
def full_disk():
    import resource, signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))


def files(d):
    import hashlib
    return {n: hashlib.sha256(open(os.path.join(d, n), "rb").read()).hexdigest() for n in os.listdir(d)}


with tempfile.TemporaryDirectory() as tmp:
    sw = os.path.join(tmp, "sw")
    one = ["sweep", "scenarios/network-burst.yaml", "--param", "vm.watermark_scale_factor=10:30:10", "--duration", "1s"]
    p = run(*one, "--seeds", "1", "--out", sw)
    check(p.returncode == 0, "sweep --out: %s" % p.stderr)
    before = files(sw)
    p = subprocess.run([EXE, *one, "--seeds", "2", "--out", sw], capture_output=True, text=True, timeout=600, preexec_fn=full_disk)
    check(p.returncode == 2 and "error" in p.stderr, "sweep --out on a full disk: exit %d, %s" % (p.returncode, p.stderr.strip()))
    check(files(sw) == before, "full disk: the earlier sweep bundle changed")
    p = subprocess.run([EXE, *one, "--seeds", "2", "--out", os.path.join(tmp, "new")], capture_output=True, text=True,
                       timeout=600, preexec_fn=full_disk)
    check(p.returncode == 2 and sorted(os.listdir(tmp)) == ["sw"], "full disk: left %s" % os.listdir(tmp))
    # A second sweep replaces the first whole: the manifest matches the files.
    p = run(*one, "--seeds", "2", "--out", sw)
    m = json.load(open(os.path.join(sw, "manifest.json")))
    now = files(sw)
    check(p.returncode == 0 and m["seeds"] == ["1", "2"] and sorted(f["name"] for f in m["files"]) == sorted(set(now) - {"manifest.json"})
          and all(now[f["name"]] == f["sha256"] for f in m["files"]), "second sweep --out: manifest does not match")

finish()
