#!/usr/bin/env python3
"""sweep --merge refuses run files it cannot trust: the same point and seed
twice with different counters, counters that are not whole numbers from 0 to
2^53 ("5", null, 1.5, -5, 1e308), duplicate JSON keys, an oversized file.
Identical copies of one run are fine. argv[1] = the executable."""
import json, os, re, shutil, subprocess, tempfile

from clitest import EXE, check, finish

ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")
GRID = ["scenarios/default.yaml", "--param", "vm.watermark_scale_factor=10:20:10", "--seeds", "1", "--duration", "200ms"]
METRIC = "sim_atomic_failures"


def run(*args):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300, env=ENV)


with tempfile.TemporaryDirectory() as tmp:
    runs = os.path.join(tmp, "runs")
    os.mkdir(runs)
    plan = run("sweep", *GRID, "--plan", "--out", runs)
    for line in plan.stdout.splitlines():
        subprocess.run(line, shell=True, check=True, timeout=300, env=ENV)
    check(run("sweep", *GRID, "--merge", runs).returncode == 0, "the plan's own files do not merge")
    name = sorted(os.listdir(runs))[0]
    good = open(os.path.join(runs, name)).read()

    def merge_with(text, *, second_dir=False):
        d = os.path.join(tmp, "copy")
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(runs, d)
        if second_dir:
            other = os.path.join(tmp, "other")
            shutil.rmtree(other, ignore_errors=True)
            os.mkdir(other)
            open(os.path.join(other, name), "w").write(text)
            return run("sweep", *GRID, "--merge", d, other)
        open(os.path.join(d, name), "w").write(text)
        return run("sweep", *GRID, "--merge", d)

    def with_counter(raw):
        return re.sub(r'("%s": )[^,\n]+' % METRIC, lambda m: m.group(1) + raw, good, count=1)

    # The same run twice, identical: fine. With another counter: refused.
    p = merge_with(good, second_dir=True)
    check(p.returncode == 0, "an identical copy of a run: exit %d, %s" % (p.returncode, p.stderr))
    value = json.loads(good)["counters"][METRIC]
    p = merge_with(with_counter(str(value + 7)), second_dir=True)
    check(p.returncode == 2 and "different" in p.stderr, "the same point and seed with another counter: exit %d, %s" % (p.returncode, p.stderr))
    for raw in ('"5"', "null", "1.5", "-5", "1e308"):
        p = merge_with(with_counter(raw))
        check(p.returncode == 2 and "whole number" in p.stderr, "counter %s: exit %d, %s" % (raw, p.returncode, p.stderr))
    # A duplicate key (the second would silently win).
    dup = good.replace('"counters": {', '"counters": {\n        "%s": 0,' % METRIC, 1)
    p = merge_with(dup)
    check(p.returncode == 2 and "twice" in p.stderr, "a duplicate key: exit %d, %s" % (p.returncode, p.stderr))
    dup_top = good.replace('{', '{\n    "seed": 1,', 1)
    p = merge_with(dup_top)
    check(p.returncode == 2 and "twice" in p.stderr, "a duplicate top-level key: exit %d, %s" % (p.returncode, p.stderr))
    # An oversized file is refused without being read whole.
    big = good.rstrip().rstrip("}") + ', "padding": "' + "x" * (40 << 20) + '"}\n'
    p = merge_with(big)
    check(p.returncode == 2 and "larger than" in p.stderr, "a 40 MiB run file: exit %d, %s" % (p.returncode, p.stderr[-300:]))

finish()
