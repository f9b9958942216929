#!/usr/bin/env python3
"""Nothing the user made is lost: --out never writes into a directory of the
user's own files nor over the scenario it ran, a bundle replaces an earlier
bundle whole, import-zoneinfo -o replaces a file only with --force and never
its own input, and an endless input (/dev/zero, a pipe) stops at the size limit.
argv[1] = the executable; run from the project root."""
import hashlib, json, os, stat, subprocess, tempfile

from clitest import EXE, check, failures, finish, run


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def tree(d):
    return sorted(os.listdir(d))


with tempfile.TemporaryDirectory() as tmp:
    # A directory of the user's own files: refused before anything runs.
    mine = os.path.join(tmp, "mine")
    os.mkdir(mine)
    with open(os.path.join(mine, "notes.txt"), "w") as f:
        f.write("my notes\n")
    with open(os.path.join(mine, "run.json"), "w") as f:
        f.write("{\"mine\": true}\n")
    for cmd in (["run", "scenarios/default.yaml", "--duration", "1s"],
                ["compare", "scenarios/default.yaml", "--policies", "vanilla,v10", "--seeds", "1", "--duration", "1s"],
                ["sweep", "scenarios/default.yaml", "--param", "vm.watermark_scale_factor=10:20:10", "--seeds", "1",
                 "--duration", "1s"]):
        p = run(*cmd, "--out", mine)
        check(p.returncode == 2 and "not empty" in p.stderr and "nothing was run" in p.stderr,
              "%s --out into a user directory: exit %d, %s" % (cmd[0], p.returncode, p.stderr))
    check(tree(mine) == ["notes.txt", "run.json"], "user directory changed: %s" % tree(mine))
    check(open(os.path.join(mine, "run.json")).read() == "{\"mine\": true}\n", "user's run.json overwritten")

    # The scenario the run was made from is never replaced by the bundle's scenario.yaml.
    own = os.path.join(tmp, "own")
    os.mkdir(own)
    scenario = os.path.join(own, "scenario.yaml")
    with open("scenarios/default.yaml") as src, open(scenario, "w") as dst:
        dst.write(src.read())
    before = digest(scenario)
    p = run("run", scenario, "--duration", "1s", "--out", own)
    check(p.returncode == 2 and "made from" in p.stderr, "run --out over its own scenario: exit %d, %s" % (p.returncode, p.stderr))
    check(digest(scenario) == before, "the input scenario was overwritten")

    # An earlier bundle is replaced whole (the manifest matches the new files),
    # and no staging directory is left next to it.
    b = os.path.join(tmp, "b")
    p1 = run("run", "scenarios/default.yaml", "--duration", "1s", "--seed", "2", "--out", b)
    check(p1.returncode == 0, "first bundle: exit %d, %s" % (p1.returncode, p1.stderr))
    p2 = run("run", "scenarios/default.yaml", "--duration", "1s", "--seed", "3", "--out", b)
    check(p2.returncode == 0, "second bundle into the first: exit %d, %s" % (p2.returncode, p2.stderr))
    if p2.returncode == 0:
        check(json.load(open(os.path.join(b, "run.json")))["seed"] == 3, "run.json is not the second run's")
        m = json.load(open(os.path.join(b, "manifest.json")))
        bad = [f["name"] for f in m["files"] if digest(os.path.join(b, f["name"])) != f["sha256"]]
        check(not bad, "manifest does not match the files: %s" % bad)
    check(not [n for n in os.listdir(tmp) if ".tmp-" in n], "staging left behind: %s" % os.listdir(tmp))
    check(not [n for n in os.listdir(b) if ".tmp-" in n], "staging left in the bundle: %s" % os.listdir(b))

    # A bundle replaces the earlier one as a whole, never file by file: the
    # earlier bundle's files it does not write are gone, the user's own files in
    # it are kept, and any failure leaves it exactly as it was.
    pb = os.path.join(tmp, "pb")
    short = ["run", "scenarios/default.yaml", "--duration", "1s"]
    check(run(*short, "--out", pb, "--snapshot-at", "0.5s").returncode == 0, "bundle with a snapshot")
    with open(os.path.join(pb, "notes.txt"), "w") as f:
        f.write("mine\n")
    os.mkdir(os.path.join(pb, "mine"))
    open(os.path.join(pb, "mine", "a"), "w").write("a\n")
    p = run(*short, "--seed", "4", "--out", pb)
    check(p.returncode == 0, "bundle over a bundle with the user's files: exit %d, %s" % (p.returncode, p.stderr))
    names = set(os.listdir(pb))
    check({"notes.txt", "mine"} <= names and open(os.path.join(pb, "mine", "a")).read() == "a\n", "the user's files in the bundle are lost: %s" % sorted(names))
    check(not [n for n in names if "-at-" in n], "the earlier run's snapshot is left in the new bundle: %s" % sorted(names))
    m = json.load(open(os.path.join(pb, "manifest.json")))
    check(m["seed"] == "4" and json.load(open(os.path.join(pb, "run.json")))["seed"] == 4
          and all(digest(os.path.join(pb, f["name"])) == f["sha256"] for f in m["files"]), "not one run: manifest and files differ")

    def full_tree(d):
        got = {}
        for root, dirs, files in os.walk(d):
            for n in dirs:
                got[os.path.relpath(os.path.join(root, n), d)] = "dir"
            for n in files:
                got[os.path.relpath(os.path.join(root, n), d)] = digest(os.path.join(root, n))
        return got

    def full_disk():
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100000, 100000))

    # A file the bundle lists replaced by the user's directory (with a file in it): refused before running.
    os.remove(os.path.join(pb, "trace.txt"))
    os.mkdir(os.path.join(pb, "trace.txt"))
    open(os.path.join(pb, "trace.txt", "u"), "w").write("u\n")
    before_dir = full_tree(pb)
    p = run(*short, "--seed", "7", "--out", pb)
    check(p.returncode == 2 and "trace.txt" in p.stderr and not p.stdout, "a directory where the bundle had trace.txt: exit %d, %s" % (p.returncode, p.stderr))
    check(full_tree(pb) == before_dir, "a refused bundle changed the directory")
    os.remove(os.path.join(pb, "trace.txt", "u"))
    os.rmdir(os.path.join(pb, "trace.txt"))
    # The user's file where the new bundle writes one (not in the earlier manifest): exit 2, nothing changed.
    open(os.path.join(pb, "zoneinfo-at-0.250000s.txt"), "w").write("mine\n")
    before_user = full_tree(pb)
    p = run(*short, "--seed", "8", "--out", pb, "--snapshot-at", "0.25s")
    check(p.returncode == 2 and "zoneinfo-at-0.250000s.txt" in p.stderr, "the user's file in the way: exit %d, %s" % (p.returncode, p.stderr))
    check(full_tree(pb) == before_user, "a failed bundle changed the directory")
    os.remove(os.path.join(pb, "zoneinfo-at-0.250000s.txt"))
    before = full_tree(pb)
    # A full disk (a file-size limit, which holds for root too), also with the
    # bundle directory as the working directory (swapped in entry by entry there).
    short_abs = ["run", os.path.abspath("scenarios/default.yaml"), "--duration", "1s"]
    for cwd, out in ((None, pb), (pb, ".")):
        p = subprocess.run([EXE, *short_abs, "--seed", "9", "--out", out], capture_output=True, text=True, timeout=600,
                           cwd=cwd, preexec_fn=full_disk, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        after = full_tree(pb)
        check(p.returncode == 2 and "too large" in p.stderr.lower(), "full disk (cwd %s): exit %d, %s" % (cwd, p.returncode, p.stderr))
        check(after == before, "full disk (cwd %s): the earlier bundle changed: %s" % (cwd, sorted(set(after.items()) ^ set(before.items()))[:6]))
    check(not [n for n in os.listdir(tmp) if ".tmp-" in n or ".old-" in n], "staging left behind: %s" % os.listdir(tmp))
    # In the working directory it is replaced whole too.
    p = subprocess.run([EXE, *short_abs, "--seed", "10", "--out", "."], capture_output=True, text=True, timeout=600, cwd=pb,
                       env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    m = json.load(open(os.path.join(pb, "manifest.json")))
    check(p.returncode == 0 and m["seed"] == "10" and {"notes.txt", "mine"} <= set(os.listdir(pb))
          and all(digest(os.path.join(pb, f["name"])) == f["sha256"] for f in m["files"])
          and not [n for n in os.listdir(pb) if n.startswith(".")], "--out . from inside the bundle: %d %s %s" % (p.returncode, p.stderr, sorted(os.listdir(pb))))

    # import-zoneinfo -o: never its own input; an existing file only with --force.
    zi = os.path.join(tmp, "zi.txt")
    with open("tests/data/zoneinfo/x86-vm-6.18-3zones.txt") as src, open(zi, "w") as dst:
        dst.write(src.read())
    zi_before = digest(zi)
    for extra in ([], ["--force"]):
        p = run("import-zoneinfo", zi, "-o", zi, *extra)
        check(p.returncode == 2 and "is the input file" in p.stderr, "import onto its input %s: exit %d, %s" % (extra, p.returncode, p.stderr))
    check(digest(zi) == zi_before, "import-zoneinfo overwrote its input")
    precious = os.path.join(tmp, "precious.yaml")
    with open(precious, "w") as f:
        f.write("precious\n")
    p = run("import-zoneinfo", zi, "-o", precious)
    check(p.returncode == 2 and "--force" in p.stderr, "import over an existing file: exit %d, %s" % (p.returncode, p.stderr))
    check(open(precious).read() == "precious\n", "import-zoneinfo replaced an existing file without --force")
    p = run("import-zoneinfo", zi, "-o", precious, "--force")
    check(p.returncode == 0, "import --force: exit %d, %s" % (p.returncode, p.stderr))
    check(run("validate", precious).returncode == 0, "the forced import does not validate")
    # A full disk (a file-size limit) while importing: the user's file stays
    # as it was, a new name is not created, no temporary file is left, and the
    # message gives the real reason.
    def small_disk(size):
        def f():
            import resource, signal
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        return f

    for target, existed, size in ((precious, True, 1000), (precious, True, 0), (os.path.join(tmp, "new.yaml"), False, 1000),
                                  (os.path.join(tmp, "new.yaml"), False, 0)):
        before_imp = digest(target) if existed else None
        p = subprocess.run([EXE, "import-zoneinfo", zi, "-o", target, "--force"], capture_output=True, text=True,
                           timeout=600, preexec_fn=small_disk(size))
        check(p.returncode == 2 and "File too large" in p.stderr,
              "import-zoneinfo on a full disk (%s): exit %d, %s" % (target, p.returncode, p.stderr))
        if existed:
            check(digest(target) == before_imp, "import-zoneinfo on a full disk changed the user's file")
        else:
            check(not os.path.exists(target), "import-zoneinfo on a full disk left %s (%s bytes)"
                  % (target, os.path.getsize(target) if os.path.exists(target) else "-"))
        check(not [n for n in os.listdir(tmp) if ".tmp" in n or n.startswith("new.yaml.")],
              "import-zoneinfo on a full disk left a temporary file: %s" % os.listdir(tmp))
    # Not even --force renames a regular file over a FIFO, a device or a directory
    # (run as root, that once replaced the machine's /dev/null).
    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo)
    adir = os.path.join(tmp, "adir")
    os.mkdir(adir)
    for target, is_kind in ((fifo, lambda st: stat.S_ISFIFO(st.st_mode)), (adir, lambda st: stat.S_ISDIR(st.st_mode))):
        p = run("import-zoneinfo", zi, "-o", target, "--force")
        check(p.returncode == 2 and "not a regular file" in p.stderr, "import over %s: exit %d, %s" % (target, p.returncode, p.stderr))
        check(is_kind(os.stat(target)), "import-zoneinfo replaced %s with a regular file" % target)

# An endless input stops at the size limit with exit 2 (not memory without end).
if os.path.exists("/dev/zero"):
    p = run("validate", "/dev/zero")
    check(p.returncode == 2 and "too large" in p.stderr, "validate /dev/zero: exit %d, %s" % (p.returncode, p.stderr))
r, w = os.pipe()
writer = subprocess.Popen(["yes", "name: x"], stdout=w)
os.close(w)
p = run("validate", "/dev/fd/0", stdin=r)
writer.kill()
writer.wait()
os.close(r)
check(p.returncode == 2 and "too large" in p.stderr, "validate of an endless pipe: exit %d, %s" % (p.returncode, p.stderr[-300:]))

finish()
