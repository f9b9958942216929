#!/usr/bin/env python3
"""Help, version and the man page: every subcommand's --help and -h exit 0 and
print its synopsis (the one the general --help lists), without running
anything; `help COMMAND` prints the same text; --version prints the project's
version; every long option a command's help lists is in that command's
subsection of resources/watermark-explorer.1 (so the man page cannot fall
behind the code), and the man page renders without a groff warning.

usage: test_help.py WATERMARK_EXPLORER   (cwd = project root)
"""
import re
import shutil
import subprocess

from clitest import check, finish, run

COMMANDS = ["run", "compare", "sweep", "zoneinfo", "import-zoneinfo", "validate", "record", "recording", "fit", "distance"]
MAN = "resources/watermark-explorer.1"
SEE = "See 'watermark-explorer COMMAND --help' and man watermark-explorer."
LONG_OPTION = re.compile(r"--[a-z][a-z0-9-]*")


def project_version():
    text = open("CMakeLists.txt", encoding="utf-8").read()
    m = re.search(r"project\(\s*watermark-explorer\s+VERSION\s+([0-9][0-9.]*)", text)
    return m.group(1) if m else None


def man_text():
    """The man page's source with the escapes that matter here undone: \\- is -,
    font changes and zero-width/unbreakable spaces are dropped."""
    text = open(MAN, encoding="utf-8").read()
    text = text.replace("\\-", "-").replace("\\&", "").replace("\\ ", " ").replace("\\e", "\\")
    return re.sub(r"\\f[BIRP]", "", text)


def man_subsections(text):
    """{".SS name": its text up to the next .SS or .SH}."""
    out = {}
    for m in re.finditer(r"^\.SS +(\S+)\n(.*?)(?=^\.S[SH] )", text, re.M | re.S):
        out[m.group(1)] = m.group(2)
    return out


def option_block(help_text):
    """The long options the help's Options: block defines (the first column of
    its lines: '  --policy ID    run under ...', '  -o, --output FILE  ...')."""
    names = []
    lines = help_text.splitlines()
    if "Options:" not in lines:
        return names
    for line in lines[lines.index("Options:") + 1:]:
        if not line.strip():
            break
        m = re.match(r"  (-\S.*?)(?:  |$)", line)
        if m:
            names += LONG_OPTION.findall(m.group(1))
    return names


def main():
    # ---- the general help and --version ----------------------------------------------------
    general = run("--help", timeout=60)
    check(general.returncode == 0, f"--help exits 0 (got {general.returncode}: {general.stderr.strip()[:300]})")
    for form in (["-h"], ["help"]):
        r = run(*form, timeout=60)
        check(r.returncode == 0 and r.stdout == general.stdout,
              f"{' '.join(form)} prints what --help prints (exit {r.returncode})")
    check(general.stdout.rstrip().endswith(SEE), f"--help ends with \"{SEE}\" (got ...{general.stdout.rstrip()[-120:]!r})")
    synopses = {}
    for line in general.stdout.splitlines():
        m = re.match(r"^(?:usage:)?\s+watermark-explorer ([a-z-]+)( .*)?$", line)
        if m and m.group(1) in COMMANDS:
            synopses[m.group(1)] = (m.group(1) + (m.group(2) or "")).rstrip()
    for cmd in COMMANDS:
        check(cmd in synopses, f"--help has a usage line for {cmd}")
        check(re.search(rf"^  {re.escape(cmd)}  +\S", general.stdout, re.M) is not None,
              f"--help lists {cmd} with a one-line summary")
    check("--play" in general.stdout and "--speed" in general.stdout, "--help names the window's --play and --speed")

    version = project_version()
    r = run("--version", timeout=60)
    check(r.returncode == 0, f"--version exits 0 (got {r.returncode})")
    check(version is not None and r.stdout.strip() == f"watermark-explorer {version}",
          f"--version prints 'watermark-explorer {version}' (got {r.stdout.strip()!r})")

    r = run("help", "no-such-command", timeout=60)
    check(r.returncode == 2 and "no-such-command" in r.stderr,
          f"help no-such-command exits 2 naming it (got {r.returncode}: {r.stderr.strip()[:200]})")

    # ---- each command's help ---------------------------------------------------------------
    man = man_text()
    sections = man_subsections(man)
    helps = {}
    for cmd in COMMANDS:
        r = run(cmd, "--help", timeout=60)
        if not check(r.returncode == 0, f"{cmd} --help exits 0 (got {r.returncode}: {r.stderr.strip()[:300]})"):
            continue
        text = helps[cmd] = r.stdout
        if cmd in synopses:
            check(text.startswith(f"usage: watermark-explorer {synopses[cmd]}\n"),
                  f"{cmd} --help starts with its synopsis (got {text[:200]!r})")
        check("Options:" in text and "Exit status:" in text, f"{cmd} --help lists its options and exit status")
        check(re.search(r"^  0  ", text, re.M) and re.search(r"^  2  ", text, re.M),
              f"{cmd} --help explains exit codes 0 and 2")
        for i, line in enumerate(text.splitlines()[1:], 2):
            check(len(line) <= 79, f"{cmd} --help line {i} is at most 79 columns ({len(line)}: {line!r})")
        for form in ([cmd, "-h"], ["help", cmd]):
            r2 = run(*form, timeout=60)
            check(r2.returncode == 0 and r2.stdout == text,
                  f"`{' '.join(form)}` prints what `{cmd} --help` prints (exit {r2.returncode})")
        # --help after other arguments still only prints the help: nothing runs.
        r2 = run(cmd, "scenarios/default.yaml", "--json", "--help", timeout=60)
        check(r2.returncode == 0 and r2.stdout == text, f"`{cmd} FILE --json --help` prints the help only (exit {r2.returncode})")

        defined = option_block(text)
        check("--help" in defined, f"{cmd} --help lists -h, --help among its options")
        # The synopsis's options are the ones the help explains.
        for opt in LONG_OPTION.findall(synopses.get(cmd, "")):
            check(opt in defined, f"{cmd}: {opt} of the synopsis is explained in the Options: block")
        # The man page keeps up: the options in the command's subsection, any other in the page.
        section = sections.get(cmd)
        if check(section is not None, f"{MAN} has a subsection '.SS {cmd}'"):
            for opt in defined:
                if opt != "--help":
                    check(re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", section) is not None,
                          f"{MAN}: '.SS {cmd}' documents {opt} (in `{cmd} --help`)")
        for opt in set(LONG_OPTION.findall(text)):
            check(re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", man) is not None,
                  f"{MAN} mentions {opt} (in `{cmd} --help`)")
        check(re.search(rf"^\.B watermark-explorer {re.escape(cmd)}$", man, re.M) is not None,
              f"{MAN}: the SYNOPSIS has the {cmd} form")

    # ---- the man page renders cleanly ------------------------------------------------------
    if shutil.which("groff"):
        g = subprocess.run(["groff", "-ww", "-man", "-z", MAN], capture_output=True, text=True, timeout=60)
        check(g.returncode == 0 and not g.stdout and not g.stderr,
              f"groff -ww -man -z {MAN} prints nothing (exit {g.returncode}: {(g.stdout + g.stderr).strip()[:500]})")
    else:
        print("note: no groff; the man page's rendering is not checked")


main()
finish()
