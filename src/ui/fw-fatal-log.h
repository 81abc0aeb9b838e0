/* fw-fatal-log.h — which warnings abort the app, when its tests ask
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For the tests (tests/meson.build sets it): when FW_FATAL_WARNING_DOMAINS
 * holds a comma-separated list of log domains, a warning is fatal only when
 * it comes from one of them or from no domain (the app's and the tests' own
 * code), and criticals stay fatal from anywhere. This replaces what
 * G_DEBUG=fatal-warnings (or g_test_init()) made fatal: on a desktop the
 * modules GIO and GTK load (gvfs, portals...) warn about their own services,
 * which is not the app's fault. Unset, nothing changes.
 *
 * Call once, from the main thread, before any other thread runs and before
 * anything is logged that should follow the rule (it installs the log
 * writer, which GLib allows once per process). */
void fw_fatal_log_init (void);

/* How many warnings were logged and not made fatal (any thread may log;
 * read from any thread). For a test that must see none from a component
 * in some span, as G_DEBUG=fatal-warnings once saw to. */
guint fw_fatal_log_get_n_tolerated (void);

G_END_DECLS
