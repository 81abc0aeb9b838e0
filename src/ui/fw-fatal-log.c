/* fw-fatal-log.c — which warnings abort the app, when its tests ask
 *
 * The project logs through GLib's structured API (G_LOG_USE_STRUCTURED):
 * fatality is decided by the log writer, from g_log_set_always_fatal(). The
 * writer here adds the fatal flag to the warnings of the listed domains and
 * hands every message on to GLib's default writer. Messages of the old API
 * (g_log() in other libraries) get their fatality from the same masks in
 * g_logv(): the listed domains get a fatal mask of their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-fatal-log.h"

/* Set once, before any other thread runs; read-only after. */
static char **fatal_domains;
static guint n_tolerated;  /* atomic */

static gboolean
is_fatal_domain (const char *domain)
{
  return domain == NULL || *domain == '\0' || g_strv_contains ((const char * const *) fatal_domains, domain);
}

static GLogWriterOutput
fatal_log_writer (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
  if ((log_level & G_LOG_LEVEL_WARNING) != 0)
    {
      if (is_fatal_domain (domain))
        log_level |= G_LOG_FLAG_FATAL;
      else
        g_atomic_int_inc (&n_tolerated);
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
fw_fatal_log_init (void)
{
  const char *list = g_getenv ("FW_FATAL_WARNING_DOMAINS");
  const GLogLevelFlags fatal = G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL;

  if (list == NULL || fatal_domains != NULL)
    return;
  fatal_domains = g_strsplit (list, ",", -1);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_fatal_mask (NULL, fatal);
  for (guint i = 0; fatal_domains[i] != NULL; i++)
    if (*fatal_domains[i] != '\0')
      g_log_set_fatal_mask (fatal_domains[i], fatal);
  g_log_set_writer_func (fatal_log_writer, NULL, NULL);
}

guint
fw_fatal_log_get_n_tolerated (void)
{
  return (guint) g_atomic_int_get (&n_tolerated);
}
