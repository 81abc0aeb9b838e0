/* fw-size-window.c — a folder's sizes: the object, its scan, and the
 * scan's folders streamed into the tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opened on a folder's size row (fw_size_window_new_for_row()), the
 * window shows that row's own scan (an FwJobSizeTree): a running row's
 * finished folders are taken from its log at each tick, a finished
 * row's kept tree is shown at once (every folder final, rows made as
 * folders are expanded). Otherwise, and on Rescan, the window runs a
 * scan of its own (FW_SIZE_RECORD_TREE with
 * FW_SIZE_RECORD_LARGEST_FILES: every folder, each folder's 32 largest
 * files and one "N other files" row, and the 100 largest files) on a
 * small pool of its own. The scan's tree hook appends each finished
 * folder to the feed; a ~30 Hz timeout takes the feed in one batch:
 *
 * - a finished folder's row appears in its parent's children (the parent
 *   made "partial" on the way if it is still being scanned: its figures
 *   are what finished so far, and grow);
 * - a folder that already had a partial row becomes final;
 * - the visible rows are bumped once, and the sorter re-sorts once.
 *
 * Nothing runs per folder on the main loop besides a hash lookup and, for
 * a folder whose parent's rows exist, one insertion. Expanding a folder
 * reads the tree already in memory: no scan.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-engine.h"
#include "fw-size-window-private.h"

G_DEFINE_FINAL_TYPE (FwSizeWindow, fw_size_window, ADW_TYPE_WINDOW)

enum {
  SHOW_ITEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define TICK_MS 33
/* Largest Files is refreshed from the running scan at most this often. */
#define LARGEST_EVERY_US (500 * G_TIME_SPAN_MILLISECOND)
/* The tree is re-sorted at most this often while the scan streams in. */
#define SORT_EVERY_US (1000 * G_TIME_SPAN_MILLISECOND)

/* The feed ------------------------------------------------------------------ */

static FwSizeFeed *
feed_new (void)
{
  FwSizeFeed *feed = g_new0 (FwSizeFeed, 1);

  feed->ref_count = 1;
  g_mutex_init (&feed->lock);
  feed->done = g_ptr_array_new ();
  return feed;
}

static FwSizeFeed *
feed_ref (FwSizeFeed *feed)
{
  g_atomic_int_inc (&feed->ref_count);
  return feed;
}

static void
feed_unref (FwSizeFeed *feed)
{
  if (feed == NULL || !g_atomic_int_dec_and_test (&feed->ref_count))
    return;
  g_ptr_array_unref (feed->done);
  g_mutex_clear (&feed->lock);
  g_free (feed);
}

/* A pool thread: a folder and its subtree are final. */
static void
tree_hook (FwSizeScan *scan,
           FwSizeNode *folder,
           gpointer    user_data)
{
  FwSizeFeed *feed = user_data;

  g_mutex_lock (&feed->lock);
  g_ptr_array_add (feed->done, folder);
  g_mutex_unlock (&feed->lock);
}

/* A pool thread, before each folder: the scan runs below the window's
 * priority, as the batch's workers do (lowered once per thread). */
static void
lower_priority_hook (FwSizeScan *scan,
                     const char *path,
                     guint64     n_opened,
                     gpointer    user_data)
{
  fw_engine_lower_thread_priority ();
}

/* Streaming ----------------------------------------------------------------- */

static gint
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  FwSizeWindow *self = user_data;
  FwSizeItem *x = fw_size_window_row_item ((gpointer) a);
  FwSizeItem *y = fw_size_window_row_item ((gpointer) b);
  guint64 sx, sy;

  /* "Other files" last among its folder's rows. */
  if (fw_size_item_get_kind (x) != fw_size_item_get_kind (y))
    return fw_size_item_get_kind (x) == FW_SIZE_ITEM_OTHER_FILES ? 1
         : fw_size_item_get_kind (y) == FW_SIZE_ITEM_OTHER_FILES ? -1 : 0;
  sx = fw_size_item_get_size (x, self->apparent);
  sy = fw_size_item_get_size (y, self->apparent);
  return sx > sy ? -1 : sx < sy ? 1 : 0;
}

/* Every folder's row is kept by the table (a reference), whether its
 * parent's rows exist yet or not. */
static FwSizeItem *
make_entry (FwSizeWindow *self,
            FwSizeNode   *node,
            FwSizeItem   *parent,
            gboolean      complete)
{
  FwSizeItem *item = fw_size_item_new_entry (node, parent, complete);

  if (node->kind == FW_SIZE_NODE_DIR)
    g_hash_table_insert (self->items, node, g_object_ref (item));
  return item;
}

/* The root's row, once the first finished folder names the root node. */
static FwSizeItem *
ensure_root (FwSizeWindow *self,
             FwSizeNode   *node)
{
  while (node->parent != NULL)
    node = node->parent;
  if (self->tree == NULL)
    {
      g_autoptr(FwSizeItem) root = make_entry (self, node, NULL, FALSE);

      self->tree = node;
      fw_size_item_set_children (root, self->top);
      g_set_object (&self->root, root);
    }
  return self->root;
}

/* A folder's rows, once its listing is over: its files and other files
 * (final), its subfolders that finished. */
static void
fill_children (FwSizeWindow *self,
               FwSizeItem   *item)
{
  FwSizeNode *node = fw_size_item_get_node (item);
  GListStore *store = fw_size_item_get_children (item);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < node->n_children; i++)
    {
      FwSizeNode *child = node->children[i];

      if (child->kind != FW_SIZE_NODE_DIR)
        g_ptr_array_add (rows, fw_size_item_new_entry (child, item, TRUE));
      else if (self->all_done || g_hash_table_contains (self->done, child))
        {
          FwSizeItem *known = g_hash_table_lookup (self->items, child);

          g_ptr_array_add (rows, known != NULL ? g_object_ref (known)
                                               : make_entry (self, child, item, TRUE));
        }
    }
  if (node->n_rest > 0)
    g_ptr_array_add (rows, fw_size_item_new_other_files (node, item));
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
}

/* The row of a folder whose listing is over (it has a finished
 * subfolder, or finished itself), made with its ancestors' if needed. */
static FwSizeItem *
ensure_item (FwSizeWindow *self,
             FwSizeNode   *node)
{
  FwSizeItem *item = g_hash_table_lookup (self->items, node);
  FwSizeItem *parent;
  GListStore *siblings;

  if (item != NULL)
    return item;
  parent = ensure_item (self, node->parent);
  item = make_entry (self, node, parent, FALSE);
  fw_size_item_add_partial (parent, (gint64) fw_size_item_get_size (item, FALSE),
                            (gint64) fw_size_item_get_size (item, TRUE),
                            (gint64) fw_size_item_get_n_files (item),
                            (gint64) fw_size_item_get_n_dirs (item),
                            fw_size_item_get_mtime (item));
  siblings = fw_size_item_peek_children (parent);
  if (siblings != NULL)
    g_list_store_append (siblings, item);
  fill_children (self, item);
  g_object_unref (item);   /* the table keeps it */
  return item;
}

GListModel *
fw_size_window_create_children (gpointer item,
                                gpointer user_data)
{
  FwSizeWindow *self = user_data;
  GListStore *store;

  if (!fw_size_item_is_folder (item))
    return NULL;
  store = fw_size_item_peek_children (item);
  if (store == NULL)
    {
      fill_children (self, item);
      store = fw_size_item_peek_children (item);
    }
  return G_LIST_MODEL (g_object_ref (store));
}

static void
root_listed (FwSizeWindow *self)
{
  /* Once a subfolder finished, the root's listing is over. */
  if (self->root_listed)
    return;
  self->root_listed = TRUE;
  fill_children (self, self->root);
}

static void
folder_done (FwSizeWindow *self,
             FwSizeNode   *node)
{
  FwSizeItem *item, *parent;
  GListStore *siblings;

  ensure_root (self, node);
  root_listed (self);
  if (node->parent == NULL)
    {
      /* The root: every folder finished before it. */
      g_hash_table_add (self->done, node);
      fw_size_item_set_complete (self->root);
      return;
    }
  parent = ensure_item (self, node->parent);
  item = g_hash_table_lookup (self->items, node);
  g_hash_table_add (self->done, node);
  if (item != NULL)
    {
      /* Partial until now: what is final beyond what it had. */
      fw_size_item_add_partial (parent,
                                (gint64) node->total_disk_usage - (gint64) fw_size_item_get_size (item, FALSE),
                                (gint64) node->total_apparent_size - (gint64) fw_size_item_get_size (item, TRUE),
                                (gint64) node->total_files - (gint64) fw_size_item_get_n_files (item),
                                (gint64) node->total_dirs - (gint64) fw_size_item_get_n_dirs (item),
                                node->latest_mtime);
      fw_size_item_set_complete (item);
      return;
    }
  item = make_entry (self, node, parent, TRUE);
  fw_size_item_add_partial (parent, (gint64) node->total_disk_usage, (gint64) node->total_apparent_size,
                            (gint64) node->total_files, (gint64) node->total_dirs, node->latest_mtime);
  siblings = fw_size_item_peek_children (parent);
  if (siblings != NULL)
    g_list_store_append (siblings, item);
  g_object_unref (item);
}

static void source_over (FwSizeWindow *self);

/* The row's scan: what finished since the last tick, in one batch. */
static gboolean
take_source (FwSizeWindow *self)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new ();
  gboolean over;

  if (self->scan == NULL)
    self->scan = fw_job_size_tree_dup_scan (self->source);
  over = fw_job_size_tree_take_folders (self->source, &self->source_cursor, done);
  for (guint i = 0; i < done->len; i++)
    folder_done (self, g_ptr_array_index (done, i));
  if (over)
    source_over (self);
  return done->len > 0 || over;
}

/* Takes the feed; returns whether anything came. */
static gboolean
take_feed (FwSizeWindow *self)
{
  g_autoptr(GPtrArray) done = NULL;

  if (self->source != NULL && self->scanning)
    return take_source (self);
  if (self->feed == NULL)
    return FALSE;
  g_mutex_lock (&self->feed->lock);
  if (self->feed->done->len > 0)
    {
      done = self->feed->done;
      self->feed->done = g_ptr_array_new ();
    }
  g_mutex_unlock (&self->feed->lock);
  if (done == NULL)
    return FALSE;
  for (guint i = 0; i < done->len; i++)
    folder_done (self, g_ptr_array_index (done, i));
  return TRUE;
}

static void
update_title (FwSizeWindow *self)
{
  g_autofree char *size = NULL;
  g_autofree char *subtitle = NULL;
  guint64 total;

  if (!self->scanning && self->root == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, "");
      return;
    }
  if (self->scanning && self->scan != NULL)
    {
      FwSizeProgress progress;

      fw_size_scan_get_progress (self->scan, &progress);
      total = self->apparent ? progress.apparent_size : progress.disk_usage;
      size = g_format_size (total);
      /* TRANSLATORS: the size counted so far, while scanning */
      subtitle = g_strdup_printf (_("%s so far, scanning…"), size);
    }
  else if (self->root != NULL)
    {
      total = fw_size_item_get_size (self->root, self->apparent);
      size = g_format_size (total);
      subtitle = g_strdup (size);
    }
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
}

/* The rows with cells show their new figures; the order follows, at
 * once or (while the scan streams in) at most every SORT_EVERY_US: a
 * re-sort rebinds every row shown, the costliest thing a tick can do. */
static void
refresh (FwSizeWindow *self,
         gboolean      sort_now)
{
  GHashTableIter iter;
  gpointer key;
  gint64 now = g_get_monotonic_time ();

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    fw_size_item_bump (key);
  if (sort_now || now - self->sorted_at >= SORT_EVERY_US)
    {
      self->sorted_at = now;
      gtk_sorter_changed (self->sorter, GTK_SORTER_CHANGE_DIFFERENT);
    }
  update_title (self);
}

void
fw_size_window_refresh (FwSizeWindow *self)
{
  refresh (self, TRUE);
}

static gboolean
tick_cb (gpointer user_data)
{
  FwSizeWindow *self = user_data;
  gint64 start = g_get_monotonic_time ();
  gboolean changed = take_feed (self);

  if (changed)
    refresh (self, FALSE);
  else
    update_title (self);
  /* Largest Files follows the scan while it is shown. */
  if (start - self->largest_at >= LARGEST_EVERY_US &&
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "largest") == 0)
    fw_size_window_refresh_largest (self);
  self->longest_tick_us = MAX (self->longest_tick_us, g_get_monotonic_time () - start);
  return G_SOURCE_CONTINUE;
}

/* Largest Files, once shown: what the scan found so far, or in all. */
static void
visible_page_cb (FwSizeWindow *self)
{
  if ((self->scanning || self->largest_dirty) &&
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "largest") == 0)
    {
      self->largest_dirty = FALSE;
      fw_size_window_refresh_largest (self);
    }
}

/* The scan ------------------------------------------------------------------ */

static void
scan_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(FwSizeWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  FwSizeResult *result = fw_size_scan_run_finish (FW_SIZE_SCAN (source), res, &error);

  if (FW_SIZE_SCAN (source) != self->scan)
    {
      /* An earlier scan, cancelled by a rescan or the close. */
      fw_size_result_free (result);
      return;
    }
  self->scanning = FALSE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fw_size_window_toast (self, _("The folder could not be read"));
      update_title (self);
      return;
    }
  self->result = result;
  take_feed (self);
  if (self->tree == NULL && result->tree != NULL && result->is_dir)
    folder_done (self, result->tree);
  /* Largest Files is filled when it is shown: its 100 rows cost a frame
   * of their own, which a tree still being looked at need not pay. */
  self->largest_dirty = TRUE;
  visible_page_cb (self);
  fw_size_window_refresh (self);
  fw_size_window_update_actions (self);
  if (result->incomplete)
    fw_size_window_toast (self, _("Some folders could not be read: their sizes are too small"));
}

static void
clear_scan (FwSizeWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->scanning = FALSE;

  /* Rows first: they point into the tree. */
  if (self->largest_store != NULL)
    g_list_store_remove_all (self->largest_store);
  if (self->root != NULL)
    fw_size_item_forget (self->root);
  g_list_store_remove_all (self->top);
  g_clear_object (&self->root);
  g_hash_table_remove_all (self->items);
  g_hash_table_remove_all (self->done);
  if (self->source != NULL)
    {
      g_autoptr(GObject) viewer = fw_job_size_tree_dup_viewer (self->source);

      self->result = NULL;   /* the row's */
      if (viewer == G_OBJECT (self))
        fw_job_size_tree_set_viewer (self->source, NULL);
    }
  g_clear_pointer (&self->result, fw_size_result_free);
  g_clear_pointer (&self->source, fw_job_size_tree_unref);
  self->source_cursor = 0;
  self->all_done = FALSE;
  g_clear_object (&self->scan);
  g_clear_pointer (&self->feed, feed_unref);
  self->tree = NULL;
  self->root_listed = FALSE;
}

/* Preferences' "exclude-patterns", matched below the folder as the
 * window's size rows match them; the patterns live as long as the scan,
 * which outlives its every folder job. */
static void
set_exclude (FwSizeScan *scan)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_auto(GStrv) patterns = g_settings_get_strv (settings, "exclude-patterns");
  FwExclude *exclude = fw_exclude_new_from_patterns ((const char * const *) patterns);

  g_object_set_data_full (G_OBJECT (scan), "fw-exclude", exclude, (GDestroyNotify) fw_exclude_free);
  fw_size_scan_set_exclude_relative (scan, exclude);
}

static void
start_scan (FwSizeWindow *self)
{
  clear_scan (self);
  self->generation++;
  self->scan = fw_size_scan_new (self->path, FW_SIZE_RECORD_TREE | FW_SIZE_RECORD_LARGEST_FILES);
  self->feed = feed_new ();
  fw_size_scan_set_tree_hook (self->scan, tree_hook, feed_ref (self->feed), (GDestroyNotify) feed_unref);
  fw_size_scan_set_folder_hook (self->scan, lower_priority_hook, NULL, NULL);
  set_exclude (self->scan);
  self->cancellable = g_cancellable_new ();
  self->scanning = TRUE;
  self->largest_dirty = FALSE;
  self->largest_at = 0;
  fw_size_window_update_actions (self);
  fw_size_scan_run_async (self->scan, self->pool, self->cancellable, scan_done_cb, g_object_ref (self));

  self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  update_title (self);
}

/* The row's scan is over (main thread, from a tick or at once). */
static void
source_over (FwSizeWindow *self)
{
  FwSizeResult *result = fw_job_size_tree_get_result (self->source);

  self->scanning = FALSE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (result == NULL)
    {
      /* Cancelled or failed: what finished stays; Rescan sizes it all. */
      fw_size_window_toast (self, _("The size job stopped before the end"));
      update_title (self);
      return;
    }
  self->result = result;
  if (self->tree == NULL && result->tree != NULL && result->is_dir)
    {
      /* Nothing streamed in (a finished row): every folder is final,
       * each folder's rows are made when it is first expanded. */
      self->all_done = TRUE;
      folder_done (self, result->tree);
    }
  self->largest_dirty = TRUE;
  visible_page_cb (self);
  fw_size_window_refresh (self);
  fw_size_window_update_actions (self);
  if (result->incomplete)
    fw_size_window_toast (self, _("Some folders could not be read: their sizes are too small"));
}

static void
start_from_row (FwSizeWindow  *self,
                FwJobSizeTree *tree)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  guint cursor = 0;

  clear_scan (self);
  self->generation++;
  self->source = fw_job_size_tree_ref (tree);
  fw_job_size_tree_set_viewer (tree, G_OBJECT (self));
  self->scanning = TRUE;
  self->largest_dirty = FALSE;
  self->largest_at = 0;
  fw_size_window_update_actions (self);
  if (fw_job_size_tree_take_folders (tree, &cursor, none) && fw_job_size_tree_get_result (tree) != NULL)
    {
      /* Over: the kept tree at once, no folder log replayed. */
      source_over (self);
      return;
    }
  take_feed (self);
  if (self->scanning)
    {
      self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
      refresh (self, TRUE);
    }
}

/* The object ---------------------------------------------------------------- */

void
fw_size_window_toast (FwSizeWindow *self,
                      const char   *text)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static void
apparent_toggled_cb (GtkToggleButton *button,
                     FwSizeWindow    *self)
{
  self->apparent = gtk_toggle_button_get_active (button);
  /* Largest Files is another choice of files: by apparent size, a sparse
   * file comes in and a file large only on disk leaves. The scan kept
   * both lists: no scan, 100 rows at most. Not shown: filled when it is. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "largest") == 0)
    fw_size_window_refresh_largest (self);
  else if (!self->scanning && self->result != NULL)
    self->largest_dirty = TRUE;
  fw_size_window_refresh (self);
}

/* Enter or a double click on a folder's row: in or out, as Baobab. */
static void
tree_activate_cb (GtkColumnView *view,
                  guint          position,
                  FwSizeWindow  *self)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree_selection), position);

  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}


static void
rescan_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  start_scan (FW_SIZE_WINDOW (widget));
}

static void
fw_size_window_dispose (GObject *object)
{
  FwSizeWindow *self = FW_SIZE_WINDOW (object);

  if (self->items != NULL)
    clear_scan (self);
  g_clear_pointer (&self->row_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (object), FW_TYPE_SIZE_WINDOW);
  g_clear_object (&self->tree_selection);
  g_clear_object (&self->largest_selection);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->sorter);
  g_clear_object (&self->largest_store);
  g_clear_object (&self->top);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->done, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_object (&self->pool);

  G_OBJECT_CLASS (fw_size_window_parent_class)->dispose (object);
}

static void
fw_size_window_finalize (GObject *object)
{
  FwSizeWindow *self = FW_SIZE_WINDOW (object);

  g_clear_object (&self->folder);
  g_free (self->path);
  G_OBJECT_CLASS (fw_size_window_parent_class)->finalize (object);
}

static void
fw_size_window_class_init (FwSizeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_size_window_dispose;
  object_class->finalize = fw_size_window_finalize;

  /**
   * FwSizeWindow::show-item:
   * @item: the entry's #GFile
   *
   * The user asked for the entry's containing folder.
   */
  signals[SHOW_ITEM] = g_signal_new ("show-item", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  fw_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fileworks/Fileworks/fw-size-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FwSizeWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, FwSizeWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, FwSizeWindow, apparent_button);
  gtk_widget_class_bind_template_child (widget_class, FwSizeWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FwSizeWindow, header_switcher);
  gtk_widget_class_bind_template_child (widget_class, FwSizeWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, FwSizeWindow, tree_view);
  gtk_widget_class_bind_template_child (widget_class, FwSizeWindow, largest_view);
  gtk_widget_class_bind_template_child (widget_class, FwSizeWindow, row_menu);
  gtk_widget_class_bind_template_callback (widget_class, apparent_toggled_cb);

  gtk_widget_class_install_action (widget_class, "size.rescan", NULL, rescan_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "size.rescan", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  fw_size_window_actions_class_init (widget_class);
}

static void
fw_size_window_init (FwSizeWindow *self)
{
  g_autoptr(GtkTreeListRowSorter) row_sorter = NULL;
  GtkSortListModel *sorted;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->done = g_hash_table_new (NULL, NULL);
  self->bound = g_hash_table_new (NULL, NULL);
  self->top = g_list_store_new (FW_TYPE_SIZE_ITEM);
  self->largest_store = g_list_store_new (FW_TYPE_SIZE_ITEM);
  /* Two workers, as the batch's size pool: a scan is mostly system
   * calls, and the window stays responsive beside it. */
  self->pool = fw_pool_new (2);

  /* Folders: a tree over the root's rows, each level sorted by size. */
  self->tree_model = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->top)), FALSE, FALSE,
                                              fw_size_window_create_children, self, NULL);
  self->sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, self, NULL));
  row_sorter = gtk_tree_list_row_sorter_new (g_object_ref (self->sorter));
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->tree_model)),
                                    GTK_SORTER (g_steal_pointer (&row_sorter)));
  /* A large expanded tree sorts in steps between frames, not in one. */
  gtk_sort_list_model_set_incremental (sorted, TRUE);
  self->tree_sorted = sorted;   /* the selection owns it */
  self->tree_selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->tree_selection, FALSE);
  gtk_column_view_set_model (self->tree_view, GTK_SELECTION_MODEL (self->tree_selection));

  self->largest_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->largest_store)));
  gtk_single_selection_set_autoselect (self->largest_selection, FALSE);
  gtk_column_view_set_model (self->largest_view, GTK_SELECTION_MODEL (self->largest_selection));

  g_signal_connect (self->tree_view, "activate", G_CALLBACK (tree_activate_cb), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (visible_page_cb), self);
  fw_size_window_columns_init (self);
  fw_size_window_actions_init (self);
  fw_size_window_layout_init (self);
  /* The keyboard starts in the tree: arrows walk it at once. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->tree_view));
}

static FwSizeWindow *
size_window_new (GtkWindow     *parent,
                 GFile         *folder,
                 FwJobSizeTree *tree)
{
  FwSizeWindow *self;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  self = g_object_new (FW_TYPE_SIZE_WINDOW, NULL);
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
      if (gtk_window_get_application (parent) != NULL)
        gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
    }
  self->folder = g_object_ref (folder);
  self->path = g_file_get_path (folder);
  name = g_file_get_basename (folder);
  {
    g_autofree char *display = g_filename_display_name (name);
    /* TRANSLATORS: the size window's title; %s is a folder's name */
    g_autofree char *title = g_strdup_printf (_("Sizes in “%s”"), display);

    gtk_window_set_title (GTK_WINDOW (self), title);
    adw_window_title_set_title (self->window_title, display);
  }
  if (tree != NULL)
    start_from_row (self, tree);
  else
    start_scan (self);
  return self;
}

FwSizeWindow *
fw_size_window_new (GtkWindow *parent,
                    GFile     *folder)
{
  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  return size_window_new (parent, folder, NULL);
}

FwSizeWindow *
fw_size_window_new_for_row (GtkWindow     *parent,
                            GFile         *folder,
                            FwJobSizeTree *tree)
{
  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (tree != NULL, NULL);
  return size_window_new (parent, folder, tree);
}

void
fw_size_window_emit_show_item (FwSizeWindow *self,
                               GFile        *file)
{
  g_signal_emit (self, signals[SHOW_ITEM], 0, file);
}

GtkTreeListModel *
fw_size_window_get_tree_model (FwSizeWindow *self)
{
  return self->tree_model;
}

GtkSingleSelection *
fw_size_window_get_tree_selection (FwSizeWindow *self)
{
  return self->tree_selection;
}

GListModel *
fw_size_window_get_largest_model (FwSizeWindow *self)
{
  return G_LIST_MODEL (self->largest_store);
}

gboolean
fw_size_window_get_scanning (FwSizeWindow *self)
{
  return self->scanning;
}

FwSizeItem *
fw_size_window_get_root (FwSizeWindow *self)
{
  return self->root;
}

gboolean
fw_size_window_get_sorting (FwSizeWindow *self)
{
  return gtk_sort_list_model_get_pending (self->tree_sorted) > 0;
}

gboolean
fw_size_window_get_from_row (FwSizeWindow *self)
{
  return self->source != NULL;
}

gint64
fw_size_window_get_longest_tick (FwSizeWindow *self)
{
  return self->longest_tick_us;
}
