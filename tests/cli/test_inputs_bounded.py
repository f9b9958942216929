#!/usr/bin/env python3
"""Inputs are read with a size and a time bound: a FIFO with no writer (as a
scenario, a zoneinfo file or a scenario's from_zoneinfo:) is refused with a
message and exit 2, not waited on forever; a FIFO whose writer comes is read.
argv[1] = the executable; run from the project root."""
import os, subprocess, tempfile, threading, time

from clitest import EXE, check, finish

ZI = "tests/data/zoneinfo/x86-vm-6.18-3zones.txt"
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")

with tempfile.TemporaryDirectory() as tmp:
    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo)
    from_zi = os.path.join(tmp, "from.yaml")
    with open(from_zi, "w") as f:
        f.write("name: from a fifo\nmachine:\n  from_zoneinfo: %s\nduration: 1s\n" % fifo)
    cmds = [["validate", fifo], ["zoneinfo", fifo], ["import-zoneinfo", fifo, "-o", os.path.join(tmp, "o.yaml")],
            ["validate", from_zi], ["run", fifo]]
    start = time.monotonic()
    procs = [subprocess.Popen([EXE, *c], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV) for c in cmds]
    for c, p in zip(cmds, procs):
        try:
            out, err = p.communicate(timeout=40)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            check(False, "%s on a FIFO with no writer: still waiting after 40 s" % " ".join(c))
            continue
        check(p.returncode == 2 and "no writer" in err, "%s on a FIFO with no writer: exit %d, %r" % (" ".join(c), p.returncode, err))
    check(time.monotonic() - start < 40, "refusing FIFOs took %.0f s" % (time.monotonic() - start))

    # A writer that comes a moment later is read (a FIFO is a valid input).
    def writer():
        time.sleep(0.5)
        with open(fifo, "w") as f, open(ZI) as src:
            f.write(src.read())
    t = threading.Thread(target=writer)
    t.start()
    p = subprocess.run([EXE, "zoneinfo", fifo], capture_output=True, text=True, timeout=60, env=ENV)
    t.join()
    check(p.returncode == 0 and "exact" in p.stdout, "zoneinfo on a FIFO whose writer comes: exit %d, %r" % (p.returncode, p.stderr))
    # Standard input stays allowed.
    with open(ZI) as src:
        p = subprocess.run([EXE, "zoneinfo", "-"], stdin=src, capture_output=True, text=True, timeout=60, env=ENV)
    check(p.returncode == 0, "zoneinfo - < file: exit %d, %r" % (p.returncode, p.stderr))

finish()
