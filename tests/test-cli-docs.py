#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keeps fileworks-cli's man page and bash completion in step with --help.

Usage: test-cli-docs.py FILEWORKS_CLI MAN_PAGE COMPLETION

Runs `fileworks-cli --help`, reads the commands it lists, runs
`fileworks-cli CMD --help` for each, and compares the option tokens
(`-a`, `--tag`, ...) printed there with the ones the man page documents
(its .TP tags under `.SS CMD`, and under `.SH OPTIONS` for the global ones)
and with what the completion offers (by sourcing it in bash and calling its
function, as bash would). Both directions: an option the docs have and
--help does not is an error too. TAP on stdout.

The three command lists must be equal: a command the man page or the
completion documents and --help does not list fails, whether or not this
build runs it (and so does a --help that lists no command at all).
"""
import os
import re
import subprocess
import sys

OPTION_RE = re.compile(r"(?<![\w-])(--?[A-Za-z][A-Za-z0-9-]*)")

results = []


def report(ok, name, detail=""):
    results.append((ok, name, detail))


def run(argv):
    env = dict(os.environ, LC_ALL="C")  # untranslated help
    env.pop("LANGUAGE", None)
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)
    return p.returncode, p.stdout, p.stderr


def help_commands(text):
    """Commands listed under 'Commands:' (None when there is no such section)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "Commands:":
            cmds = []
            for entry in lines[i + 1:]:
                if not entry.strip():
                    break
                m = re.match(r"^\s+([a-z][a-z0-9-]*)(\s|$)", entry)
                if m:
                    cmds.append(m.group(1))
            return cmds
    return None


def help_options(text):
    """Option tokens from the usage lines and the option lines of --help,
    not from prose (an option named in a description is not an option)."""
    opts = set()
    in_usage = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("Usage:"):
            in_usage = True
            opts.update(OPTION_RE.findall(stripped[len("Usage:"):]))
            continue
        if in_usage and line[:1].isspace() and stripped:
            opts.update(OPTION_RE.findall(stripped))
            continue
        in_usage = False
        if stripped.startswith("-"):
            head = re.split(r"\s{2,}|\t", stripped, maxsplit=1)[0]
            opts.update(OPTION_RE.findall(head))
    return opts


def roff_plain(line):
    line = line.replace("\\-", "-").replace("\\&", "")
    line = re.sub(r"\\f[BIRP]|\\f\(..|\\fR", "", line)
    line = re.sub(r"^\.(B|I|BR|BI|IR|RB|IB|RI)\s+", "", line)
    return line.replace('"', "")


def man_sections(path):
    """{'OPTIONS': set, ...} of .TP tag options per .SH, and the same per .SS
    under .SH COMMANDS; plus the plain text of each .SS."""
    sh_opts, ss_opts, ss_text = {}, {}, {}
    sh = ss = None
    expect_tag = False
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith('.\\"'):
                continue
            if line.startswith(".SH"):
                sh = roff_plain(line[3:]).strip()
                ss = None
                sh_opts.setdefault(sh, set())
                continue
            if line.startswith(".SS"):
                ss = roff_plain(line[3:]).strip() if sh == "COMMANDS" else None
                if ss is not None:
                    ss_opts.setdefault(ss, set())
                    ss_text.setdefault(ss, "")
                continue
            if line.startswith(".TP"):
                expect_tag = True
                continue
            if ss is not None:
                ss_text[ss] += roff_plain(line) + "\n"
            if expect_tag:
                expect_tag = False
                tokens = set(OPTION_RE.findall(roff_plain(line)))
                if ss is not None:
                    ss_opts[ss] |= tokens
                elif sh is not None:
                    sh_opts[sh] |= tokens
    return sh_opts, ss_opts, ss_text


def complete(completion, words):
    """What the completion offers for the command line `words` (the last
    word being completed)."""
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    script = (f"source '{completion}' || exit 3\n"
              f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
              "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
              "_fileworks_cli || exit 4\n"
              "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    p = subprocess.run(["bash", "--norc", "--noprofile", "-c", script],
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError(f"completion failed ({p.returncode}): {p.stderr.strip()}")
    return {w for w in p.stdout.splitlines() if w}


def compare(name, have, want, have_label, want_label, allowed_extra=frozenset()):
    missing = sorted(want - have)
    extra = sorted(have - want - allowed_extra)
    detail = []
    if missing:
        detail.append(f"in {want_label} but not in {have_label}: {' '.join(missing)}")
    if extra:
        detail.append(f"in {have_label} but not in {want_label}: {' '.join(extra)}")
    report(not detail, name, "; ".join(detail))


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    cli, man, completion = sys.argv[1:]
    cli_name = "fileworks-cli"

    rc, out, err = run([cli, "--help"])
    report(rc == 0, f"{cli_name} --help exits 0", f"exit {rc}: {err.strip()}")
    commands = help_commands(out)
    report(commands is not None, f"{cli_name} --help has a 'Commands:' section",
           "no 'Commands:' line: the parser here needs updating with the help format")
    commands = commands or []

    sh_opts, ss_opts, ss_text = man_sections(man)
    man_global = sh_opts.get("OPTIONS", set())
    man_commands = set(ss_opts)

    top_opts = help_options(out)
    report(bool(top_opts), f"{cli_name} --help prints its options", out)
    compare("global options: man page OPTIONS vs --help", man_global, top_opts,
            "the man page", "--help")
    compare("global options: completion vs --help", complete(completion, [cli_name, "-"]),
            top_opts, "the completion", "--help")

    comp_commands = complete(completion, [cli_name, ""])

    if commands:
        compare("commands: man page vs --help", man_commands, set(commands),
                "the man page", "--help")
        compare("commands: completion vs --help", comp_commands, set(commands),
                "the completion", "--help")
    else:
        # Nothing to compare against: a documented command --help does not
        # list is a failure, never a skip.
        report(False, f"{cli_name} --help lists its commands",
               f"no 'Commands:' section, or an empty one, in '{cli_name} --help'")
        for cmd in sorted(man_commands | comp_commands):
            rc, _, _ = run([cli, cmd, "--help"])
            state = "works" if rc == 0 else f"fails (exit {rc})"
            report(False, f"command {cmd}",
                   f"documented, but '{cli_name} --help' lists no command; "
                   f"'{cli_name} {cmd} --help' {state}")
        compare("commands: completion vs man page", comp_commands, man_commands,
                "the completion", "the man page")

    for cmd in commands:
        rc, cout, cerr = run([cli, cmd, "--help"])
        report(rc == 0, f"{cli_name} {cmd} --help exits 0", f"exit {rc}: {cerr.strip()}")
        opts = help_options(cout)
        report(bool(opts), f"{cli_name} {cmd} --help prints options", cout)
        # --help itself is proven to work just above; -h when it works too.
        implicit = {"--help"}
        if run([cli, cmd, "-h"])[0] == 0:
            implicit.add("-h")
        documented = ss_opts.get(cmd, set())
        missing = sorted(opts - documented - man_global)
        extra = sorted(documented - opts)
        detail = []
        if missing:
            detail.append(f"printed by '{cmd} --help' but not in the man page's '.SS {cmd}': {' '.join(missing)}")
        if extra:
            detail.append(f"in the man page's '.SS {cmd}' but not printed by '{cmd} --help': {' '.join(extra)}")
        report(not detail, f"{cmd}: man page vs --help", "; ".join(detail))
        compare(f"{cmd}: completion vs --help", complete(completion, [cli_name, cmd, "-"]),
                opts, "the completion", f"'{cmd} --help'", allowed_extra=implicit)

    # The algorithm names: the man page's hash section and the completion.
    with open(completion, encoding="utf-8") as f:
        m = re.search(r"algorithms='([^']*)'", f.read())
    comp_algs = set(m.group(1).split()) if m else set()
    report(bool(comp_algs), "completion lists the algorithms")
    man_algs = set()
    m = re.search(r"is one of\s+(.*?)\.\s", ss_text.get("hash", ""), re.S)
    if m:
        man_algs = {a.strip() for a in re.split(r",|\band\b", m.group(1)) if a.strip()}
    compare("algorithms: completion vs man page", comp_algs, man_algs,
            "the completion", "the man page")
    if "hash" in commands:
        algs_offered = complete(completion, [cli_name, "hash", "-a", ""])
        compare("algorithms: completion after -a", algs_offered, comp_algs,
                "what -a completes", "the completion's list")

    print(f"1..{len(results)}")
    failed = 0
    for i, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
        if not ok:
            failed += 1
            for line in detail.splitlines():
                print(f"# {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
