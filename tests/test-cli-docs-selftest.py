#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Exercises test-cli-docs.py's comparison of commands, which the real
fileworks-cli only reaches once it lists commands: a fake fileworks-cli,
built from the man page itself, must pass; one that prints an option more,
one that lacks an option, one that lists a command the docs lack, and one
that lists no command at all, must each fail.

Usage: test-cli-docs-selftest.py TEST_CLI_DOCS MAN_PAGE COMPLETION
TAP on stdout.
"""
import os
import subprocess
import sys
import tempfile

import importlib.util

spec = importlib.util.spec_from_file_location("cli_docs", sys.argv[1])
cli_docs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cli_docs)


def fake_cli(path, commands, extra_command=None):
    """A bash script answering --help, CMD --help and CMD -h like a
    fileworks-cli with `commands` ({name: [option tokens]})."""
    lines = ["#!/bin/bash", 'case "$1 $2" in',
             '"--help "|"-h ")',
             "  echo 'Usage: fileworks-cli COMMAND [OPTION]... [ARG]...'; echo; echo 'Commands:'"]
    names = list(commands) + ([extra_command] if extra_command else [])
    for name in names:
        lines.append(f"  echo '  {name:<8} does things'")
    lines += ["  echo; echo 'Options:'; echo '  -h, --help  Show help'; echo '  --version   Show version'",
              "  exit 0 ;;"]
    for name in names:
        opts = commands.get(name, [])
        lines.append(f'"{name} --help"|"{name} -h")')
        lines.append(f"  echo 'Usage: fileworks-cli {name} [OPTION]... PATH...'; echo")
        for opt in opts:
            lines.append(f"  echo '  {opt}  an option'")
        lines.append("  exit 0 ;;")
    lines += ["esac", "echo unknown >&2; exit 1"]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o755)


def run_checker(cli, man, completion):
    p = subprocess.run([sys.executable, sys.argv[1], cli, man, completion],
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout


def main():
    man, completion = sys.argv[2], sys.argv[3]
    _, ss_opts, _ = cli_docs.man_sections(man)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        cli = os.path.join(tmp, "fileworks-cli")
        good = {name: sorted(opts) for name, opts in ss_opts.items()}
        results.append((len(good) > 0, "the man page documents commands", ""))

        fake_cli(cli, good)
        rc, out = run_checker(cli, man, completion)
        results.append((rc == 0 and "# SKIP" not in out,
                        "a fileworks-cli whose --help matches the docs passes", out))

        if good:
            first = sorted(good)[0]
            more = dict(good, **{first: good[first] + ["--not-documented"]})
            fake_cli(cli, more)
            rc, out = run_checker(cli, man, completion)
            results.append((rc != 0 and "--not-documented" in out,
                            "an option missing from the docs fails", out))

            fewer = dict(good, **{first: good[first][1:]})
            fake_cli(cli, fewer)
            rc, out = run_checker(cli, man, completion)
            results.append((rc != 0 and good[first][0] in out,
                            "a documented option missing from --help fails", out))

            fake_cli(cli, good, extra_command="frobnicate")
            rc, out = run_checker(cli, man, completion)
            results.append((rc != 0 and "frobnicate" in out,
                            "a command missing from the docs fails", out))

            fake_cli(cli, {})
            rc, out = run_checker(cli, man, completion)
            results.append((rc != 0 and "# SKIP" not in out and "not ok" in out and first in out,
                            "a --help that lists no command fails, never skips", out))

            fewer_cmds = {k: v for k, v in good.items() if k != first}
            fake_cli(cli, fewer_cmds)
            rc, out = run_checker(cli, man, completion)
            results.append((rc != 0 and first in out,
                            "a documented command missing from --help fails once --help lists any", out))

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
