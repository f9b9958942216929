#!/usr/bin/env python3
"""The smaller promises of issue 16: a message that says why /proc takes no
file; a duration with 20 significant digits is "not whole", not "too large";
a lone surrogate escape is shown at its place with the line and a caret; an
--out name too long for the file system is refused before the run; control
characters of a scenario's name never reach the terminal raw; a bundle file
the user edited is not replaced unasked. argv[1] = the executable."""
import json, os, subprocess, tempfile

from clitest import EXE, check, finish

ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")


def run(*args, **kw):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300, env=ENV, **kw)


with tempfile.TemporaryDirectory() as tmp:
    if os.path.exists("/proc/zoneinfo"):
        p = run("import-zoneinfo", "tests/data/zoneinfo/x86-vm-6.18-3zones.txt", "-o", "/proc/zoneinfo", "--force")
        check(p.returncode == 2 and "cannot create a file in /proc" in p.stderr, "-o /proc/zoneinfo: exit %d, %s" % (p.returncode, p.stderr))

    base = open("scenarios/default.yaml").read()
    f = os.path.join(tmp, "d.yaml")
    open(f, "w").write(base.replace("duration: 60s", "duration: 1.0000000000000000001s"))
    p = run("validate", f)
    check(p.returncode == 2 and "not a whole number" in p.stderr, "20-digit duration: %s" % p.stderr)

    open(f, "w").write('name: "ok \\ud800"\n')
    p = run("validate", f)
    lines = p.stderr.splitlines()
    check(p.returncode == 2 and ":1:11:" in p.stderr and len(lines) >= 3 and "\\ud800" in lines[1] and lines[2].strip() == "^",
          "lone surrogate: %r" % p.stderr)

    long_out = os.path.join(tmp, "x" * 256)
    p = run("run", "scenarios/default.yaml", "--duration", "100ms", "--out", long_out)
    check(p.returncode == 2 and "too long" in p.stderr and "nothing was run" in p.stderr and not p.stdout,
          "--out with a 256-byte name: exit %d, %s" % (p.returncode, p.stderr))

    open(f, "w").write(base.replace(base.splitlines()[3], 'name: "esc \\e[2J \\0 bel \\a end"'))
    p = subprocess.run([EXE, "run", f, "--duration", "100ms"], capture_output=True, timeout=300, env=ENV)
    check(p.returncode == 0 and all(b not in p.stdout for b in (b"\x1b", b"\x00", b"\x07")) and b"\\x1b" in p.stdout,
          "control characters in the name: exit %d, %r" % (p.returncode, p.stdout[:200]))

    # An edited bundle file: refused, nothing changed; restored: replaced.
    b = os.path.join(tmp, "bundle")
    check(run("run", "scenarios/default.yaml", "--duration", "100ms", "--out", b).returncode == 0, "first bundle")
    trace = os.path.join(b, "trace.txt")
    original = open(trace).read()
    open(trace, "a").write("my note\n")
    p = run("run", "scenarios/default.yaml", "--duration", "100ms", "--seed", "2", "--out", b)
    check(p.returncode == 2 and "trace.txt" in p.stderr and "changed" in p.stderr, "edited trace.txt: exit %d, %s" % (p.returncode, p.stderr))
    check(open(trace).read().endswith("my note\n"), "the user's edit was overwritten")
    open(trace, "w").write(original)
    p = run("run", "scenarios/default.yaml", "--duration", "100ms", "--seed", "2", "--out", b)
    check(p.returncode == 0 and json.load(open(os.path.join(b, "run.json")))["seed"] == 2, "restored: exit %d, %s" % (p.returncode, p.stderr))

finish()
