/* fw-size-window-actions.c — the size window's row menu: Open, Open
 * Containing Folder, Copy Path, Move to Trash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The menu opens on a right click on a row, and with Shift+F10 or the
 * Menu key on the selected row. Move to Trash asks first, naming the
 * entry and what the trash frees (fw-size-removal.c: a file with other
 * hard links frees nothing; an entry whose trash folder lies inside the
 * scanned folder only moves); the trash itself runs in a worker thread
 * (fw_trash_file_if_unchanged() for a file: refused if it changed since
 * the scan; g_file_trash() for a folder), and on success the tree is
 * corrected at once, without a rescan.
 */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>

#include <glib/gi18n.h>

#include "fw-size-removal.h"
#include "fw-size-window-private.h"
#include "fw-trash.h"

FwSizeItem *
fw_size_window_get_selected (FwSizeWindow *self)
{
  GtkSingleSelection *selection;
  gpointer row;

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "largest") == 0)
    selection = self->largest_selection;
  else
    selection = self->tree_selection;
  row = gtk_single_selection_get_selected_item (selection);
  if (row == NULL)
    return NULL;
  return g_object_ref (fw_size_window_row_item (row));
}

void
fw_size_window_update_actions (FwSizeWindow *self)
{
  g_autoptr(FwSizeItem) item = fw_size_window_get_selected (self);
  gboolean entry = item != NULL && fw_size_item_get_kind (item) != FW_SIZE_ITEM_OTHER_FILES &&
                   (fw_size_item_get_node (item) != NULL || fw_size_item_get_file (item) != NULL);
  gboolean has_parent = entry && (fw_size_item_get_kind (item) == FW_SIZE_ITEM_LARGE_FILE ||
                                  fw_size_item_get_node (item)->parent != NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "size.open", entry);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "size.open-folder", item != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "size.copy-path", item != NULL);
  /* Trash corrects a finished tree only. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "size.trash",
                                 entry && has_parent && self->result != NULL && self->alert == NULL);
}

void
fw_size_window_popup_menu (FwSizeWindow *self,
                           GtkWidget    *cell,
                           double        x,
                           double        y)
{
  GtkWidget *view = gtk_widget_get_ancestor (cell, GTK_TYPE_COLUMN_VIEW);
  GdkRectangle rect;
  double px, py;

  if (view == NULL || !gtk_widget_translate_coordinates (cell, view, x, y, &px, &py))
    return;
  fw_size_window_update_actions (self);
  if (gtk_widget_get_parent (self->row_popover) != view)
    {
      g_object_ref (self->row_popover);
      gtk_widget_unparent (self->row_popover);
      gtk_widget_set_parent (self->row_popover, view);
      g_object_unref (self->row_popover);
    }
  rect = (GdkRectangle) { (int) px, (int) py, 1, 1 };
  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

/* Shift+F10, Menu: at the focused row, else the view's top. */
static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FwSizeWindow *self = FW_SIZE_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *view = GTK_WIDGET (g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "largest") == 0
                                ? self->largest_view : self->tree_view);
  graphene_rect_t bounds;

  if (focus != NULL && gtk_widget_is_ancestor (focus, view) &&
      gtk_widget_compute_bounds (focus, focus, &bounds))
    fw_size_window_popup_menu (self, focus, 24, bounds.size.height / 2);
  else
    fw_size_window_popup_menu (self, view, 24, 24);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FwSizeWindow *self = FW_SIZE_WINDOW (widget);
  g_autoptr(FwSizeItem) item = fw_size_window_get_selected (self);
  g_autofree char *path = item != NULL ? fw_size_item_dup_path (item) : NULL;
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

    gtk_file_launcher_launch (launcher, GTK_WINDOW (self), NULL, NULL, NULL);
  }
#else
  {
    g_autofree char *uri = g_file_get_uri (file);

    gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
  }
#endif
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FwSizeWindow *self = FW_SIZE_WINDOW (widget);
  g_autoptr(FwSizeItem) item = fw_size_window_get_selected (self);
  g_autofree char *path = item != NULL ? fw_size_item_dup_path (item) : NULL;
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  if (fw_size_item_get_kind (item) == FW_SIZE_ITEM_OTHER_FILES)
    {
      /* Their folder, shown opened: pass a child so the folder itself
       * is not merely selected in its parent. */
      g_autoptr(GFile) any = g_file_get_child (file, ".");

      fw_size_window_emit_show_item (self, any);
      return;
    }
  fw_size_window_emit_show_item (self, file);
}

static void
copy_path_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FwSizeWindow *self = FW_SIZE_WINDOW (widget);
  g_autoptr(FwSizeItem) item = fw_size_window_get_selected (self);
  g_autofree char *path = item != NULL ? fw_size_item_dup_path (item) : NULL;
  g_autofree char *display = NULL;

  if (path == NULL)
    return;
  display = g_filename_display_name (path);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), display);
  fw_size_window_toast (self, _("Path copied"));
}

/* Trash --------------------------------------------------------------------- */

typedef struct {
  FwSizeWindow  *window;
  FwSizeItem    *item;
  char          *path;
  char          *trash_dir;
  FwSizeRemoval  removal;
  gboolean       is_dir;
  /* What the scan saw, for a file: it must still be that file. */
  guint64        size;
  gint64         mtime;
  gint64         mtime_ns;
  gboolean       has_ns;
} Trash;

static void
trash_free (Trash *trash)
{
  g_clear_object (&trash->window);
  g_clear_object (&trash->item);
  g_free (trash->path);
  g_free (trash->trash_dir);
  g_free (trash);
}

/* A worker thread: nothing of GTK or the tree here. */
static void
trash_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Trash *trash = task_data;
  GError *error = NULL;
  gboolean ok;

  if (trash->is_dir)
    {
      g_autoptr(GFile) file = g_file_new_for_path (trash->path);

      ok = g_file_trash (file, cancellable, &error);
    }
  else
    {
      gint64 mtime_ns = trash->mtime_ns;

      if (!trash->has_ns)
        {
          /* A tree node keeps whole seconds: the file must still have
           * them (and its size); then its nanoseconds are checked too. */
          struct stat st;

          if (lstat (trash->path, &st) != 0)
            {
              int errnum = errno;

              g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errnum), "%s", g_strerror (errnum));
              return;
            }
          if ((gint64) st.st_mtime != trash->mtime)
            {
              g_task_return_new_error (task, FW_TRASH_ERROR, FW_TRASH_ERROR_CHANGED_MTIME,
                                       "it was modified since");
              return;
            }
          mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
        }
      ok = fw_trash_file_if_unchanged (trash->path, trash->size, mtime_ns, cancellable, &error);
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
trash_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  FwSizeWindow *self = FW_SIZE_WINDOW (source);
  Trash *trash = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = fw_size_item_dup_name (trash->item);
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, FW_TRASH_ERROR, FW_TRASH_ERROR_CHANGED_SIZE) ||
          g_error_matches (error, FW_TRASH_ERROR, FW_TRASH_ERROR_CHANGED_MTIME) ||
          g_error_matches (error, FW_TRASH_ERROR, FW_TRASH_ERROR_NOT_REGULAR))
        /* TRANSLATORS: %s is a file's name */
        text = g_strdup_printf (_("“%s” changed since the scan and was not moved to the trash; rescan first"), name);
      else
        /* TRANSLATORS: %s is a file's name */
        text = g_strdup_printf (_("“%s” could not be moved to the trash"), name);
      fw_size_window_toast (self, text);
      return;
    }

  /* The entry may have gone meanwhile (a rescan): nothing to correct. */
  if (fw_size_item_get_kind (trash->item) == FW_SIZE_ITEM_LARGE_FILE
      ? fw_size_item_get_file (trash->item)->folder != NULL
      : fw_size_item_get_node (trash->item) != NULL)
    {
      if (fw_size_item_get_kind (trash->item) == FW_SIZE_ITEM_LARGE_FILE)
        {
          FwSizeFile *copy = fw_size_file_copy (fw_size_item_get_file (trash->item));
          FwSizeNode *node = fw_size_node_find_child (copy->folder, copy->name);
          FwSizeItem *row = NULL;

          /* A selected row that leaves: the next one is selected. */
          fw_size_window_select_next (self, self->largest_selection, trash->item, NULL);
          if (node != NULL && node->kind == FW_SIZE_NODE_FILE)
            fw_size_window_select_next (self, self->tree_selection, NULL, node);

          /* The file's tree row, if it has one, leaves too. */
          if (node != NULL && node->kind == FW_SIZE_NODE_FILE)
            {
              FwSizeItem *folder_row = g_hash_table_lookup (self->items, copy->folder);
              GListStore *store = folder_row != NULL ? fw_size_item_peek_children (folder_row) : NULL;
              guint n = store != NULL ? g_list_model_get_n_items (G_LIST_MODEL (store)) : 0;

              for (guint i = 0; i < n && row == NULL; i++)
                {
                  g_autoptr(FwSizeItem) candidate = g_list_model_get_item (G_LIST_MODEL (store), i);

                  if (fw_size_item_get_node (candidate) == node)
                    row = candidate;
                }
              if (row != NULL)
                fw_size_window_drop_item (self, row);
            }
          fw_size_window_drop_item (self, trash->item);
          fw_size_tree_remove_file (copy, trash->trash_dir, &trash->removal);
          fw_size_file_free (copy);
        }
      else
        {
          FwSizeNode *node = fw_size_item_get_node (trash->item);

          fw_size_window_select_next (self, self->tree_selection, trash->item, NULL);
          fw_size_window_drop_item (self, trash->item);
          fw_size_tree_remove (node, trash->trash_dir, &trash->removal);
        }
      fw_size_window_refresh (self);
    }
  /* TRANSLATORS: %s is a file or folder's name */
  text = g_strdup_printf (_("“%s” moved to the trash"), name);
  fw_size_window_toast (self, text);
}

/* The one answer (fw_alert_choose()): a second one, the close response
 * of an AdwAlertDialog closing, would free @trash under the running
 * task. @trash is ours from here. */
static void
trash_response_cb (FwAlert    *alert,
                   const char *response,
                   gpointer    user_data)
{
  Trash *trash = user_data;
  FwSizeWindow *self = trash->window;
  g_autoptr(GTask) task = NULL;

  g_clear_weak_pointer (&self->alert);
  fw_size_window_update_actions (self);
  if (g_strcmp0 (response, "trash") != 0)
    {
      trash_free (trash);
      return;
    }
  task = g_task_new (self, NULL, trash_done_cb, NULL);
  g_task_set_source_tag (task, fw_size_window_trash);
  g_task_set_task_data (task, trash, (GDestroyNotify) trash_free);
  /* One rename (g_file_trash() never copies): a short job, in GIO's
   * shared pool. */
  g_task_run_in_thread (task, trash_thread);
}

void
fw_size_window_trash (FwSizeWindow *self,
                      FwSizeItem   *item)
{
  Trash *trash;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  FwAlert *alert;

  g_return_if_fail (self->result != NULL);

  trash = g_new0 (Trash, 1);
  trash->window = g_object_ref (self);
  trash->item = g_object_ref (item);
  trash->path = fw_size_item_dup_path (item);
  trash->trash_dir = fw_trash_get_dir (trash->path);
  if (fw_size_item_get_kind (item) == FW_SIZE_ITEM_LARGE_FILE)
    {
      const FwSizeFile *file = fw_size_item_get_file (item);

      fw_size_removal_plan_file (file, trash->trash_dir, &trash->removal);
      trash->size = file->apparent_size;
      trash->mtime_ns = file->mtime_ns;
      trash->has_ns = TRUE;
    }
  else
    {
      FwSizeNode *node = fw_size_item_get_node (item);

      fw_size_removal_plan (node, trash->trash_dir, &trash->removal);
      trash->is_dir = node->kind == FW_SIZE_NODE_DIR;
      trash->size = node->apparent_size;
      trash->mtime = node->mtime;
    }

  name = fw_size_item_dup_name (item);
  /* TRANSLATORS: %s is a file or folder's name */
  heading = g_strdup_printf (_("Move “%s” to the Trash?"), name);
  switch (trash->removal.kind)
    {
    case FW_SIZE_REMOVAL_FREES:
      {
        g_autofree char *size = g_format_size (trash->removal.disk_usage);

        /* TRANSLATORS: %s is a size ("1.2 GB") */
        body = g_strdup_printf (_("This frees %s once the trash is emptied."), size);
      }
      break;
    case FW_SIZE_REMOVAL_LINKED:
      body = g_strdup (_("This frees no space: the file has other hard links, which keep its data."));
      break;
    case FW_SIZE_REMOVAL_MOVES_INSIDE:
      body = g_strdup (_("This frees no space: the trash folder is inside this folder, so the item only moves there."));
      break;
    default:
      g_assert_not_reached ();
    }
  alert = fw_alert_new (GTK_WINDOW (self), heading, body);
  fw_alert_add_responses (alert, "cancel", _("_Cancel"), "trash", _("_Move to Trash"), NULL);
  fw_alert_set_response_appearance (alert, "trash", ADW_RESPONSE_DESTRUCTIVE);
  fw_alert_set_default_response (alert, "cancel");
  fw_alert_set_close_response (alert, "cancel");
  g_set_weak_pointer (&self->alert, alert);
  fw_alert_choose (alert, GTK_WINDOW (self), NULL, trash_response_cb, trash, (GDestroyNotify) trash_free);
}

static void
trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FwSizeWindow *self = FW_SIZE_WINDOW (widget);
  g_autoptr(FwSizeItem) item = fw_size_window_get_selected (self);

  if (item == NULL || self->result == NULL || self->alert != NULL ||
      fw_size_item_get_kind (item) == FW_SIZE_ITEM_OTHER_FILES)
    return;
  if (fw_size_item_get_kind (item) == FW_SIZE_ITEM_ENTRY &&
      (fw_size_item_get_node (item) == NULL || fw_size_item_get_node (item)->parent == NULL))
    return;
  fw_size_window_trash (self, item);
}

static void
selection_changed_cb (FwSizeWindow *self)
{
  fw_size_window_update_actions (self);
}

void
fw_size_window_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "size.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "size.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "size.copy-path", NULL, copy_path_action);
  gtk_widget_class_install_action (widget_class, "size.trash", NULL, trash_action);
  gtk_widget_class_install_action (widget_class, "size.menu", NULL, menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "size.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "size.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "size.trash", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "size.copy-path", NULL);
}

void
fw_size_window_actions_init (FwSizeWindow *self)
{
  self->row_popover = gtk_popover_menu_new_from_model (self->row_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->row_popover), FALSE);
  gtk_widget_set_halign (self->row_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->row_popover, GTK_WIDGET (self->tree_view));
  g_signal_connect_swapped (self->tree_selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->largest_selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (selection_changed_cb), self);
  fw_size_window_update_actions (self);
}
