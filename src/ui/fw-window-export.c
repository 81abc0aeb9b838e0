/* fw-window-export.c — the window's Export: checksum files and CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Export menu's action checks there is something to export, asks
 * where (fw-window-choosers.c), then fw_window_export_to() builds the
 * bytes from the rows in the main thread and writes them, atomically, in
 * a GTask thread; the toast that tells the outcome comes back in the
 * main thread. fw_window_build_export() is the serialisation itself
 * (GNU, BSD, SFV through fw-checksum-write.h; CSV of every row).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fw-checksum-write.h"
#include "fw-window-private.h"

static char *
relative_name (const char *path,
               const char *base_dir)
{
  gsize n;

  if (base_dir == NULL)
    return g_strdup (path);
  n = strlen (base_dir);
  while (n > 1 && base_dir[n - 1] == '/')
    n--;
  if (strncmp (path, base_dir, n) == 0 && path[n] == '/')
    return g_strdup (path + n + 1);
  if (n == 1 && base_dir[0] == '/' && path[0] == '/')
    return g_strdup (path + 1);
  return g_strdup (path);
}

static void
csv_field (GString    *out,
           const char *value,
           gboolean    last)
{
  if (value == NULL)
    value = "";
  if (strpbrk (value, ",\"\n\r") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
  g_string_append (out, last ? "\r\n" : ",");
}

GBytes *
fw_window_build_export (FwWindow        *self,
                        FwExportFormat   format,
                        const char      *base_dir,
                        GError         **error)
{
  GListModel *model;
  g_autoptr(GString) out = g_string_new (NULL);
  guint n, n_lines = 0;

  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);

  model = fw_batch_get_jobs (self->batch);
  n = g_list_model_get_n_items (model);

  if (format == FW_EXPORT_CSV)
    g_string_append (out, "path,kind,size,state,result\r\n");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);
      g_autofree char *name = NULL;
      guint n_algorithms = 0;

      if (format == FW_EXPORT_CSV)
        {
          g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, fw_job_get_size (job));
          g_autofree char *uri = fw_job_get_path (job) ? NULL : g_file_get_uri (fw_job_get_file (job));

          csv_field (out, fw_job_get_path (job) ? fw_job_get_path (job) : uri, FALSE);
          csv_field (out, fw_job_kind_to_string (fw_job_get_kind (job)), FALSE);
          csv_field (out, size, FALSE);
          csv_field (out, fw_job_state_to_string (fw_job_get_state (job)), FALSE);
          csv_field (out, fw_job_get_result (job), TRUE);
          n_lines++;
          continue;
        }

      if (fw_job_get_kind (job) != FW_JOB_HASH || fw_job_get_state (job) != FW_JOB_DONE ||
          !fw_job_has_digests (job) || fw_job_get_path (job) == NULL)
        continue;

      name = relative_name (fw_job_get_path (job), base_dir);
      for (guint a = 0; a < FW_N_ALGORITHMS; a++)
        if (fw_job_get_digest (job, a) != NULL)
          n_algorithms++;
      for (guint a = 0; a < FW_N_ALGORITHMS; a++)
        {
          const char *hex = fw_job_get_digest (job, a);
          FwChecksumFormat f;

          if (hex == NULL)
            continue;
          if (format == FW_EXPORT_SFV)
            {
              if (a != FW_ALGORITHM_CRC32)
                continue;
              f = FW_CHECKSUM_SFV;
            }
          else if (format == FW_EXPORT_BSD || n_algorithms > 1)
            f = FW_CHECKSUM_BSD;
          else
            f = FW_CHECKSUM_GNU;
          if (!fw_checksum_append_line (out, f, a, hex, name, -1))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           _("“%s” cannot be written in this format (its name holds a line break)"), name);
              return NULL;
            }
          n_lines++;
        }
    }

  if (n_lines == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           format == FW_EXPORT_SFV
                           ? _("No finished CRC32 digests to export: choose CRC32 in the Hash menu")
                           : _("No finished hash results to export"));
      return NULL;
    }
  return g_string_free_to_bytes (g_steal_pointer (&out));
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
