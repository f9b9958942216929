#!/usr/bin/env python3
"""Nothing the user made is lost: --out never writes into a directory of the
user's own files nor over the scenario it ran, a bundle replaces an earlier
bundle whole, import-zoneinfo -o replaces a file only with --force and never
its own input, and an endless input (/dev/zero, a pipe) stops at the size limit.
argv[1] = the executable; run from the project root."""
import hashlib, json, os, subprocess, tempfile

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
