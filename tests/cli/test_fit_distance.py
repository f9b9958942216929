#!/usr/bin/env python3
"""fit and distance on the real recordings of tests/data/pcp (this VM's 6.18 kernel).

fit: the scenario loads (validate), starts from the recording's first complete sample with
its zones' managed and free pages, carries the managed-page changes as hotplug timeline entries
(88 for the page-cache fill), and its sysctls reproduce the first sample's watermarks exactly:
the fitted scenario run for 1 ms prints the recorded min/low/high of every zone; the run to the
end reproduces the kernel's recomputed marks at the end of the fill (hotplug). The fitted values
are in the file as comments. An existing output is refused without --force, an archive never
overwritten, and the file is whole or absent.

distance: JSON fields and exit code agree with the tolerances; --scenario runs the given file;
the same archive and scenario give the same numbers twice (determinism); a damaged archive is
exit 2.

usage: test_fit_distance.py WATERMARK_EXPLORER   (cwd = project root)
"""
import json
import os
import re
import shutil
import tempfile

from clitest import check, finish, run

DATA = "tests/data/pcp"
FILL = os.path.join(DATA, "page-cache-fill/page-cache-fill")
ARCHIVES = [FILL, os.path.join(DATA, "anon-squeeze/anon-squeeze"), os.path.join(DATA, "bursty-50ms/bursty-50ms")]

tmp = tempfile.mkdtemp(prefix="wm-fit-")
try:
    for a in ARCHIVES:
        out = os.path.join(tmp, os.path.basename(a) + ".yaml")
        r = run("fit", a, "-o", out)
        if not check(r.returncode == 0 and os.path.isfile(out), "fit %s: %s %s" % (a, r.stdout, r.stderr)):
            continue
        text = open(out, encoding="utf-8").read()
        check(text.startswith("# Fitted by") and "reclaim.kswapd_file_rate" in text.split("name:")[0],
              "fit %s: the fitted values as comments at the top" % a)
        r = run("validate", out)
        check(r.returncode == 0, "the fitted scenario of %s loads: %s" % (a, r.stderr))
        rec = json.loads(run("recording", a, "--json").stdout)
        first = {z["zone"]: z for z in rec["zones"]}
        # 1 ms in: the machine as recorded at its first sample, marks included.
        r = run("run", out, "--duration", "1ms", "--json")
        check(r.returncode == 0, "run the fitted scenario of %s: %s" % (a, r.stderr))
        if r.returncode == 0:
            j = json.loads(r.stdout)
            for z in j["zones"]:
                f = first.get(z["zone"])
                if f is None:
                    continue
                check(z["managed"] == f["managed_first"], "%s %s managed: model %s, recorded %s"
                      % (a, z["zone"], z["managed"], f["managed_first"]))
                check((z["min"], z["low"], z["high"]) == (f["min_first"], f["low_first"], f["high_first"]),
                      "%s %s marks at the start: model %s, recorded %s" % (a, z["zone"], (z["min"], z["low"], z["high"]),
                                                                           (f["min_first"], f["low_first"], f["high_first"])))

    # The page-cache fill: 88 hot-added blocks, and at the end the kernel's recomputed marks.
    fill = os.path.join(tmp, "page-cache-fill.yaml")
    if os.path.isfile(fill):
        text = open(fill, encoding="utf-8").read()
        check(len(re.findall(r"machine\.node0\.normal\.managed", text)) == 88,
              "88 hotplug entries for Normal: %d" % len(re.findall(r"machine\.node0\.normal\.managed", text)))
        r = run("run", fill, "--json")
        if check(r.returncode == 0, "run the fitted fill: " + r.stderr):
            j = json.loads(r.stdout)
            last = {z["zone"]: (z["min"], z["low"], z["high"], z["managed"]) for z in j["zones"]}
            rec = {z["zone"]: (z["min_last"], z["low_last"], z["high_last"], z["managed_last"])
                   for z in json.loads(run("recording", FILL, "--json").stdout)["zones"]}
            for zone in ("DMA", "DMA32", "Normal"):
                check(last[zone] == rec[zone], "%s at the end (hotplug recomputation): model %s, recorded %s"
                      % (zone, last[zone], rec[zone]))

        # Nothing replaced without --force; an archive never.
        before = open(fill, "rb").read()
        r = run("fit", FILL, "-o", fill)
        check(r.returncode == 2 and "--force" in r.stderr and open(fill, "rb").read() == before,
              "fit over an existing file without --force: %s" % r.stderr)
        r = run("fit", FILL, "-o", fill, "--force")
        check(r.returncode == 0, "fit --force: " + r.stderr)
        arch = os.path.join(tmp, "arch")
        for suffix in (".0", ".meta", ".index"):
            shutil.copyfile(FILL + suffix, arch + suffix)
        meta = open(arch + ".meta", "rb").read()
        r = run("fit", FILL, "-o", arch + ".meta", "--force")
        check(r.returncode == 2 and open(arch + ".meta", "rb").read() == meta, "fit over an archive file: %s" % r.stderr)

    # distance: JSON, exit code, determinism, --scenario.
    r1 = run("distance", FILL, "--json")
    check(r1.returncode in (0, 1), "distance exit %d: %s" % (r1.returncode, r1.stderr))
    if r1.stdout:
        j = json.loads(r1.stdout)
        check(r1.returncode == (0 if j["within"] else 1), "distance: exit code and 'within' disagree")
        names = [c["name"] for c in j["counters"]]
        check("pgsteal_kswapd" in names and "pageoutrun" in names, "distance counters: %s" % names)
        steal = [c for c in j["counters"] if c["name"] == "pgsteal_kswapd"][0]
        check(steal["recorded"] == 5722923 and steal["tolerance"] == 0.1, "pgsteal_kswapd recorded: %s" % steal)
        check(steal["within"] == (abs(steal["model"] - steal["recorded"]) <= 0.1 * steal["recorded"]),
              "pgsteal_kswapd within: %s" % steal)
        # Every sample holding the zone's free pages (pmlogger missed DMA32's in two samples).
        csv = run("recording", FILL, "--csv").stdout.splitlines()
        for z in j["zones"]:
            have = sum(1 for line in csv if line.split(",")[1:3] == ["mem.zoneinfo.free", "%s::node%d" % (z["zone"], z["node"])])
            check(z["samples"] == have and have >= 890, "%s samples compared: %s of %d" % (z["zone"], z["samples"], have))
            check(z["within"] == (z["gap_pages"] <= 0 or z["rms_relative_to_gap"] <= 0.25), "zone within: %s" % z)
        r2 = run("distance", FILL, "--json", "--scenario", fill)
        j2 = json.loads(r2.stdout) if r2.stdout else {}
        strip = lambda d: {k: v for k, v in d.items() if k not in ("wall_s", "scenario")}
        check(strip(j2) == strip(j), "distance with the fitted file equals distance with the fit made in memory")
        r3 = run("distance", FILL, "--json")
        check(strip(json.loads(r3.stdout)) == strip(j), "distance is deterministic")
    bad = os.path.join(tmp, "bad")
    for suffix in (".0", ".meta", ".index"):
        shutil.copyfile(FILL + suffix, bad + suffix)
    with open(bad + ".meta", "r+b") as f:
        f.truncate(100)
    for cmd in (["distance", bad], ["fit", bad, "-o", os.path.join(tmp, "x.yaml")]):
        r = run(*cmd)
        check(r.returncode == 2 and bad in r.stderr, "%s on a damaged archive: %d %s" % (cmd[0], r.returncode, r.stderr))
    check(not os.path.exists(os.path.join(tmp, "x.yaml")), "fit on a damaged archive leaves no file")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

finish()
