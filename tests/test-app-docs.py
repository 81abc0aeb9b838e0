#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The app's man page documents exactly the options `fileworks --help` lists
under "Application Options" (the job options: --hash, --size, --verify…).

Usage: test-app-docs.py FILEWORKS MAN_PAGE. TAP on stdout.
"""
import re
import subprocess
import sys


def main():
    app, man_page = sys.argv[1:3]
    results = []

    p = subprocess.run([app, "--help"], capture_output=True, text=True, timeout=60)
    results.append((p.returncode == 0, "fileworks --help exits 0", p.stderr))
    section = p.stdout.split("Application Options:", 1)
    results.append((len(section) == 2, "--help has an Application Options section", p.stdout))
    helped = set(re.findall(r"^\s+(?:-\w, )?(--[\w-]+)", section[1], re.M)) if len(section) == 2 else set()
    results.append((len(helped) >= 3, "--help lists the job options", " ".join(sorted(helped))))

    with open(man_page, encoding="utf-8") as f:
        man = f.read()
    options = man.split("\n.SH OPTIONS\n", 1)[1].split("\n.SH ", 1)[0] if "\n.SH OPTIONS\n" in man else ""
    documented = set()
    for line in options.splitlines():
        if line.startswith((".B ", ".BR ")):
            for word in re.findall(r"\\-\\-[\w\\-]+", line):
                documented.add(word.replace("\\-", "-"))
    documented.discard("--help")

    for option in sorted(helped):
        results.append((option in documented, f"{option} is in the man page's OPTIONS", man_page))
    for option in sorted(documented - helped):
        results.append((False, f"{option} in the man page is not in --help", p.stdout))

    print(f"1..{len(results)}")
    failed = 0
    for i, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
        if not ok:
            failed += 1
            for line in str(detail).splitlines()[-20:]:
                print(f"# {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
