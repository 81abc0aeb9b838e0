/* fw-window-verify.c — verifying again against a folder the person chooses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In the Flatpak sandbox a dropped checksum file arrives alone: the
 * portal grants the file, not its folder, so none of the files it lists
 * can be read. When a verify batch ends so, the window offers (a toast
 * with a button, win.verify-in-folder) to choose the folder; choosing it
 * grants it through the portal, and the checksum files of that batch are
 * verified again with their names resolved there. Main thread.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-window-private.h"

/* The toast that offers Choose Folder…: it stays until answered. */
void
fw_window_offer_verify_folder (FwWindow *self)
{
  AdwToast *toast = adw_toast_new (_("None of the listed files can be read: choose the folder they are in"));

  adw_toast_set_button_label (toast, _("Choose _Folder…"));
  adw_toast_set_action_name (toast, "win.verify-in-folder");
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Drops the rows of files that could not be read, then verifies the
 * remembered checksum files again with their names in @folder. */
void
fw_window_verify_in_folder (FwWindow *self,
                            GFile    *folder)
{
  g_autofree char *base = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sums = NULL;
  GListModel *model;

  g_return_if_fail (FW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));

  base = g_file_get_path (folder);
  model = fw_batch_get_jobs (self->batch);
  if (base == NULL || self->disposed)
    return;
  sums = g_steal_pointer (&self->checksum_files);
  self->checksum_files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FwJob) job = g_list_model_get_item (model, i);

      if (fw_job_get_verdict (job) == FW_JOB_VERDICT_MISSING)
        g_ptr_array_add (missing, g_steal_pointer (&job));
      else if (fw_job_get_kind (job) == FW_JOB_VERIFY && fw_job_get_state (job) == FW_JOB_FAILED &&
               !fw_job_is_runnable (job))
        {
          /* A checksum file's own row (its malformed lines): it comes
           * again with the file. */
          for (guint j = 0; j < sums->len; j++)
            if (g_file_equal (fw_job_get_file (job), g_ptr_array_index (sums, j)))
              {
                g_ptr_array_add (missing, g_steal_pointer (&job));
                break;
              }
        }
    }
  fw_batch_remove (self->batch, missing);
  self->has_verify = TRUE;
  for (guint i = 0; i < sums->len; i++)
    {
      g_ptr_array_add (self->checksum_files, g_object_ref (g_ptr_array_index (sums, i)));
      fw_batch_add_checksum_file (self->batch, g_ptr_array_index (sums, i), base);
    }
  fw_window_update_status (self);
}
