/* fw-test-env.h — the UI tests' own session bus and log rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A UI test must not depend on what else the machine has installed: on a
 * GNOME desktop, the session bus can start gvfs's daemons and volume
 * monitors, tracker, xdg-desktop-portal and a notification daemon, and
 * GIO and GTK pick their backends by what is on it. So each UI test
 * process starts a session bus of its own (GTestDBus: a dbus-daemon whose
 * configuration has no service folder, so nothing can be activated on it)
 * and the only services on it are the test's fakes (fw-test-dbus.h); the
 * real app that test-app starts inherits it. A subprocess of the test
 * (g_test_trap_subprocess()) keeps its parent's bus.
 *
 * Warnings from other components (gvfs's client module cannot reach its
 * volume monitors there, and says so) do not abort the test; the app's own
 * and the tests' own still do, and criticals from anywhere:
 * fw_fatal_log_init(), with FW_FATAL_WARNING_DOMAINS from tests/meson.build.
 */
#pragma once

#include <gio/gio.h>

#include "fw-fatal-log.h"

/* Call first thing in main(), before g_test_init() or gtk_test_init() and
 * before any thread runs (it sets environment variables). */
static inline void
fw_test_env_setup (void)
{
  static GTestDBus *bus;  /* up for the whole process: see below */
  const char *ours = g_getenv ("FW_TEST_SESSION_BUS");
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  /* No AT-SPI: its bus launcher is a desktop service the private bus
   * cannot start (GTK would warn at every window). The tests check roles
   * on GtkAccessible, which does not need it. */
  g_setenv ("GTK_A11Y", "none", TRUE);

  if (ours != NULL && g_strcmp0 (ours, g_getenv ("DBUS_SESSION_BUS_ADDRESS")) == 0)
    return;  /* a subprocess of the test: its parent's bus */

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* g_test_dbus_up() unsets DISPLAY (and XDG_RUNTIME_DIR, which stays
   * unset: nothing of the desktop's session is reachable through it);
   * the tests run on the X server they were given. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  g_setenv ("FW_TEST_SESSION_BUS", g_test_dbus_get_bus_address (bus), TRUE);
  /* Never taken down: the app and GTK hold the bus's connection until the
   * process exits (g_test_dbus_down() would wait for it), and GLib's test
   * watcher ends the dbus-daemon when this process ends. */
}

/* Call right after g_test_init() or gtk_test_init(), which make every
 * warning fatal: only the app's own and the tests' own stay so. */
static inline void
fw_test_env_fatal_logs (void)
{
  fw_fatal_log_init ();
}
