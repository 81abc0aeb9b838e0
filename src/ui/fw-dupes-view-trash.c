/* fw-dupes-view-trash.c — Find Duplicates' Move to Trash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * dupes.trash asks first (an FwAlert: how many files, how much space),
 * then trashes the selected files (every link of each selected inode)
 * in a thread of its own with fw_trash_file_if_unchanged(): nothing is
 * deleted outright, and a file whose size or mtime changed since the
 * scan stays. Back in the main thread the trashed files leave their
 * groups (a group of one copy goes) and the refused ones are listed in
 * a dialog, each with why. In the Flatpak, GIO's g_file_trash() goes
 * through the trash portal itself (glocalfile.c).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-alert.h"
#include "fw-dupes-view-private.h"
#include "fw-trash.h"

static char *
trash_refusal_words (const GError *error)
{
  if (error->domain == FW_TRASH_ERROR)
    switch (error->code)
      {
      case FW_TRASH_ERROR_CHANGED_SIZE:
        return g_strdup (_("its size changed since it was checked"));
      case FW_TRASH_ERROR_CHANGED_MTIME:
        return g_strdup (_("it was modified since it was checked"));
      case FW_TRASH_ERROR_NOT_REGULAR:
      default:
        return g_strdup (_("it is no longer a regular file"));
      }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_strdup (_("it is gone"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    return g_strdup (_("its disk has no trash"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return g_strdup (_("permission denied"));
  return g_strdup (_("it could not be moved"));
}

typedef struct {
  char     *path;
  guint64   size;
  gint64    mtime_ns;
  GError   *error;   /* NULL once trashed */
  gboolean  done;
} TrashItem;

static void
trash_item_clear (gpointer data)
{
  TrashItem *item = data;

  g_free (item->path);
  g_clear_error (&item->error);
}

static GArray *
selected_items (FwDupesView *self,
                guint64     *freed)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (TrashItem));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  g_array_set_clear_func (items, trash_item_clear);
  *freed = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), i);
      FwDupesChoice *choice = fw_dupes_row_get_choice (row);

      if (choice->n_selected == 0)
        continue;
      *freed += fw_dupes_choice_get_freed (choice);
      for (guint j = 0; j < choice->group->files->len; j++)
        if (fw_dupes_choice_get_selected (choice, j))
          {
            const FwDupesFile *file = g_ptr_array_index (choice->group->files, j);
            TrashItem item = { g_strdup (file->path), choice->group->size, file->mtime_ns, NULL, FALSE };

            g_array_append_val (items, item);
          }
    }
  return items;
}

static gpointer
trash_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  GArray *items = g_task_get_task_data (task);

  for (guint i = 0; i < items->len; i++)
    {
      TrashItem *item = &g_array_index (items, TrashItem, i);

      item->done = fw_trash_file_if_unchanged (item->path, item->size, item->mtime_ns, NULL, &item->error);
    }
  g_task_return_boolean (task, TRUE);
  return NULL;
}

static void
trash_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  FwDupesView *self = FW_DUPES_VIEW (source);
  GArray *items = g_task_get_task_data (G_TASK (result));
  g_autoptr(GHashTable) gone = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) refused = g_string_new (NULL);
  guint n_refused = 0;
  g_autofree char *text = NULL;

  self->trashing = FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      TrashItem *item = &g_array_index (items, TrashItem, i);

      if (item->done)
        g_hash_table_add (gone, item->path);
      else
        {
          g_autofree char *name = g_filename_display_name (fw_dupes_view_display_path (self, item->path));
          g_autofree char *why = trash_refusal_words (item->error);

          /* TRANSLATORS: "NAME: why it was not moved" */
          g_string_append_printf (refused, _("%s: %s"), name, why);
          g_string_append_c (refused, '\n');
          n_refused++;
        }
    }
  if (refused->len > 0)
    g_string_truncate (refused, refused->len - 1);
  g_free (self->refused);
  self->refused = g_strdup (refused->str);

  /* The trashed files leave their groups; a group of one copy goes; the
   * others take their place in waste order again. One pass, from the end. */
  if (g_hash_table_size (gone) > 0)
    {
      g_autoptr(GPtrArray) moved = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->groups)); i-- > 0;)
        {
          g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), i);
          FwDupesChoice *choice = fw_dupes_row_get_choice (row);
          guint before = choice->group->files->len;
          gboolean still;

          if (choice->n_selected == 0)
            continue;
          still = fw_dupes_choice_remove_paths (choice, gone);
          if (choice->group->files->len == before)
            continue;
          g_list_store_remove (self->groups, i);
          if (still)
            {
              fw_dupes_row_rebuild (row);
              g_ptr_array_add (moved, g_object_ref (row));
            }
        }
      for (guint i = 0; i < moved->len; i++)
        g_list_store_insert (self->groups, fw_dupes_view_lower_bound (self, fw_dupes_row_get_choice (moved->pdata[i])->group),
                             moved->pdata[i]);
    }

  if (n_refused == 0)
    text = g_strdup_printf (ngettext ("%u file moved to the Trash", "%u files moved to the Trash",
                                      g_hash_table_size (gone)),
                            g_hash_table_size (gone));
  else
    {
      FwAlert *alert;

      text = g_strdup_printf (ngettext ("%u file moved to the Trash, %u not moved",
                                        "%u files moved to the Trash, %u not moved",
                                        g_hash_table_size (gone)),
                              g_hash_table_size (gone), n_refused);
      alert = fw_alert_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                            ngettext ("A File Was Not Moved", "Some Files Were Not Moved", n_refused),
                            refused->str);
      fw_alert_add_responses (alert, "close", _("_Close"), NULL);
      fw_alert_set_default_response (alert, "close");
      fw_alert_set_close_response (alert, "close");
      fw_alert_present (alert, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
    }
  fw_dupes_view_update_selection (self);
  fw_dupes_view_emit_toast (self, text);
}

/* The one answer (fw_alert_choose()). */
static void
confirm_response_cb (FwAlert     *alert,
                     const char  *response,
                     gpointer     user_data)
{
  FwDupesView *self = user_data;
  g_autoptr(GTask) task = NULL;
  GArray *items;
  guint64 freed;

  if (g_strcmp0 (response, "trash") != 0 || self->trashing)
    return;
  items = selected_items (self, &freed);
  if (items->len == 0)
    {
      g_array_unref (items);
      return;
    }
  self->trashing = TRUE;
  fw_dupes_view_update_selection (self);
  task = g_task_new (self, NULL, trash_done_cb, NULL);
  g_task_set_source_tag (task, confirm_response_cb);
  g_task_set_task_data (task, items, (GDestroyNotify) g_array_unref);
  /* A thread of its own, not GTask's shared pool (DESIGN.md). */
  g_thread_unref (g_thread_new ("fw-trash", trash_thread, g_steal_pointer (&task)));
}

void
fw_dupes_view_trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FwDupesView *self = FW_DUPES_VIEW (widget);
  g_autoptr(GArray) items = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *size = NULL;
  guint64 freed;
  FwAlert *alert;
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));

  if (self->trashing || self->confirm != NULL)
    return;
  items = selected_items (self, &freed);
  if (items->len == 0)
    return;
  size = g_format_size (freed);
  /* TRANSLATORS: the confirmation's heading; %u is how many files */
  heading = g_strdup_printf (ngettext ("Move %u File to the Trash?", "Move %u Files to the Trash?", items->len),
                             items->len);
  /* TRANSLATORS: %s is a size such as "3.4 GB" */
  body = g_strdup_printf (_("%s will be freed once the Trash is emptied. A file that changed since it was checked is not moved. At least one copy of each group stays."),
                          size);
  alert = fw_alert_new (window, heading, body);
  fw_alert_add_responses (alert, "cancel", _("_Cancel"), "trash", _("_Move to Trash"), NULL);
  fw_alert_set_response_appearance (alert, "trash", ADW_RESPONSE_DESTRUCTIVE);
  fw_alert_set_default_response (alert, "cancel");
  fw_alert_set_close_response (alert, "cancel");
  self->confirm = alert;
  g_object_add_weak_pointer (G_OBJECT (alert), (gpointer *) &self->confirm);
  fw_alert_choose (alert, window, self, confirm_response_cb, self, NULL);
}

