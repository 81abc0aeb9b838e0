/* test-fatal-log.c — which warnings abort a UI test or the app (fw-fatal-log)
 *
 * On a desktop, modules that GIO and GTK load warn about services of their
 * own (gvfs's volume monitors, the portals): those warnings must not abort
 * a test, while the app's own warnings (its log domains, FW_FATAL_WARNING_
 * DOMAINS from tests/meson.build) and the tests' own (no domain) must, and
 * criticals from anywhere. Each case logs in a subprocess of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-fatal-log.h"

static void
log_structured (const char     *domain,
                GLogLevelFlags  level)
{
  /* What g_warning() and g_critical() do under G_LOG_USE_STRUCTURED. */
  if (domain != NULL)
    g_log_structured (domain, level, "MESSAGE", "a message from %s", domain);
  else
    g_log_structured_standard (NULL, level, __FILE__, G_STRINGIFY (__LINE__), G_STRFUNC,
                               "a message from no domain");
}

typedef struct {
  const char     *domain;
  GLogLevelFlags  level;
  gboolean        structured;  /* else the old g_log() API */
  gboolean        fatal;
} Case;

static const Case cases[] = {
  { "fileworks-ui", G_LOG_LEVEL_WARNING, TRUE, TRUE },
  { "fileworks-engine", G_LOG_LEVEL_WARNING, FALSE, TRUE },
  { NULL, G_LOG_LEVEL_WARNING, TRUE, TRUE },
  { NULL, G_LOG_LEVEL_WARNING, FALSE, TRUE },
  { "GVFS-RemoteVolumeMonitor", G_LOG_LEVEL_WARNING, FALSE, FALSE },
  { "GLib-GIO", G_LOG_LEVEL_WARNING, TRUE, FALSE },
  { "Gtk", G_LOG_LEVEL_WARNING, TRUE, FALSE },
  { "Gtk", G_LOG_LEVEL_CRITICAL, TRUE, TRUE },
  { "GLib-GIO", G_LOG_LEVEL_CRITICAL, FALSE, TRUE },
  { "fileworks-pool", G_LOG_LEVEL_MESSAGE, TRUE, FALSE },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;

  if (g_test_subprocess ())
    {
      if (c->structured)
        log_structured (c->domain, c->level);
      else
        g_log (c->domain, c->level, "a message from %s", c->domain != NULL ? c->domain : "no domain");
      g_print ("tolerated: %u\n", fw_fatal_log_get_n_tolerated ());
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  if (c->fatal)
    g_test_trap_assert_failed ();
  else
    g_test_trap_assert_passed ();
  /* Counted when tolerated (the subprocess says how many). */
  if (!c->fatal && c->level == G_LOG_LEVEL_WARNING)
    g_test_trap_assert_stdout ("*tolerated: 1*");
  g_test_trap_assert_stderr ("*a message from*");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* What g_test_init() made fatal, narrowed (as fw-test-env.h does). */
  fw_fatal_log_init ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fatal-log/%s/%s/%s",
                                               cases[i].domain != NULL ? cases[i].domain : "no-domain",
                                               cases[i].level == G_LOG_LEVEL_WARNING ? "warning" :
                                               cases[i].level == G_LOG_LEVEL_CRITICAL ? "critical" : "message",
                                               cases[i].structured ? "structured" : "g_log");

      g_test_add_data_func (path, &cases[i], test_case);
    }
  return g_test_run ();
}
