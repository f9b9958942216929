"""What every CLI test shares: the executable under test (argv[1]), a check()
that records failures, run() and finish(). Not a test itself (CMake registers
test_*.py only)."""
import subprocess
import sys

EXE = sys.argv[1] if len(sys.argv) > 1 else "build/watermark-explorer"
failures = []


def check(cond, msg):
    """Records a failure (and prints it) unless cond holds; returns cond."""
    if not cond:
        failures.append(msg)
        print("FAIL", msg)
    return cond


def run(*args, stdin=None, timeout=600):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout, stdin=stdin)


def finish():
    print("FAILED %d" % len(failures) if failures else "ok")
    sys.exit(1 if failures else 0)
