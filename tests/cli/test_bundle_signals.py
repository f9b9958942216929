#!/usr/bin/env python3
"""Property: a SIGTERM or SIGHUP at any moment of a bundle write (--out over an
earlier bundle that holds the user's files) leaves the target a whole bundle,
the old one or the new one (every file its manifest lists, with that sha256),
with every file of the user's where it was, unchanged; a staging directory an
interrupted write leaves is cleaned by the next run. Killed at random moments
(seeded, so a failure can be replayed), in both swap modes: the directory
swapped whole, and swapped entry by entry (the working directory, as for a
mount point). argv[1] = the executable; run from the project root."""
import hashlib, json, os, random, signal, subprocess, sys, tempfile, time

from clitest import EXE, check, finish

ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")
SCENARIO = os.path.abspath("scenarios/default.yaml")
TRIALS = int(os.environ.get("WM_SIGNAL_TRIALS", "110"))
BUDGET_S = float(os.environ.get("WM_SIGNAL_BUDGET_S", "45"))  # a loaded machine runs fewer trials, never more time
SEED = int(os.environ.get("WM_SIGNAL_SEED", str(random.randrange(1 << 30))))
rng = random.Random(SEED)
print("seed", SEED, "(WM_SIGNAL_SEED to replay)")
EXE = os.path.abspath(EXE)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def scratch(name):
    return ".tmp-" in name or ".old-" in name or name.startswith(".bundle.")


def cmd(seed, out):
    return [EXE, "run", SCENARIO, "--duration", "100ms", "--seed", str(seed), "--out", out]


def state(b, user):
    """'' when b is one whole bundle plus the user's files in place, else what is wrong."""
    for rel, h in user.items():
        p = os.path.join(b, rel)
        if not os.path.isfile(p) or digest(p) != h:
            return "the user's %s is %s" % (rel, "changed" if os.path.exists(p) else "gone")
    try:
        m = json.load(open(os.path.join(b, "manifest.json")))
    except Exception as e:  # noqa: BLE001
        return "no readable manifest.json (%s)" % e
    listed = set()
    for f in m["files"]:
        p = os.path.join(b, f["name"])
        if not os.path.isfile(p) or digest(p) != f["sha256"]:
            return "%s is not the manifest's (a mix of two bundles)" % f["name"]
        listed.add(f["name"])
    for root, dirs, files in os.walk(b):
        rel_root = os.path.relpath(root, b)
        if rel_root != "." and scratch(rel_root.split(os.sep)[0]):
            continue  # an interrupted write's staging: cleaned by the next run
        for n in files:
            rel = os.path.normpath(os.path.join(rel_root, n))
            if rel not in listed and rel not in user and rel != "manifest.json":
                return "%s is neither the bundle's nor the user's" % rel
    return ""


def make_target(b, n_user):
    check(subprocess.run(cmd(1, b), capture_output=True, env=ENV, timeout=120).returncode == 0, "first bundle in %s" % b)
    user = {}
    os.makedirs(os.path.join(b, "mine"), exist_ok=True)
    for i in range(n_user):
        rel = os.path.join("mine", "u%04d.txt" % i) if i % 2 else "u%04d.txt" % i
        with open(os.path.join(b, rel), "w") as f:
            f.write("user file %d\n" % i)
        user[rel] = digest(os.path.join(b, rel))
    with open(os.path.join(b, "notes.txt"), "w") as f:
        f.write("my notes\n")
    user["notes.txt"] = digest(os.path.join(b, "notes.txt"))
    return user


def try_mount(m):
    """A tmpfs mounted at m (root only): --out on a mount point. False when it cannot be made."""
    os.mkdir(m)
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", m], capture_output=True).returncode == 0


with tempfile.TemporaryDirectory() as tmp:
    b = os.path.join(tmp, "bundle")
    targets = [(b, make_target(b, 1500))]
    m = os.path.join(tmp, "mnt")
    mounted = try_mount(m)
    try:
        if mounted:
            targets.append((m, make_target(m, 600)))
        else:
            print("no tmpfs mount (not root?): the mount-point mode is left out")

        t0 = time.monotonic()
        p = subprocess.run(cmd(2, b), capture_output=True, text=True, env=ENV, timeout=120)
        full = time.monotonic() - t0
        check(p.returncode == 0, "a rerun over the bundle: exit %d, %s" % (p.returncode, p.stderr))
        print("one rerun: %.2f s" % full)

        start = time.monotonic()
        done = broken = 0
        for trial in range(TRIALS):
            if time.monotonic() - start > BUDGET_S:
                break
            target, user = targets[trial % len(targets)] if mounted and trial % 3 == 0 else targets[0]
            # The working directory as the target is swapped entry by entry, like a mount point.
            inside = target == b and rng.random() < 0.4
            mode = "mount point" if target != b else ("entry by entry" if inside else "whole")
            sig = rng.choice([signal.SIGTERM, signal.SIGHUP])
            # Half the kills anywhere, half in the last part of the run, where the
            # bundle is swapped in (the user's files carried over, the renames).
            delay = rng.uniform(0, full * 1.1) if trial % 2 else rng.uniform(full * 0.6, full * 1.1)
            proc = subprocess.Popen(cmd(100 + trial, "." if inside else target), cwd=target if inside else tmp, env=ENV,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(delay)
            proc.send_signal(sig)
            _, err = proc.communicate(timeout=120)
            done += 1
            why = state(target, user)
            if why:
                broken += 1
                check(False, "trial %d (%s at %.3f s, %s): %s; exit %s %s" % (
                    trial, signal.Signals(sig).name, delay, mode, why, proc.returncode,
                    err.decode(errors="replace")[-200:]))
                if broken >= 3:
                    break
        print("%d trials in %.1f s" % (done, time.monotonic() - start))
        check(done >= min(TRIALS, 50) or broken, "only %d trials ran in the time budget" % done)

        # A first write into an empty working directory, killed while its
        # bundle is staged inside it: the next write is not refused ("not
        # empty") and removes the leftover.
        e = os.path.join(tmp, "empty")
        os.mkdir(e)
        for attempt in range(20):
            proc = subprocess.Popen(cmd(3, "."), cwd=e, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(full * rng.uniform(0.3, 0.8))
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=120)
            if [n for n in os.listdir(e) if scratch(n)]:
                break
            for n in os.listdir(e):  # it finished: empty the directory again
                os.remove(os.path.join(e, n))
        check([n for n in os.listdir(e) if scratch(n)], "no kill left a staging directory in 20 attempts")
        p = subprocess.run(cmd(4, "."), cwd=e, capture_output=True, text=True, env=ENV, timeout=120)
        check(p.returncode == 0 and not [n for n in os.listdir(e) if scratch(n)] and not state(e, {}),
              "the write after a killed first write: exit %d, %s, %s" % (p.returncode, p.stderr[-200:], os.listdir(e)))

        # The next run, undisturbed, succeeds and cleans every leftover.
        for target, user in targets:
            p = subprocess.run(cmd(7, target), capture_output=True, text=True, env=ENV, timeout=120)
            check(p.returncode == 0, "the run after the kills (%s): exit %d, %s" % (target, p.returncode, p.stderr))
            check(not state(target, user), "after the kills (%s): %s" % (target, state(target, user)))
            left = [n for n in os.listdir(tmp) if scratch(n)] + [n for n in os.listdir(target) if scratch(n)]
            check(not left, "leftovers of interrupted writes not cleaned: %s" % left[:5])
            if not state(target, user):
                check(json.load(open(os.path.join(target, "run.json")))["seed"] == 7, "the last run's bundle is not in place")
    finally:
        if mounted:
            subprocess.run(["umount", m], capture_output=True)

finish()
