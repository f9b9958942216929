#!/usr/bin/env python3
"""What `cmake --install` delivers, installed into a temporary prefix from the
build tree of the executable under test: the program, the shipped scenarios and
lessons, the desktop entry (desktop-file-validate), the hicolor icon, the
AppStream metainfo (appstreamcli validate), the compressed man page, the
copyright file. The installed program finds a shipped scenario by its short
name from any folder (relative to its own prefix: the XDG data folders are
pointed away so an installed package of this machine cannot answer for it),
carries no RUNPATH into the build tree, and a name found nowhere is refused
with exit 2 and a message saying where it looked. The build-tree executable
finds the source tree's scenarios the same way.

usage: test_install.py WATERMARK_EXPLORER   (cwd = project root)
"""
import gzip
import os
import subprocess
import tempfile

from clitest import EXE, check, finish

APP_ID = "org.watermarkexplorer.WatermarkExplorer"


def sh(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kw)


with tempfile.TemporaryDirectory() as tmp:
    prefix = os.path.join(tmp, "prefix")
    build_dir = os.path.dirname(os.path.abspath(EXE))
    r = sh(["cmake", "--install", build_dir, "--prefix", prefix])
    check(r.returncode == 0, "cmake --install failed: " + r.stdout + r.stderr)

    share = os.path.join(prefix, "share")
    installed = {
        "executable": os.path.join(prefix, "bin", "watermark-explorer"),
        "default scenario": os.path.join(share, "watermark-explorer/scenarios/default.yaml"),
        "lesson 1": os.path.join(share, "watermark-explorer/scenarios/lessons/01-watermarks.yaml"),
        "desktop entry": os.path.join(share, "applications", APP_ID + ".desktop"),
        "icon": os.path.join(share, "icons/hicolor/scalable/apps", APP_ID + ".svg"),
        "metainfo": os.path.join(share, "metainfo", APP_ID + ".metainfo.xml"),
        "man page": os.path.join(share, "man/man1/watermark-explorer.1.gz"),
        "copyright": os.path.join(share, "doc/watermark-explorer/copyright"),
        "changelog": os.path.join(share, "doc/watermark-explorer/changelog.gz"),
    }
    for what, path in installed.items():
        check(os.path.isfile(path), "installed %s missing: %s" % (what, path))

    r = sh(["desktop-file-validate", installed["desktop entry"]])
    check(r.returncode == 0 and not r.stdout.strip(), "desktop-file-validate: " + r.stdout + r.stderr)
    r = sh(["appstreamcli", "validate", "--no-net", installed["metainfo"]])
    check(r.returncode == 0, "appstreamcli validate: " + r.stdout + r.stderr)
    with gzip.open(installed["man page"], "rt", encoding="utf-8") as f:
        check(f.read() == open("resources/watermark-explorer.1", encoding="utf-8").read(),
              "the installed man page is not resources/watermark-explorer.1")
    r = sh(["readelf", "-d", installed["executable"]])
    check("RUNPATH" not in r.stdout and "RPATH" not in r.stdout,
          "the installed executable keeps a run path: " + r.stdout)

    # From another folder, with no XDG data folder that could hold a system-wide install.
    elsewhere = os.path.join(tmp, "elsewhere")
    os.mkdir(elsewhere)
    env = dict(os.environ, XDG_DATA_DIRS=os.path.join(tmp, "none"), XDG_DATA_HOME=os.path.join(tmp, "none"))
    for exe, who in ((installed["executable"], "installed"), (os.path.abspath(EXE), "build-tree")):
        r = sh([exe, "run", "lessons/01-watermarks.yaml", "--duration", "1s"], cwd=elsewhere, env=env)
        check(r.returncode == 0 and "real time" in r.stdout,
              "%s program did not find lessons/01-watermarks.yaml by name: %s" % (who, r.stderr))
        r = sh([exe, "validate", "default.yaml"], cwd=elsewhere, env=env)
        check(r.returncode == 0, "%s program: validate default.yaml by name: %s" % (who, r.stderr))
    # A file of the user's in the current folder comes before a shipped one of the same name.
    with open(os.path.join(elsewhere, "default.yaml"), "w", encoding="utf-8") as f:
        f.write("name: mine\nduration: [\n")
    r = sh([installed["executable"], "validate", "default.yaml"], cwd=elsewhere, env=env)
    check(r.returncode == 2 and r.stderr.startswith("default.yaml:") and "YAML syntax error" in r.stderr,
          "a default.yaml in the current folder must be the one read: " + r.stderr)
    r = sh([installed["executable"], "run", "lessons/99-none.yaml"], cwd=elsewhere, env=env)
    check(r.returncode == 2 and "shipped scenarios" in r.stderr and "scenarios" in r.stderr,
          "a name found nowhere: exit 2 and where it was looked for: " + r.stderr)

finish()
