#!/usr/bin/env python3
"""run --out: every file of the bundle is there and real (PNG size, SVG XML with
axis titles, PDF page, CSV header and rows, trace lines, manifest sizes and
hashes, zoneinfo re-checked exact by the zoneinfo command), --snapshot-at, and
clear exit-2 errors for unwritable outputs.
argv[1] = the executable; run from the project root."""
import csv, hashlib, json, os, struct, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

from clitest import EXE, check, failures, finish, run


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "nested", "run")
    p = run("run", "scenarios/network-burst.yaml", "--seed", "1", "--duration", "5s", "--out", out, "--snapshot-at", "2.5s")
    check(p.returncode == 0, "run --out exit %d: %s" % (p.returncode, p.stderr))
    files = set(os.listdir(out)) if os.path.isdir(out) else set()
    need = {"manifest.json", "run.json", "scenario.yaml", "series.csv", "events.csv", "trace.txt", "zoneinfo.txt", "vmstat.txt",
            "zoneinfo-at-2.500000s.txt", "vmstat-at-2.500000s.txt", "machine.png", "machine.svg", "machine.pdf"}
    for z in ("0-DMA", "0-DMA32", "0-Normal", "1-Normal"):
        need |= {"zone-%s.%s" % (z, e) for e in ("png", "svg", "pdf")}
    check(need <= files, "missing: %s" % sorted(need - files))
    check(not [f for f in files if ".tmp-" in f], "temporary files left: %s" % sorted(files))

    if "machine.png" in files:
        check(png_size(os.path.join(out, "machine.png")) == (1200, 600), "machine.png size %s" % (png_size(os.path.join(out, "machine.png")),))
    if "zone-0-Normal.svg" in files:
        root = ET.parse(os.path.join(out, "zone-0-Normal.svg")).getroot()
        text = " ".join(t for t in root.itertext())
        check("time (s)" in text, "zone SVG lacks the x axis title")
        check("pages" in text, "zone SVG lacks a y axis title with pages")
    if "zone-0-Normal.pdf" in files:
        pdf = open(os.path.join(out, "zone-0-Normal.pdf"), "rb").read()
        check(pdf.startswith(b"%PDF") and b"/Type /Page" in pdf, "zone PDF not a PDF with a page")

    # series.csv: header and one row per tick and zone (5 s at 1 ms, 4 zones).
    with open(os.path.join(out, "series.csv")) as f:
        rows = list(csv.reader(f))
    check(rows[0] == ["time_s", "node", "zone", "free_min", "free_max", "free", "min", "low", "high", "boost", "min_unboosted",
                      "atomic_floor", "file", "anon"], "series.csv header %s" % rows[0])
    check(len(rows) - 1 == 5000 * 4, "series.csv rows %d, expected 20000" % (len(rows) - 1))
    check(all(len(r) == 14 for r in rows), "series.csv ragged rows")
    # events.csv: header, parseable, kinds named.
    with open(os.path.join(out, "events.csv")) as f:
        ev = list(csv.reader(f))
    check(ev[0] == ["time_s", "kind", "reason", "node", "zone", "a", "b", "text"], "events.csv header %s" % ev[0])
    check(all(len(r) == 8 for r in ev), "events.csv ragged rows")
    run_json = json.load(open(os.path.join(out, "run.json")))
    kinds = {r[1] for r in ev[1:]}
    check("kswapd_wake" in kinds, "events.csv has no kswapd_wake")
    # trace.txt
    trace = open(os.path.join(out, "trace.txt")).read().splitlines()
    body = [l for l in trace if not l.startswith("#")]
    check(any(": mm_vmscan_kswapd_wake: nid=" in l for l in body), "trace has no mm_vmscan_kswapd_wake")
    # The kernel's own layouts (include/trace/events/kmem.h, vmscan.h).
    check(any(": mm_setup_per_zone_wmarks: node_id=0 zone name=Normal watermark min=" in l for l in body), "trace has no mm_setup_per_zone_wmarks")
    check(any(": mm_vmscan_wakeup_kswapd: nid=0 order=0 gfp_flags=GFP_" in l for l in body), "wakeup_kswapd lines lack the caller's gfp_flags")
    head = next(l for l in trace if "entries-in-buffer" in l)
    check(head.split(":")[1].split("/")[0].strip() == str(len(body)), "trace header counts %s entries, the file has %d" % (head, len(body)))
    if run_json["counters"].get("sim_atomic_failures", 0) > 0:
        check(any("mm_page_alloc:" in l and "gfp_flags=GFP_ATOMIC failed=" in l for l in body), "trace has no failed GFP_ATOMIC")
    import re
    ctx = re.compile(r"^ {0,16}\S+-\d+ +\[\d{3}\] \.{5} +\d+\.\d{6}: \w+: ")
    check(all(ctx.match(l) for l in body), "trace line not in trace-cmd layout: %s" % next((l for l in body if not ctx.match(l)), ""))
    # manifest
    m = json.load(open(os.path.join(out, "manifest.json")))
    for k in ("program", "version", "scenario_file", "scenario_sha256", "seed", "policy", "command_line", "files"):
        check(k in m, "manifest lacks " + k)
    check(m.get("seed") == "1" and m.get("policy") == "vanilla", "manifest seed/policy %s %s" % (m.get("seed"), m.get("policy")))
    yaml_bytes = open(os.path.join(out, "scenario.yaml"), "rb").read()
    check(m.get("scenario_sha256") == hashlib.sha256(yaml_bytes).hexdigest(), "scenario_sha256 is not the hash of scenario.yaml")
    listed = {f["name"]: f for f in m.get("files", [])}
    check(set(listed) == files - {"manifest.json"}, "manifest files differ from the directory")
    for name, f in listed.items():
        data = open(os.path.join(out, name), "rb").read()
        check(f["bytes"] == len(data) and f["sha256"] == hashlib.sha256(data).hexdigest(), "manifest size/hash wrong for " + name)
    check("--out" in m.get("command_line", []), "manifest command line lacks --out")
    # scenario.yaml loads again
    p2 = run("validate", os.path.join(out, "scenario.yaml"))
    check(p2.returncode == 0, "scenario.yaml does not validate: " + p2.stdout + p2.stderr)
    # zoneinfo snapshots re-check exact with the zoneinfo command (vanilla).
    for zi in ("zoneinfo.txt", "zoneinfo-at-2.500000s.txt"):
        p3 = run("zoneinfo", os.path.join(out, zi), "--json")
        ok = p3.returncode == 0
        try:
            d = json.loads(p3.stdout)
            ok = ok and all(z["verdict"] == "exact" for z in d["zones"])
        except Exception as e:
            ok = False
        check(ok, "zoneinfo %s not exact: %s %s" % (zi, p3.stdout[-500:], p3.stderr[-300:]))
    # vmstat: name value lines, kernel names first
    vm = [l.split() for l in open(os.path.join(out, "vmstat.txt")) if not l.startswith("#")]
    check(all(len(l) == 2 and l[1].lstrip("-").isdigit() for l in vm), "vmstat.txt not 'name value' lines")
    names = [l[0] for l in vm]
    check("pgscan_kswapd" in names and "allocstall_normal" in names, "vmstat lacks kernel names")
    # Errors: a path under a regular file, and a read-only directory.
    plain = os.path.join(tmp, "plain")
    open(plain, "w").write("x")
    p4 = run("run", "scenarios/network-burst.yaml", "--duration", "1s", "--out", os.path.join(plain, "sub"))
    check(p4.returncode == 2 and "error" in p4.stderr and "plain" in p4.stderr, "out under a file: exit %d, %s" % (p4.returncode, p4.stderr))
    ro = os.path.join(tmp, "ro")
    os.mkdir(ro)
    os.chmod(ro, 0o555)
    target = ro if os.geteuid() != 0 else "/proc/self/wm-export-test"  # root ignores mode bits
    p5 = run("run", "scenarios/network-burst.yaml", "--duration", "1s", "--out", target)
    check(p5.returncode == 2 and "error" in p5.stderr and not p5.stdout, "read-only out: exit %d before running, %s" % (p5.returncode, p5.stderr))
    check(os.listdir(ro) == [], "files left in the read-only directory")
    os.chmod(ro, 0o755)
    p6 = run("run", "scenarios/network-burst.yaml", "--duration", "1s", "--snapshot-at", "0.5s")
    check(p6.returncode == 2, "--snapshot-at without --out should be exit 2")
    p7 = run("run", "scenarios/network-burst.yaml", "--duration", "1s", "--out", os.path.join(tmp, "x"), "--snapshot-at", "soon")
    check(p7.returncode == 2, "bad --snapshot-at should be exit 2")
    # A snapshot after the end would silently be the end state: refused, nothing written.
    p8 = run("run", "scenarios/network-burst.yaml", "--duration", "1s", "--out", os.path.join(tmp, "late"), "--snapshot-at", "5s")
    check(p8.returncode == 2 and "after the end of the run (1s)" in p8.stderr, "--snapshot-at after the end: exit %d, %s" % (p8.returncode, p8.stderr))
    check(not os.path.exists(os.path.join(tmp, "late")), "--snapshot-at after the end created the bundle directory")

    # Two --snapshot-at times on the same tick (network-burst ticks every 1 ms) are one snapshot:
    # a complete bundle whose manifest matches its files, not a half-written one.
    for times in (["1s", "1s"], ["1500us", "1501us"]):
        sn = os.path.join(tmp, "sn-" + times[1])
        args = [a for t in times for a in ("--snapshot-at", t)]
        p9 = run("run", "scenarios/network-burst.yaml", "--duration", "2s", "--out", sn, *args)
        check(p9.returncode == 0, "--snapshot-at %s: exit %d, %s" % (" ".join(times), p9.returncode, p9.stderr.strip()))
        if p9.returncode == 0:
            at = sorted(f for f in os.listdir(sn) if f.startswith("zoneinfo-at-"))
            m = json.load(open(os.path.join(sn, "manifest.json")))
            listed = sorted(f["name"] for f in m["files"])
            check(len(at) == 1 and len(m["snapshots_at_s"]) == 1, "one snapshot for %s: %s %s" % (times, at, m["snapshots_at_s"]))
            check(listed == sorted(set(os.listdir(sn)) - {"manifest.json"}), "--snapshot-at %s: manifest differs from the files" % times)
    # An --out that cannot be written is refused before the run: no report on stdout.
    for target, what in ((plain, "a file"), (os.path.join(plain, "sub"), "under a file")):
        p10 = run("run", "scenarios/network-burst.yaml", "--duration", "1s", "--out", target)
        check(p10.returncode == 2 and "nothing was run" in p10.stderr and not p10.stdout,
              "--out %s: refused before running (exit %d, stdout %r, %s)" % (what, p10.returncode, p10.stdout[:80], p10.stderr.strip()))
    check(open(plain).read() == "x", "the file given as --out changed")

finish()
