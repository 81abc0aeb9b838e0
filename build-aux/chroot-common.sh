# Sourced by build-aux/test-newer and build-aux/test-desktop: a Debian
# chroot made with debootstrap and kept in a cache, the tracked files copied
# in, built with warnings as errors, and the tests run under Xvfb and a
# D-Bus session of the chroot's own.
#
# Set before sourcing: top (the checkout), fw_suite (Debian suite),
# fw_root (the chroot's folder), fw_name (for messages), fw_builddir (where
# the test log is copied back, under $top), fw_desktop_packages (installed
# WITH their recommends after the build's packages, as a user's
# `apt-get install` does; may be empty), fw_skip_tests (test names left out).

# What is mounted under the chroot: the host's /proc, /sys and /dev while
# a run goes on. Left mounted (a run killed before its clean-up), a
# recursive delete of the chroot would go through them into the host's /dev.
fw_chroot_unmount_all() {
  local m
  while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m"
  done < <(awk -v r="$fw_root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r)
}

# The build's packages (build-aux/packages.txt but the fuzzer's) → $packages.
fw_chroot_packages() {
  mapfile -t packages < <(sed -n '/^# fuzzing/q; /^\s*#/d; /^\s*$/d; p' "$top/build-aux/packages.txt")
}

# A chroot made before a package joined packages.txt gets it now.
fw_chroot_ensure_packages() {
  local packages missing=() p
  fw_chroot_packages
  for p in "${packages[@]}"; do
    chroot "$fw_root" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
      missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  echo "$fw_name: installing ${missing[*]} in the chroot" >&2
  cp /etc/resolv.conf "$fw_root/etc/resolv.conf"
  chroot "$fw_root" apt-get update -q >&2
  chroot "$fw_root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}" >&2
}

# Makes the chroot once: debootstrap, then the packages build-aux/setup
# installs but the fuzzer's (Debian 12's clang 14 by name), then
# $fw_desktop_packages. .complete marks a finished one.
fw_chroot_create() {
  if [ -f "$fw_root/.complete" ]; then
    fw_chroot_ensure_packages
    return 0
  fi
  FW_EXTRA_PACKAGES=debootstrap "$top/build-aux/setup" --packages-only
  rm -rf --one-file-system "$fw_root"
  mkdir -p "$(dirname "$fw_root")"
  debootstrap --variant=minbase "$fw_suite" "$fw_root" http://deb.debian.org/debian >&2
  cp /etc/resolv.conf "$fw_root/etc/resolv.conf"
  local packages
  fw_chroot_packages
  chroot "$fw_root" apt-get update -q >&2
  chroot "$fw_root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${packages[@]}" >&2
  if [ -n "$fw_desktop_packages" ]; then
    # shellcheck disable=SC2086 # a list of names
    chroot "$fw_root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      $fw_desktop_packages >&2
  fi
  touch "$fw_root/.complete"
}

# Makes the chroot if needed, copies the tracked files in (as a clean clone
# has them), builds, and runs `meson test` with the arguments given, every
# test but $fw_skip_tests. Returns meson's status; the test log is copied
# to $fw_builddir/meson-logs.
fw_chroot_run_tests() {
  [ "$(id -u)" = 0 ] || { echo "$fw_name: needs root (chroot)" >&2; return 2; }
  rm -f "$fw_builddir/meson-logs/testlog.json"
  fw_chroot_unmount_all
  fw_chroot_create

  # Unmounted on the way out, busy or not (processes of the tests'
  # sessions may still be ending).
  trap fw_chroot_unmount_all EXIT
  # The root a mount point of its own, as / is on a machine: the tests
  # that unshare a mount namespace make / private there (test-walk's
  # bind mounts), which a mere folder refuses.
  mount --bind "$fw_root" "$fw_root"
  local d
  for d in proc sys dev dev/pts dev/shm; do
    mount --bind "/$d" "$fw_root/$d"
  done

  rm -rf --one-file-system "$fw_root/src" "$fw_root/build"
  mkdir -p "$fw_root/src"
  git -C "$top" ls-files -z | tar -C "$top" --null -T - -cf - | tar -C "$fw_root/src" -xf -

  local status=0
  chroot "$fw_root" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    FW_NAME="$fw_name" FW_SKIP_TESTS="$fw_skip_tests" \
    bash -c 'set -e
      echo "$FW_NAME: GTK $(pkg-config --modversion gtk4), libadwaita $(pkg-config --modversion libadwaita-1), GLib $(pkg-config --modversion glib-2.0), $(gcc --version | head -1)"
      meson setup /build /src -Dwerror=true > /build-setup.log || { cat /build-setup.log; exit 1; }
      meson compile -C /build
      skip="^\($(echo $FW_SKIP_TESTS | sed "s/ /\\\\|/g")\)\$"
      [ -n "$FW_SKIP_TESTS" ] || skip="^$"
      mapfile -t tests < <(meson test -C /build --list "$@" 2>/dev/null | sed "s|.* / ||" | grep -v "$skip")
      xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
        meson test -C /build --print-errorlogs "${tests[@]}" "$@"' "$fw_name" "$@" || status=$?
  mkdir -p "$fw_builddir/meson-logs"
  cp "$fw_root/build/meson-logs/testlog.json" "$fw_builddir/meson-logs/" 2>/dev/null || true
  return $status
}
