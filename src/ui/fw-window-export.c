/* fw-window-export.c — the window's Export: checksum files and CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Export menu's action checks there is something to export, asks
 * where (fw-window-choosers.c), then fw_window_export_to() builds the
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

  bytes = fw_export_build (fw_batch_get_jobs (self->batch), format, base_dir, &local_error);
  if (bytes == NULL && format == FW_EXPORT_SFV &&
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("No finished CRC32 digests to export: choose CRC32 in the Hash menu"));
  else if (bytes == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return bytes;
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
  g_autofree char *name = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* GLib's message names its temporary file ("Failed to create file
       * “NAME.XXXXXX”: REASON"): the reason alone, with the name chosen. */
      const char *reason = g_strrstr (error->message, ": ");

      message = g_strdup_printf (_("Could not export to “%s”: %s"), name,
                                 reason != NULL ? reason + 2 : error->message);
    }
  else
    message = g_strdup_printf (_("Exported to “%s”"), name);
  fw_window_toast (self, message);
}

void
fw_window_export_to (FwWindow       *self,
                     FwExportFormat  format,
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
  bytes = fw_window_build_export (self, format, base, &error);
  if (bytes == NULL)
    {
      fw_window_toast (self, error->message);
      return;
    }
  task = g_task_new (self, NULL, export_written_cb, g_file_get_basename (file));
  g_task_set_source_tag (task, fw_window_export_to);
  g_object_set_data_full (G_OBJECT (task), "fw-bytes", g_steal_pointer (&bytes),
                          (GDestroyNotify) g_bytes_unref);
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, export_write_thread);
}

static FwExportFormat
export_format_from_string (const char *s)
{
  if (g_strcmp0 (s, "bsd") == 0)
    return FW_EXPORT_BSD;
  if (g_strcmp0 (s, "sfv") == 0)
    return FW_EXPORT_SFV;
  if (g_strcmp0 (s, "csv") == 0)
    return FW_EXPORT_CSV;
  return FW_EXPORT_GNU;
}

static const char *
export_default_name (FwWindow       *self,
                     FwExportFormat  format)
{
  switch (format)
    {
    case FW_EXPORT_SFV: return "checksums.sfv";
    case FW_EXPORT_CSV: return "fileworks.csv";
    case FW_EXPORT_BSD: return "CHECKSUMS";
    case FW_EXPORT_GNU:
    default:
      {
        FwAlgorithmSet set = fw_batch_get_algorithms (self->batch);

        if (set == FW_ALGORITHM_BIT (FW_ALGORITHM_MD5))
          return "MD5SUMS";
        if (set == FW_ALGORITHM_BIT (FW_ALGORITHM_SHA1))
          return "SHA1SUMS";
        if (set == FW_ALGORITHM_BIT (FW_ALGORITHM_SHA512))
          return "SHA512SUMS";
        return "SHA256SUMS";
      }
    }
}

/* The Export action (win.export; its parameter names the format: "gnu",
 * "bsd", "sfv" or "csv"): nothing to export is told in a toast at once,
 * before a chooser asks where. */
void
fw_window_export_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  FwExportFormat format = export_format_from_string (parameter ? g_variant_get_string (parameter, NULL) : NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) check = fw_window_build_export (self, format, NULL, &error);

  if (check == NULL)
    {
      fw_window_toast (self, error->message);
      return;
    }
  fw_window_choose_export_file (self, format, export_default_name (self, format));
}
