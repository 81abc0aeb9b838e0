#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifest asks for no broad permission and pins every source.

Usage: test-flatpak-manifest.py MANIFEST

Fails on any --filesystem, on other broad permissions (whole buses, all
devices, the network, talking to the Flatpak portal to escape the
sandbox, ...), on any finish-arg beyond the allowed four, on network access
at build time, and on a module source that is not pinned by a sha256
(except the app's own local folder). It also feeds known-bad manifests to
the same checks, so a check that stopped working shows. TAP on stdout.
"""
import copy
import json
import re
import sys

ALLOWED_FINISH_ARGS = {
    "--share=ipc",
    "--socket=fallback-x11",
    "--socket=wayland",
    "--device=dri",
}
# Named for the message; anything outside ALLOWED_FINISH_ARGS fails anyway.
BROAD = [
    (re.compile(r"^--filesystem"), "file system access (files come through the document portal)"),
    (re.compile(r"^--socket=(session-bus|system-bus)$"), "a whole D-Bus bus"),
    (re.compile(r"^--socket=x11$"), "X11 even under Wayland"),
    (re.compile(r"^--socket=(ssh-auth|pcsc|cups|gpg-agent|pulseaudio)$"), "a host socket"),
    (re.compile(r"^--device=(all|shm|kvm|input|usb)$"), "devices beyond the GPU"),
    (re.compile(r"^--share=network$"), "the network"),
    (re.compile(r"^--talk-name=org\.freedesktop\.Flatpak$"), "running commands on the host"),
    (re.compile(r"^--(system-)?(talk|own)-name="), "a D-Bus name"),
    (re.compile(r"^--allow="), "a sandbox feature"),
    (re.compile(r"^--env=.*(LD_PRELOAD|GTK_USE_PORTAL=0)"), "a sandbox-weakening environment"),
]
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
PINNED_TYPES = {"archive", "file", "extra-data"}


def finish_arg_problems(manifest):
    problems = []
    args = manifest.get("finish-args", [])
    for arg in args:
        reasons = [why for rx, why in BROAD if rx.search(arg)]
        if reasons:
            problems.append(f"{arg}: {reasons[0]}")
        elif arg not in ALLOWED_FINISH_ARGS:
            problems.append(f"{arg}: not one of {' '.join(sorted(ALLOWED_FINISH_ARGS))}")
    missing = ALLOWED_FINISH_ARGS - set(args)
    if missing:
        problems.append(f"missing: {' '.join(sorted(missing))}")
    return problems


def walk_modules(modules, trail=()):
    for module in modules:
        if isinstance(module, str):
            yield trail + (module,), None  # a module in another file: not pinned here
            continue
        path = trail + (module.get("name", "?"),)
        yield path, module
        yield from walk_modules(module.get("modules", []), path)


def build_option_problems(where, options):
    problems = []
    if not isinstance(options, dict):
        return problems
    for arg in options.get("build-args", []):
        if re.search(r"--share=network|--filesystem|--socket=", arg):
            problems.append(f"{where}: build-args {arg}")
    for arch in options.get("arch", {}).values():
        problems += build_option_problems(where + " (arch)", arch)
    return problems


def source_problems(manifest, app_module):
    problems = build_option_problems("manifest", manifest.get("build-options"))
    for path, module in walk_modules(manifest.get("modules", [])):
        name = "/".join(path)
        if module is None:
            problems.append(f"{name}: an external module file, not checked here")
            continue
        problems += build_option_problems(name, module.get("build-options"))
        sources = module.get("sources", [])
        if not sources:
            problems.append(f"{name}: no sources")
        for source in sources:
            if isinstance(source, str):
                problems.append(f"{name}: external source file {source}")
                continue
            kind = source.get("type")
            if kind == "dir":
                if module.get("name") == app_module and source.get("path") == ".":
                    continue
                problems.append(f"{name}: a local dir source other than the app's own folder")
            elif kind in PINNED_TYPES:
                if not SHA256_RE.match(source.get("sha256", "")):
                    problems.append(f"{name}: {kind} source {source.get('url', source.get('path'))} has no sha256")
                if kind == "archive" and "url" in source and not source["url"].startswith("https://"):
                    problems.append(f"{name}: {source['url']} is not fetched over https")
            elif kind in ("shell", "patch", "script", "inline"):
                if kind == "patch" and "path" not in source:
                    problems.append(f"{name}: patch without a local path")
            else:
                problems.append(f"{name}: {kind} source is not pinned by a sha256")
    return problems


def app_problems(manifest, app_id):
    problems = []
    if manifest.get("id", manifest.get("app-id")) != app_id:
        problems.append(f"id is {manifest.get('id')!r}, not {app_id}")
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        problems.append("runtime/sdk are not org.gnome.Platform/org.gnome.Sdk")
    version = str(manifest.get("runtime-version", ""))
    if not re.match(r"^\d+$", version):
        problems.append(f"runtime-version {version!r} is not a stable GNOME release")
    if manifest.get("command") != "fileworks":
        problems.append("command is not fileworks")
    modules = [m for m in manifest.get("modules", []) if isinstance(m, dict)]
    if not modules or modules[-1].get("name") != "fileworks":
        problems.append("the last module is not fileworks")
    else:
        app = modules[-1]
        if app.get("buildsystem") != "meson":
            problems.append("fileworks is not built with meson")
        if app.get("run-tests") is not True:
            problems.append("fileworks does not run its tests (run-tests: true)")
        sources = app.get("sources", [])
        if len(sources) != 1 or sources[0].get("type") != "dir" or sources[0].get("path") != ".":
            problems.append("fileworks does not build from the local folder alone")
    return problems


def check(manifest, app_id):
    return {
        "finish-args": finish_arg_problems(manifest),
        "sources": source_problems(manifest, "fileworks"),
        "app": app_problems(manifest, app_id),
    }


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        manifest = json.load(f)
    app_id = "io.github.fileworks.Fileworks"
    results = []

    for part, problems in check(manifest, app_id).items():
        results.append((not problems, f"manifest: {part}", problems))

    # The checks themselves: each of these must be caught.
    def bad(name, change, part):
        m = copy.deepcopy(manifest)
        change(m)
        caught = bool(check(m, app_id)[part])
        results.append((caught, f"catches {name}", [] if caught else ["not caught"]))

    bad("--filesystem=host", lambda m: m["finish-args"].append("--filesystem=host"), "finish-args")
    bad("--filesystem=xdg-download:ro", lambda m: m["finish-args"].append("--filesystem=xdg-download:ro"), "finish-args")
    bad("--socket=session-bus", lambda m: m["finish-args"].append("--socket=session-bus"), "finish-args")
    bad("--device=all", lambda m: m["finish-args"].append("--device=all"), "finish-args")
    bad("--share=network", lambda m: m["finish-args"].append("--share=network"), "finish-args")
    bad("--talk-name=org.freedesktop.Flatpak",
        lambda m: m["finish-args"].append("--talk-name=org.freedesktop.Flatpak"), "finish-args")
    bad("an archive without sha256",
        lambda m: [s.pop("sha256", None) for s in m["modules"][0]["sources"]], "sources")
    bad("a git source",
        lambda m: m["modules"][0]["sources"].__setitem__(0, {"type": "git", "url": "https://example.org/x.git", "tag": "v1"}),
        "sources")
    bad("a nested module without sha256",
        lambda m: m["modules"][0].setdefault("modules", []).append(
            {"name": "x", "sources": [{"type": "archive", "url": "https://example.org/x.tar.gz"}]}), "sources")
    bad("network at build time",
        lambda m: m["modules"][0].setdefault("build-options", {}).setdefault("build-args", []).append("--share=network"),
        "sources")
    bad("run-tests off", lambda m: m["modules"][-1].__setitem__("run-tests", False), "app")

    print(f"1..{len(results)}")
    failed = 0
    for i, (ok, name, problems) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
        if not ok:
            failed += 1
            for p in problems:
                print(f"# {p}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
