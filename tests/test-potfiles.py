#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""po/POTFILES.in lists every file under src/ and data/ that marks strings
for translation, and names no file that does not exist.

Usage: test-potfiles.py TOP_SRCDIR XGETTEXT

Scans the tree when the test runs, so files added later are checked too.
A file marks strings when it has _( N_( C_( NC_( (as whole identifiers),
ngettext, or translatable="yes". The .desktop.in and .metainfo.xml.in
files and GSettings schemas are translated by their format, not by marks:
each one found must be listed too. Then xgettext extracts the template
from the list as `meson compile fileworks-pot` does (the glib preset's
keywords) and must do so without a warning. TAP on stdout.
"""
import os
import re
import subprocess
import sys
import tempfile

MARK_RE = re.compile(r'(?<![A-Za-z0-9_])(?:N|C|NC)?_\s*\(|ngettext\s*\(|translatable\s*=\s*"yes"')
BY_FORMAT_RE = re.compile(r'\.(desktop\.in|metainfo\.xml\.in|appdata\.xml\.in|gschema\.xml)$')
SCANNED = ("src", "data")
# meson's i18n 'glib' preset
KEYWORDS = ["--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
            "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3"]


def extract(top, xgettext, entries):
    """Runs xgettext over the list; returns (ok, detail, pot text)."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "fileworks.pot")
        p = subprocess.run([xgettext, "--from-code=UTF-8", "--add-comments", *KEYWORDS,
                            "--directory", top, "--output", pot, *entries],
                           capture_output=True, text=True, timeout=120)
        text = open(pot, encoding="utf-8").read() if os.path.exists(pot) else ""
    ok = p.returncode == 0 and not p.stderr.strip()
    return ok, p.stderr or f"exit {p.returncode}", text


def listed(top):
    entries = []
    with open(os.path.join(top, "po", "POTFILES.in"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                entries.append(line)
    return entries


def needs_listing(path):
    if BY_FORMAT_RE.search(path):
        return "translated by its format"
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if b"\0" in data:
        return None  # binary
    m = MARK_RE.search(data.decode("utf-8", errors="replace"))
    if m:
        line = data[:m.start()].count(b"\n") + 1
        return f"marks a string at line {line}: {m.group(0)!r}"
    return None


def main():
    top = sys.argv[1]
    xgettext = sys.argv[2]
    entries = listed(top)
    results = []

    for e in entries:
        results.append((os.path.isfile(os.path.join(top, e)), f"{e} exists", ""))
    dupes = sorted({e for e in entries if entries.count(e) > 1})
    results.append((not dupes, "no file listed twice", " ".join(dupes)))

    found = 0
    for sub in SCANNED:
        for root, dirs, files in os.walk(os.path.join(top, sub)):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = os.path.join(root, name)
                rel = os.path.relpath(path, top)
                why = needs_listing(path)
                if why is None:
                    continue
                found += 1
                results.append((rel in entries, f"{rel} is in po/POTFILES.in",
                                f"{rel} {why} but po/POTFILES.in does not list it"))
    # A scan that finds nothing means the scan is broken, not that all is well.
    results.append((found > 0, "the scan found translatable files", "found none"))

    existing = [e for e in entries if os.path.isfile(os.path.join(top, e))]
    ok, detail, pot = extract(top, xgettext, existing)
    results.append((ok, "xgettext extracts the template without warnings", detail))
    results.append((pot.count("\nmsgid ") > 1, "the template has strings", "no msgid"))
    plural = re.search(r"(?<![A-Za-z0-9_])ngettext\s*\(", "".join(
        open(os.path.join(top, e), encoding="utf-8", errors="replace").read()
        for e in existing if e.endswith(".c")))
    if plural:
        results.append(("msgid_plural" in pot, "ngettext plurals reach the template", "no msgid_plural"))

    print(f"1..{len(results)}")
    failed = 0
    for i, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
        if not ok:
            failed += 1
            print(f"# {detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
