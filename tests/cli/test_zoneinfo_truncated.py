#!/usr/bin/env python3
"""A truncated /proc/zoneinfo is never taken as a whole one: a copy cut in the
middle of a line, or cut between lines before a zone's last line (start_pfn:),
gives exit 2 with file:line:col for zoneinfo and import-zoneinfo, and no
scenario is written. Every cut of the shipped samples is tried.
argv[1] = the executable; run from the project root."""
import concurrent.futures, os, re, subprocess, tempfile

from clitest import EXE, check, finish

SAMPLES = ["tests/data/zoneinfo/x86-vm-6.18-3zones.txt", "tests/data/zoneinfo/lkml-kravetz-2023-6.6rc1-next-2node-16G.txt",
           "tests/data/zoneinfo/prometheus-procfs-fixture.txt"]

with tempfile.TemporaryDirectory() as tmp:
    cut = os.path.join(tmp, "cut.txt")
    for sample in SAMPLES:
        text = open(sample).read()
        lines = text.splitlines(keepends=True)
        first_zone = next(i for i, l in enumerate(lines) if l.startswith("Node "))
        last_pfn = max(i for i, l in enumerate(lines) if "start_pfn:" in l)
        # Cuts after the first zone's header and before the last start_pfn: line:
        # between lines, and in the middle of a line.
        cuts = []
        for i in range(first_zone + 1, last_pfn + 1):
            # A cut exactly between two nodes leaves a whole machine of fewer
            # nodes: nothing in the text tells (README, limits).
            if not (lines[i].startswith("Node ") and lines[i].split(",")[0] != lines[i - 1 - next(
                    k for k in range(i) if lines[i - 1 - k].startswith("Node "))].split(",")[0]):
                cuts.append(("".join(lines[:i]), "between lines %d and %d" % (i, i + 1)))
            if len(lines[i].strip()) > 2:
                half = lines[i][: len(lines[i].rstrip("\n")) // 2 + 1]
                cuts.append(("".join(lines[:i]) + half, "in the middle of line %d" % (i + 1)))
        def try_cut(k):
            body, where = cuts[k]
            path = os.path.join(tmp, "cut-%d.txt" % k)
            with open(path, "w") as f:
                f.write(body)
            p = subprocess.run([EXE, "zoneinfo", path], capture_output=True, text=True, timeout=60)
            os.remove(path)
            if p.returncode != 2 or not re.search(re.escape(path) + r":\d+:\d+: ", p.stderr):
                return "%s (exit %d)" % (where, p.returncode)
            return None
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            accepted = [a for a in pool.map(try_cut, range(len(cuts))) if a]
        check(not accepted, "%s: %d of %d cuts taken as a whole file, e.g. %s" % (sample, len(accepted), len(cuts), accepted[:5]))
        # The whole file still reads.
        p = subprocess.run([EXE, "zoneinfo", sample], capture_output=True, text=True, timeout=60)
        check(p.returncode in (0, 1), "%s whole: exit %d, %s" % (sample, p.returncode, p.stderr))
    # import-zoneinfo: the 6.18 sample cut inside its Normal zone writes nothing.
    text = open(SAMPLES[0]).read()
    with open(cut, "w") as f:
        f.write(text[: text.index("zone   Normal") + 300])
    out = os.path.join(tmp, "m.yaml")
    p = subprocess.run([EXE, "import-zoneinfo", cut, "-o", out], capture_output=True, text=True, timeout=60)
    check(p.returncode == 2 and not os.path.exists(out), "import-zoneinfo of a cut file: exit %d, %s" % (p.returncode, p.stderr))

finish()
