#!/usr/bin/env python3
"""Standard output is flushed and checked: every command that prints exits 2
with a message naming standard output when it cannot be written (/dev/full, or
a file-size limit for a write cut part-way), never 0 with nothing or half a
document. argv[1] = the executable; run from the project root."""
import os, resource, signal, subprocess, tempfile

from clitest import EXE, check, finish

ZI = "tests/data/zoneinfo/x86-vm-6.18-3zones.txt"
SHORT = ["--duration", "200ms"]
COMMANDS = [
    ["run", "scenarios/default.yaml", *SHORT],
    ["run", "scenarios/default.yaml", *SHORT, "--json"],
    ["compare", "scenarios/default.yaml", "--policies", "vanilla,v10", "--seeds", "1", *SHORT],
    ["compare", "scenarios/default.yaml", "--policies", "vanilla,v10", "--seeds", "1", *SHORT, "--json"],
    ["sweep", "scenarios/default.yaml", "--param", "vm.watermark_scale_factor=10:20:10", "--seeds", "1", *SHORT],
    ["sweep", "scenarios/default.yaml", "--param", "vm.watermark_scale_factor=10:20:10", "--seeds", "1", *SHORT, "--json"],
    ["sweep", "scenarios/default.yaml", "--param", "vm.watermark_scale_factor=10:20:10", "--seeds", "1", "--plan"],
    ["zoneinfo", ZI],
    ["zoneinfo", ZI, "--json"],
    ["import-zoneinfo", ZI, "-o", "-"],
    ["validate", "scenarios/default.yaml"],
    ["--help"],
    ["--version"],
]
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")


def limit(size):
    def f():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return f


# /dev/full: every write fails with ENOSPC.
for cmd in COMMANDS:
    with open("/dev/full", "w") as full:
        p = subprocess.run([EXE, *cmd], stdout=full, stderr=subprocess.PIPE, text=True, timeout=300, env=ENV)
    check(p.returncode == 2 and "standard output" in p.stderr and "No space left on device" in p.stderr,
          "%s > /dev/full: exit %d, %r" % (" ".join(cmd), p.returncode, p.stderr[-300:]))

# A write cut part-way (a file-size limit: the disk fills in the middle of the
# document): exit 2, whatever reached the file.
with tempfile.TemporaryDirectory() as tmp:
    big = ["sweep", "scenarios/default.yaml", "--param", "vm.watermark_scale_factor=10:1000:1", "--seeds", "3", "--plan"]
    for cmd, size in ((big, 20000), (["run", "scenarios/default.yaml", *SHORT, "--json"], 1000),
                      (["zoneinfo", ZI, "--json"], 500)):
        out = os.path.join(tmp, "out.txt")
        with open(out, "w") as f:
            p = subprocess.run([EXE, *cmd], stdout=f, stderr=subprocess.PIPE, text=True, timeout=300, env=ENV,
                               preexec_fn=limit(size))
        check(p.returncode == 2 and "standard output" in p.stderr and "File too large" in p.stderr,
              "%s > a file that fills after %d bytes: exit %d, %r" % (cmd[0], size, p.returncode, p.stderr[-300:]))
    # The same commands with room to write still succeed.
    with open(os.path.join(tmp, "ok.txt"), "w") as f:
        p = subprocess.run([EXE, *big], stdout=f, stderr=subprocess.PIPE, text=True, timeout=300, env=ENV)
    check(p.returncode == 0 and len(open(os.path.join(tmp, "ok.txt")).read().splitlines()) == 991 * 3,
          "sweep --plan to a file: exit %d, %s" % (p.returncode, p.stderr))

finish()
