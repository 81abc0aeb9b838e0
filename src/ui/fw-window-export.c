/* fw-window-export.c — the window's Export: checksum files and CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Export menu's action checks there is something to export, asks
 * which algorithm for a GNU file when the rows have several (a GNU file
 * holds one: `sha256sum -c` calls BSD-tag lines improperly formatted),
 * asks where (fw-window-choosers.c), then fw_window_export_to() builds the
 * bytes from the rows in the main thread and writes them, atomically, in
 * a GTask thread; the toast that tells the outcome comes back in the
 * main thread. fw_window_build_export() hands the rows to the engine's
 * serialisation (fw-export.h), the same code `fileworks-cli hash` prints
 * its lines with.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-export.h"
#include "fw-window-private.h"

GBytes *
fw_window_build_export (FwWindow        *self,
                        FwExportFormat   format,
                        const char      *base_dir,
                        GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;

  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);

  /* Find Duplicates exports its groups (fw-window-dupes.c). */
  if (fw_window_get_mode (self) == FW_BATCH_MODE_DUPES)
    return fw_window_dupes_build_export (self, format, error);
  bytes = fw_export_build (fw_batch_get_jobs (self->batch), format, base_dir, &local_error);
  if (bytes == NULL && format == FW_EXPORT_SFV &&
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("No CRC32 digests: hash with CRC32 to export an SFV file"));
  else if (bytes == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return bytes;
}

/* The bytes of an export: @algorithm alone in a GNU file when it is one
 * (fw_export_build_gnu()), else what fw_window_build_export() makes. */
static GBytes *
build_export (FwWindow        *self,
              FwExportFormat   format,
              FwAlgorithm      algorithm,
              const char      *base_dir,
              GError         **error)
{
  if (format == FW_EXPORT_GNU && algorithm != FW_ALGORITHM_INVALID &&
      fw_window_get_mode (self) != FW_BATCH_MODE_DUPES)
    return fw_export_build_gnu (fw_batch_get_jobs (self->batch), algorithm, base_dir, error);
  return fw_window_build_export (self, format, base_dir, error);
}

gboolean
fw_window_export (FwWindow        *self,
                  FwExportFormat   format,
                  const char      *base_dir,
                  const char      *path,
                  GError         **error)
{
  g_autoptr(GBytes) bytes = fw_window_build_export (self, format, base_dir, error);
  gsize size;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  /* Atomic: written to a temporary file, then renamed over @path. */
  return g_file_set_contents_full (path, data, size,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

/* The write, off the main thread: a big list, a slow disk or an fsync
 * over an existing file would otherwise hold the window. */
static void
export_write_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GBytes *bytes = g_object_get_data (G_OBJECT (task), "fw-bytes");
  GError *error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  /* Atomic: written to a temporary file, then renamed over the path. */
  if (g_file_set_contents_full (task_data, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FwWindow *self = FW_WINDOW (source);
  g_autoptr(GFile) file = user_data;
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* GLib's message names its temporary file ("Failed to create file
       * “NAME.XXXXXX”: REASON"): the reason alone, with the name chosen. */
      const char *reason = g_strrstr (error->message, ": ");

      message = g_strdup_printf (_("Could not export to “%s”: %s"), name,
                                 reason != NULL ? reason + 2 : error->message);
      fw_window_toast (self, message);
    }
  else
    {
      g_autofree char *uri = g_file_get_uri (file);

      /* Open shows the file in the file manager (win.show-exported). */
      message = g_strdup_printf (_("Exported to “%s”"), name);
      fw_window_toast_with_button (self, message, _("_Open"), "win.show-exported",
                                   g_variant_new_string (uri));
    }
}

/* win.show-exported(URI): the Exported toast's Open. */
void
fw_window_show_exported_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  fw_window_show_in_folder (FW_WINDOW (widget), file);
}

void
fw_window_export_to (FwWindow       *self,
                     FwExportFormat  format,
                     FwAlgorithm     algorithm,
                     GFile          *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *base = parent ? g_file_get_path (parent) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FW_IS_WINDOW (self));

  if (path == NULL)
    {
      fw_window_toast (self, _("Cannot export there: not a local file"));
      return;
    }
  /* Built here, from the rows (main thread); written in a thread. */
  bytes = build_export (self, format, algorithm, base, &error);
  if (bytes == NULL)
    {
      fw_window_toast (self, error->message);
      return;
    }
  task = g_task_new (self, NULL, export_written_cb, g_object_ref (file));
  g_task_set_source_tag (task, fw_window_export_to);
  g_object_set_data_full (G_OBJECT (task), "fw-bytes", g_steal_pointer (&bytes),
                          (GDestroyNotify) g_bytes_unref);
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, export_write_thread);
}

/* "gnu", "gnu:ALGORITHM" (a name -a takes: "gnu:sha256"), "bsd", "sfv" or
 * "csv"; FALSE for anything else. */
static gboolean
parse_export_target (const char      *s,
                     FwExportFormat  *format,
                     FwAlgorithm     *algorithm)
{
  *algorithm = FW_ALGORITHM_INVALID;
  if (g_strcmp0 (s, "bsd") == 0)
    *format = FW_EXPORT_BSD;
  else if (g_strcmp0 (s, "sfv") == 0)
    *format = FW_EXPORT_SFV;
  else if (g_strcmp0 (s, "csv") == 0)
    *format = FW_EXPORT_CSV;
  else if (g_strcmp0 (s, "gnu") == 0)
    *format = FW_EXPORT_GNU;
  else if (s != NULL && g_str_has_prefix (s, "gnu:"))
    {
      *format = FW_EXPORT_GNU;
      *algorithm = fw_algorithm_from_name (s + 4);
      return *algorithm != FW_ALGORITHM_INVALID;
    }
  else
    return FALSE;
  return TRUE;
}

char *
fw_window_export_suggested_name (FwExportFormat format,
                                 FwAlgorithm    algorithm)
{
  switch (format)
    {
    case FW_EXPORT_SFV: return g_strdup ("checksums.sfv");
    case FW_EXPORT_CSV: return g_strdup ("fileworks.csv");
    case FW_EXPORT_BSD: return g_strdup ("CHECKSUMS");
    case FW_EXPORT_GNU:
    default:
      return fw_export_gnu_file_name (algorithm != FW_ALGORITHM_INVALID ? algorithm : FW_ALGORITHM_SHA256);
    }
}

static void
choose_gnu_file (FwWindow    *self,
                 FwAlgorithm  algorithm)
{
  g_autofree char *name = fw_window_export_suggested_name (FW_EXPORT_GNU, algorithm);

  fw_window_choose_export_file (self, FW_EXPORT_GNU, algorithm, name);
}

/* The one answer (fw_alert_choose()): one chooser. */
static void
which_algorithm_cb (FwAlert    *alert,
                    const char *response,
                    gpointer    user_data)
{
  FwWindow *self = user_data;
  FwAlgorithm algorithm = fw_algorithm_from_name (response);

  if (algorithm != FW_ALGORITHM_INVALID && !self->disposed)
    choose_gnu_file (self, algorithm);
}

/* A GNU file holds one algorithm: which one, of those the rows have.
 * One response per algorithm, labelled with the file it makes. */
static void
ask_gnu_algorithm (FwWindow       *self,
                   FwAlgorithmSet  algorithms)
{
  FwAlert *alert = fw_alert_new (GTK_WINDOW (self), _("Export Which Digests?"),
                                 _("A GNU checksum file holds the digests of one algorithm, "
                                   "as sha256sum and md5sum check them. To keep every "
                                   "algorithm in one file, export a checksum file with BSD tags."));

  fw_alert_add_response (alert, "cancel", _("_Cancel"));
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    if (algorithms & FW_ALGORITHM_BIT (a))
      {
        g_autofree char *label = fw_export_gnu_file_name ((FwAlgorithm) a);

        fw_alert_add_response (alert, fw_algorithm_get_name ((FwAlgorithm) a), label);
      }
  fw_alert_set_close_response (alert, "cancel");
  fw_alert_set_default_response (alert, "cancel");
  fw_alert_choose (alert, GTK_WINDOW (self), self, which_algorithm_cb, self, NULL);
}

/* The Export action (win.export; its parameter names the format, see
 * parse_export_target()): nothing to export is told in a toast at once,
 * before a chooser asks where; a GNU file of rows with several
 * algorithms asks which one first. */
void
fw_window_export_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  FwExportFormat format;
  FwAlgorithm algorithm;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) check = NULL;
  g_autofree char *name = NULL;

  if (!parse_export_target (parameter ? g_variant_get_string (parameter, NULL) : NULL, &format, &algorithm))
    {
      g_warning ("win.export: unknown format “%s”", parameter ? g_variant_get_string (parameter, NULL) : "");
      return;
    }
  check = build_export (self, format, algorithm, NULL, &error);
  if (check == NULL)
    {
      fw_window_toast (self, error->message);
      return;
    }
  if (format == FW_EXPORT_GNU && algorithm == FW_ALGORITHM_INVALID &&
      fw_window_get_mode (self) != FW_BATCH_MODE_DUPES)
    {
      FwAlgorithmSet set = fw_export_get_algorithms (fw_batch_get_jobs (self->batch));

      if (set & (set - 1))
        {
          ask_gnu_algorithm (self, set);
          return;
        }
      for (guint a = 0; a < FW_N_ALGORITHMS; a++)
        if (set == FW_ALGORITHM_BIT (a))
          algorithm = (FwAlgorithm) a;
    }
  name = fw_window_export_suggested_name (format, algorithm);
  fw_window_choose_export_file (self, format, algorithm, name);
}

/* The Export submenu is there only when there is a row to export: its
 * item in fw-window.ui names an action, export.menu, and is hidden while
 * the action is disabled (GMenu cannot make a submenu insensitive; a
 * submenu item's click opens it, the action is never activated). */
void
fw_window_export_update (FwWindow *self,
                         gboolean  can_export)
{
  GActionGroup *group = g_object_get_data (G_OBJECT (self), "fw-export-actions");

  if (group == NULL)
    {
      g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
      g_autoptr(GSimpleAction) menu = g_simple_action_new ("menu", NULL);

      g_action_map_add_action (G_ACTION_MAP (actions), G_ACTION (menu));
      gtk_widget_insert_action_group (GTK_WIDGET (self), "export", G_ACTION_GROUP (actions));
      g_object_set_data_full (G_OBJECT (self), "fw-export-actions", g_object_ref (actions), g_object_unref);
      group = G_ACTION_GROUP (actions);
    }
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (group), "menu")),
                               can_export);
}
