#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the validators do not check in data/:

- every screenshot the metainfo names is a PNG in data/screenshots/, with a
  caption;
- every GSettings key has a summary and a description;
- the app icon is a 128x128 SVG and the symbolic one a 16x16 SVG in one
  colour; both render with rsvg-convert (librsvg2-bin, in
  build-aux/packages.txt: without it, that check fails).

Usage: test-data-files.py TOP_SRCDIR APP_ID RSVG_CONVERT. TAP on stdout.
"""
import os
import re
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

results = []


def report(ok, name, detail=""):
    results.append((ok, name, detail))


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def check_screenshots(top, app_id):
    path = os.path.join(top, "data", app_id + ".metainfo.xml.in")
    root = ET.parse(path).getroot()
    shots = root.findall("./screenshots/screenshot")
    report(len(shots) > 0, "the metainfo has screenshots")
    defaults = [s for s in shots if s.get("type") == "default"]
    report(len(defaults) == 1, "exactly one default screenshot", f"{len(defaults)} defaults")
    for shot in shots:
        url = (shot.findtext("image") or "").strip()
        m = re.search(r"/(data/screenshots/[^/]+\.png)$", url)
        if not m:
            report(False, f"screenshot {url}", "its URL does not end in data/screenshots/NAME.png")
            continue
        local = os.path.join(top, m.group(1))
        size = png_size(local) if os.path.isfile(local) else None
        report(size is not None, f"{m.group(1)} exists and is a PNG", f"{local}: missing or not a PNG")
        if size:
            report(size[0] >= 620 and size[1] >= 400, f"{m.group(1)} is at least 620x400", f"{size[0]}x{size[1]}")
        caption = (shot.findtext("caption") or "").strip()
        report(bool(caption), f"{m.group(1)} has a caption")


def check_schema(top, app_id):
    path = os.path.join(top, "data", app_id + ".gschema.xml")
    root = ET.parse(path).getroot()
    keys = root.findall("./schema/key")
    report(len(keys) > 0, "the schema has keys")
    for key in keys:
        name = key.get("name")
        for field in ("summary", "description"):
            text = (key.findtext(field) or "").strip()
            report(bool(text), f"key {name} has a {field}")


def check_icon(top, rel, size, one_colour, rsvg):
    path = os.path.join(top, rel)
    if not os.path.isfile(path):
        report(False, f"{rel} exists")
        return
    root = ET.parse(path).getroot()
    report(root.tag == "{http://www.w3.org/2000/svg}svg", f"{rel} is an SVG")
    want = f"0 0 {size} {size}"
    report(root.get("viewBox") == want and root.get("width") == str(size) and root.get("height") == str(size),
           f"{rel} is {size}x{size}", f"viewBox={root.get('viewBox')} width={root.get('width')} height={root.get('height')}")
    text = open(path, encoding="utf-8").read()
    colours = {c.lower() for c in re.findall(r"#[0-9A-Fa-f]{6}\b", text)}
    report(not re.search(r"<(image|script|text)\b", text), f"{rel} has no image, script or text element")
    if one_colour:
        report(len(colours) == 1, f"{rel} uses one colour", " ".join(sorted(colours)))
    else:
        report(len(colours) >= 3, f"{rel} is in full colour", " ".join(sorted(colours)))
    if not rsvg or not os.access(rsvg, os.X_OK):
        report(False, f"{rel} renders", f"rsvg-convert ({rsvg or 'not given'}) cannot be run: install librsvg2-bin")
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "icon.png")
        p = subprocess.run([rsvg, "-w", str(size * 2), "-h", str(size * 2), path, "-o", out],
                           capture_output=True, text=True, timeout=60)
        ok = p.returncode == 0 and png_size(out) == (size * 2, size * 2)
        report(ok, f"{rel} renders", p.stderr)


def main():
    top, app_id = sys.argv[1], sys.argv[2]
    rsvg = sys.argv[3] if len(sys.argv) > 3 else None
    check_screenshots(top, app_id)
    check_schema(top, app_id)
    icons = "data/icons/hicolor"
    check_icon(top, f"{icons}/scalable/apps/{app_id}.svg", 128, False, rsvg)
    check_icon(top, f"{icons}/symbolic/apps/{app_id}-symbolic.svg", 16, True, rsvg)

    print(f"1..{len(results)}")
    failed = 0
    for i, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
        if not ok:
            failed += 1
            for line in str(detail).splitlines():
                print(f"# {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
