/* fw-cli-check-unlisted.c — `check --unlisted`: the files no list names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While `check` verifies its lists, a thread walks the current folder
 * (fw_audit_list_files()), and the files it found go to the audit as
 * soon as it is done; after the last list, the audit
 * (fw-audit.c) tells new files from moved ones, and this prints a line
 * for each after the unchanged coreutils lines.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fw-audit.h"
#include "fw-cli.h"
#include "fw-cli-check-private.h"
#include "fw-exclude.h"

struct _FwCliWalk {
  GThread      *thread;
  int           done;       /* atomic: the thread has set files or error */
  gboolean      handed;     /* files went to the audit */
  FwAuditFiles *files;
  GError       *error;
  const FwExclude *exclude;
};

static gpointer
walk_thread (gpointer data)
{
  FwCliWalk *walk = data;

  walk->files = fw_audit_list_files (".", walk->exclude, NULL, &walk->error);
  g_atomic_int_set (&walk->done, 1);
  return NULL;
}

FwCliWalk *
fw_cli_check_unlisted_walk (const FwExclude *exclude)
{
  FwCliWalk *walk = g_new0 (FwCliWalk, 1);

  walk->exclude = exclude;
  walk->thread = g_thread_new ("fw-check-walk", walk_thread, walk);
  return walk;
}

/* Joins the thread (at once when it is done) and gives the audit what it
 * found, once. */
static void
hand_over (FwCliWalk *walk,
           FwAudit   *audit)
{
  if (walk->thread != NULL)
    g_thread_join (g_steal_pointer (&walk->thread));
  if (!walk->handed && walk->files != NULL)
    fw_audit_set_files (audit, g_steal_pointer (&walk->files));
  walk->handed = TRUE;
}

void
fw_cli_check_unlisted_poll (FwCliWalk *walk,
                            FwAudit   *audit)
{
  if (!walk->handed && g_atomic_int_get (&walk->done))
    hand_over (walk, audit);
}

/* One field of an audit line: escaped as coreutils escapes a name, and a
 * tab too (it separates the fields). */
static void
append_field (GString    *line,
              const char *name,
              gboolean    escape)
{
  g_string_append_c (line, '\t');
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!escape)
        g_string_append_c (line, *p);
      else if (*p == '\\')
        g_string_append (line, "\\\\");
      else if (*p == '\n')
        g_string_append (line, "\\n");
      else if (*p == '\r')
        g_string_append (line, "\\r");
      else if (*p == '\t')
        g_string_append (line, "\\t");
      else
        g_string_append_c (line, *p);
    }
}

static gboolean
needs_escape (const char *name)
{
  return name != NULL && strpbrk (name, "\\\n\r\t") != NULL;
}

/* After every list: the files no list names, one line each, in byte
 * order of their names (see fw-cli-check-private.h):
 *
 *   NEW<TAB>NAME
 *   MOVED<TAB>OLD<TAB>NEW
 *
 * The words are not translated (scripts read them). A line holding a
 * name with a backslash, newline, carriage return or tab starts with a
 * backslash, and those are written \\, \n, \r and \t, as sha256sum
 * escapes its names. Returns whether nothing is new or moved. */
gboolean
fw_cli_check_unlisted_report (FwCliWalk *walk_owned,
                              FwAudit   *audit_owned,
                              FwPool    *pool,
                              gboolean   status_only)
{
  g_autofree FwCliWalk *walk = walk_owned;
  g_autoptr(FwAudit) audit = audit_owned;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  GPtrArray *unlisted;
  guint n_new, n_moved;

  hand_over (walk, audit);
  if (walk->error != NULL)
    {
      fw_cli_check_diagnostic ("%s", walk->error->message);
      g_error_free (walk->error);
      return FALSE;
    }
  if (!fw_audit_run (audit, pool, NULL, &error))
    {
      fw_cli_check_diagnostic ("%s", error->message);
      return FALSE;
    }

  unlisted = fw_audit_get_unlisted (audit);
  for (guint i = 0; i < unlisted->len && !status_only; i++)
    {
      const FwAuditItem *item = g_ptr_array_index (unlisted, i);
      gboolean escape = needs_escape (item->name) || needs_escape (item->other);

      g_string_truncate (line, 0);
      if (escape)
        g_string_append_c (line, '\\');
      if (item->verdict == FW_AUDIT_MOVED)
        {
          g_string_append (line, "MOVED");
          append_field (line, item->other, escape);
        }
      else
        g_string_append (line, "NEW");
      append_field (line, item->name, escape);
      g_string_append_c (line, '\n');
      fwrite (line->str, 1, line->len, stdout);
      fw_cli_check_write ();
    }

  n_new = fw_audit_count (audit, FW_AUDIT_NEW);
  n_moved = fw_audit_count (audit, FW_AUDIT_MOVED);
  if (!status_only)
    {
      if (n_moved != 0)
        fw_cli_check_diagnostic (ngettext ("WARNING: %u listed file was moved",
                              "WARNING: %u listed files were moved", n_moved),
                    n_moved);
      if (n_new != 0)
        fw_cli_check_diagnostic (ngettext ("WARNING: %u file is not listed",
                              "WARNING: %u files are not listed", n_new),
                    n_new);
    }
  return n_new == 0 && n_moved == 0;
}
