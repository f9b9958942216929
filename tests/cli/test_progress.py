#!/usr/bin/env python3
"""A long run shows how far it is on a terminal (standard error, about twice a
second, after the first second) and stops on Ctrl-C; off a terminal nothing
extra is printed. The run: 4,000 workload sources for 120 s, slower than real
time. argv[1] = the executable; run from the project root."""
import os, pty, select, signal, subprocess, tempfile, time

from clitest import EXE, check, finish

ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")

with tempfile.TemporaryDirectory() as tmp:
    base = open("scenarios/default.yaml").read()
    slow = os.path.join(tmp, "slow.yaml")
    sources = "".join("  - name: s%d\n    gfp: GFP_KERNEL\n    rate: { pattern: poisson, rate: 10/s }\n"
                      "    lifetime: { exponential: 2s }\n" % i for i in range(4000))
    open(slow, "w").write(base[: base.index("workload:")].replace("duration: 60s", "duration: 120s") + "workload:\n" + sources)
    master, slave = pty.openpty()
    proc = subprocess.Popen([EXE, "run", slow], stdout=subprocess.DEVNULL, stderr=slave, env=ENV)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 4
    while time.monotonic() < deadline and proc.poll() is None:
        r, _, _ = select.select([master], [], [], 0.2)
        if r:
            try:
                seen += os.read(master, 4096)
            except OSError:
                break
    check(proc.poll() is None, "the slow run ended early (exit %s): not a test of progress" % proc.returncode)
    check(b"s simulated" in seen and b"Ctrl-C" in seen, "no progress on a terminal after 4 s: %r" % seen[-200:])
    proc.send_signal(signal.SIGINT)  # Ctrl-C
    try:
        proc.wait(timeout=5)
        check(proc.returncode == -signal.SIGINT, "Ctrl-C: exit %s" % proc.returncode)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        check(False, "Ctrl-C did not stop the run within 5 s")
    os.close(master)

    # Off a terminal: no progress line.
    proc = subprocess.Popen([EXE, "run", slow], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    check(b"simulated" not in err, "progress written to a pipe: %r" % err[-200:])

finish()
