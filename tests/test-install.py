#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`meson install --destdir` puts every file where the freedesktop specs
(and man, bash-completion, gettext) look for it, and nothing outside the
prefix.

Usage: test-install.py MESON BUILDDIR APP_ID PREFIX BINDIR DATADIR MANDIR
                       LOCALEDIR COMPLETIONSDIR UI(true|false) LINGUAS_FILE
                       [NAUTILUS_EXTENSION_DIR]
(directories absolute, as configured; the last one only when the Files
extension is built). TAP on stdout.
"""
import configparser
import os
import subprocess
import sys
import tempfile


def main():
    (meson, builddir, app_id, prefix, bindir, datadir, mandir, localedir,
     completionsdir, ui, linguas_file) = sys.argv[1:12]
    ui = ui == "true"
    nautilus_extension_dir = sys.argv[12] if len(sys.argv) > 12 else ""
    results = []

    with tempfile.TemporaryDirectory(prefix="fw-destdir-") as destdir:
        p = subprocess.run([meson, "install", "-C", builddir, "--no-rebuild",
                            "--destdir", destdir],
                           capture_output=True, text=True, timeout=300)
        results.append((p.returncode == 0, "meson install --destdir", p.stdout + p.stderr))
        if p.returncode != 0:
            return report(results)

        def at(path):
            return destdir + path

        expected = {
            "the command-line program": os.path.join(bindir, "fileworks-cli"),
            "the desktop file": os.path.join(datadir, "applications", app_id + ".desktop"),
            "the D-Bus service": os.path.join(datadir, "dbus-1", "services", app_id + ".service"),
            "the AppStream metainfo": os.path.join(datadir, "metainfo", app_id + ".metainfo.xml"),
            "the GSettings schema": os.path.join(datadir, "glib-2.0", "schemas", app_id + ".gschema.xml"),
            "the app icon": os.path.join(datadir, "icons", "hicolor", "scalable", "apps", app_id + ".svg"),
            "the symbolic icon": os.path.join(datadir, "icons", "hicolor", "symbolic", "apps", app_id + "-symbolic.svg"),
            "the man page": os.path.join(mandir, "man1", "fileworks-cli.1"),
            "the bash completion": os.path.join(completionsdir, "fileworks-cli"),
        }
        if ui:
            expected["the app"] = os.path.join(bindir, "fileworks")
            expected["the app's man page"] = os.path.join(mandir, "man1", "fileworks.1")
        if nautilus_extension_dir:
            # Under this prefix's libdir, at the path Files' pkg-config
            # file names below its own libdir (see src/nautilus/meson.build).
            expected["the Files extension"] = os.path.join(nautilus_extension_dir,
                                                           "libnautilus-fileworks.so")
        with open(linguas_file, encoding="utf-8") as f:
            for line in f:
                for lang in line.split("#")[0].split():
                    expected[f"the {lang} translation"] = os.path.join(
                        localedir, lang, "LC_MESSAGES", "fileworks.mo")

        for what, path in sorted(expected.items()):
            results.append((os.path.isfile(at(path)), f"{what} at {path}", f"{at(path)} is missing"))

        for prog in ("fileworks-cli", "fileworks"):
            path = at(os.path.join(bindir, prog))
            if os.path.exists(path):
                results.append((os.access(path, os.X_OK), f"{prog} is executable", path))

        # The D-Bus service starts the installed app.
        service = configparser.ConfigParser(interpolation=None)
        service.optionxform = str
        service.read(at(expected["the D-Bus service"]))
        sect = service["D-BUS Service"] if service.has_section("D-BUS Service") else {}
        results.append((sect.get("Name") == app_id, "the D-Bus service's Name is the app id", str(dict(sect))))
        want_exec = os.path.join(bindir, "fileworks") + " --gapplication-service"
        results.append((sect.get("Exec") == want_exec, "the D-Bus service runs the installed app",
                        f"Exec={sect.get('Exec')!r}, want {want_exec!r}"))

        # The desktop file names the D-Bus name that the service provides.
        desktop = configparser.ConfigParser(interpolation=None, strict=False)
        desktop.optionxform = str
        desktop.read(at(expected["the desktop file"]))
        entry = desktop["Desktop Entry"] if desktop.has_section("Desktop Entry") else {}
        results.append((entry.get("DBusActivatable") == "true" and entry.get("Exec", "").split()[:1] == ["fileworks"]
                        and entry.get("Icon") == app_id,
                        "the desktop file is D-Bus activatable, runs fileworks and names the icon", str(dict(entry))))

        # Everything lands under the prefix.
        outside = []
        for root, _, files in os.walk(destdir):
            for name in files:
                path = os.path.join(root, name)[len(destdir):]
                if not path.startswith(prefix.rstrip("/") + "/"):
                    outside.append(path)
        results.append((not outside, f"nothing installed outside {prefix}", " ".join(outside)))

    return report(results)


def report(results):
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
