/* fw-dupes-view.c — Find Duplicates: the scan, its groups, choosing and
 * trashing copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scan runs in a thread of its own (fw_dupes_scan_run_async()) over a
 * pool of the view's; the main thread only polls it from a tick. Groups
 * are FwDupesRow items in a GListStore kept in waste order
 * (g_list_store_insert_sorted(): a GSequence, O(log n) a group), under a
 * GtkTreeListModel that expands each to its file rows; a tick inserts
 * for at most INSERT_BUDGET_US, so 100,000 groups arrive over a few
 * seconds without a long frame. Selection is FwDupesChoice's
 * (fw-dupes-select.c): a check box per file, insensitive on the last
 * copy. Move to Trash asks first, then trashes in a thread of its own
 * with fw_trash_file_if_unchanged() and takes the trashed files out.
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "fw-alert.h"
#include "fw-application.h"
#include "fw-dupes-row.h"
#include "fw-dupes-view.h"
#include "fw-export.h"
#include "fw-trash.h"

#define TICK_MS          50
#define INSERT_BUDGET_US 8000
#define RUN_MAX          256

struct _FwDupesView
{
  GtkBox            parent_instance;

  GtkRevealer      *notes_revealer;
  GtkLabel         *notes_label;
  GtkLabel         *notes_details;
  GtkListView      *list_view;
  GtkMenuButton    *select_button;
  GtkLabel         *selection_label;
  GtkButton        *trash_button;

  GSettings        *settings;
  GListStore       *groups;       /* FwDupesRow, group rows, in waste order */
  GtkTreeListModel *tree;
  GPtrArray        *operands;     /* char *: every item added */
  GPtrArray        *folders;      /* char *: those that are folders */

  FwDupesScan      *scan;         /* the current one */
  FwPool           *pool;
  GCancellable     *cancellable;
  gboolean          scanning;     /* the scan's run has not returned */
  gboolean          paused;
  GPtrArray        *pending;      /* FwDupesGroup: taken, not shown yet */
  guint             pending_next;
  gboolean          pending_sorted; /* from pending_next on */
  guint             tick_id;
  gint64            longest_insert;
  guint             next_id;

  GHashTable       *bound;        /* RowWidgets of the rows shown */
  gboolean          trashing;
  FwAlert          *confirm;      /* weak */
  char             *refused;
};

G_DEFINE_FINAL_TYPE (FwDupesView, fw_dupes_view, GTK_TYPE_BOX)

enum {
  SIGNAL_CHANGED,
  SIGNAL_TOAST,
  SIGNAL_REFERENCE_WANTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_selection (FwDupesView *self);

/* Words -------------------------------------------------------------------- */

static const char *
stage_words (FwDupesStage stage)
{
  switch (stage)
    {
    case FW_DUPES_STAGE_WALK:
      return _("Looking for files");
    case FW_DUPES_STAGE_SIZE:
      return _("Sorting by size");
    case FW_DUPES_STAGE_EDGES:
      return _("Reading the first and last bytes");
    case FW_DUPES_STAGE_DIGEST:
      return _("Hashing the candidates");
    case FW_DUPES_STAGE_COMPARE:
      return _("Comparing byte by byte");
    case FW_DUPES_STAGE_NONE:
    case FW_DUPES_STAGE_DONE:
    default:
      return _("Finishing");
    }
}

static const char *
display_path (FwDupesView *self,
              const char  *path)
{
  const char *best = NULL;
  size_t best_len = 0;

  /* Relative to the innermost folder added that holds it. */
  for (guint i = 0; i < self->folders->len; i++)
    {
      const char *folder = g_ptr_array_index (self->folders, i);
      size_t len = strlen (folder);

      if (len > best_len && fw_dupes_path_in_folder (path, folder))
        {
          best = folder;
          best_len = len;
        }
    }
  if (best == NULL)
    return path;
  path += best_len;
  while (*path == '/')
    path++;
  return path;
}

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

/* The list's rows ---------------------------------------------------------- */

typedef struct {
  GtkWidget *check;
  GtkWidget *title;
  GtkWidget *linked;
  GtkWidget *detail;
  FwDupesView *view;
  FwDupesRow *row;      /* bound (a reference) */
  gulong     notify_id;
  gboolean   binding;
  int        tooltip_can;  /* which tooltip the check box has: -1 none yet */
} RowWidgets;

static void
row_widgets_free (gpointer data)
{
  RowWidgets *w = data;

  if (w->view->bound != NULL)
    g_hash_table_remove (w->view->bound, w);
  if (w->row != NULL && w->notify_id != 0)
    g_signal_handler_disconnect (w->row, w->notify_id);
  g_clear_object (&w->row);
  g_free (w);
}

static void
row_refresh (FwDupesRow *row,
             RowWidgets *w)
{
  FwDupesChoice *choice = fw_dupes_row_get_choice (row);
  guint index = fw_dupes_row_get_index (row);
  gboolean can = fw_dupes_choice_can_select (choice, index);

  w->binding = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (w->check), fw_dupes_choice_get_selected (choice, index));
  w->binding = FALSE;
  gtk_widget_set_sensitive (w->check, can);
  /* Only when it changes (see query_tooltip_cb()). */
  if (w->tooltip_can != can)
    {
      w->tooltip_can = can;
      gtk_widget_set_tooltip_text (w->check, can ? _("Move this copy to the Trash")
                                                 : _("The last copy stays: clear another file of this group first"));
    }
}

/* The path's tooltip is asked for when shown, not set on every bind:
 * setting one queries the pointer (an X11 round trip), which made each
 * group arriving in view cost milliseconds. */
static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  RowWidgets *w)
{
  g_autofree char *full = NULL;

  if (w->row == NULL || fw_dupes_row_is_group (w->row))
    return FALSE;
  full = g_filename_display_name (fw_dupes_row_get_file (w->row)->path);
  gtk_tooltip_set_text (tooltip, full);
  return TRUE;
}

static void
row_notify_cb (FwDupesRow *row,
               GParamSpec *pspec,
               RowWidgets *w)
{
  if (!fw_dupes_row_is_group (row))
    row_refresh (row, w);
}

static void
check_toggled_cb (GtkCheckButton *check,
                  GtkListItem    *item)
{
  RowWidgets *w = g_object_get_data (G_OBJECT (item), "fw-row-widgets");
  FwDupesRow *row;
  FwDupesView *self;

  if (w->binding)
    return;
  row = gtk_tree_list_row_get_item (gtk_list_item_get_item (item));
  /* The tree row's item is a new reference. */
  g_object_unref (row);
  if (fw_dupes_row_is_group (row))
    return;
  fw_dupes_choice_set_selected (fw_dupes_row_get_choice (row), fw_dupes_row_get_index (row),
                                gtk_check_button_get_active (check));
  /* Refused (the last copy) or not: every row of the group follows. */
  fw_dupes_row_selection_changed (row);
  self = w->view;
  update_selection (self);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          FwDupesView              *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  RowWidgets *w = g_new0 (RowWidgets, 1);

  w->view = self;
  w->tooltip_can = -1;

  w->check = gtk_check_button_new ();
  w->title = gtk_label_new (NULL);
  w->linked = gtk_label_new (_("linked"));
  w->detail = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (w->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (w->title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (w->title, TRUE);
  /* The time gives way before the window's 360 px do. */
  gtk_label_set_ellipsize (GTK_LABEL (w->detail), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (w->linked, _("A hard link: the same file as another path here, not a copy"));
  gtk_widget_add_css_class (w->linked, "dim-label");
  gtk_widget_add_css_class (w->detail, "dim-label");
  gtk_widget_add_css_class (w->detail, "numeric");
  gtk_box_append (GTK_BOX (box), w->check);
  gtk_box_append (GTK_BOX (box), w->title);
  gtk_box_append (GTK_BOX (box), w->linked);
  gtk_box_append (GTK_BOX (box), w->detail);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_widget_set_margin_end (box, 12);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  g_signal_connect (w->check, "toggled", G_CALLBACK (check_toggled_cb), item);
  gtk_widget_set_has_tooltip (w->title, TRUE);
  g_signal_connect (w->title, "query-tooltip", G_CALLBACK (query_tooltip_cb), w);
  g_object_set_data_full (G_OBJECT (item), "fw-row-widgets", w, row_widgets_free);
  gtk_list_item_set_child (item, expander);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         FwDupesView              *self)
{
  GtkTreeListRow *tree_row = gtk_list_item_get_item (item);
  g_autoptr(FwDupesRow) row = gtk_tree_list_row_get_item (tree_row);
  RowWidgets *w = g_object_get_data (G_OBJECT (item), "fw-row-widgets");
  GtkWidget *expander = gtk_list_item_get_child (item);
  FwDupesGroup *group = fw_dupes_row_get_choice (row)->group;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), tree_row);
  if (fw_dupes_row_is_group (row))
    {
      g_autofree char *size = g_format_size (group->size);
      g_autofree char *wasted = g_format_size (group->wasted);
      g_autofree char *title = NULL;
      g_autofree char *detail = NULL;

      if (group->size == 0)
        /* TRANSLATORS: a group of duplicates; %u is how many */
        title = g_strdup_printf (ngettext ("%u empty file", "%u empty files", group->files->len),
                                 group->files->len);
      else
        /* TRANSLATORS: a group of duplicates: "3 copies of 4.2 MB" */
        title = g_strdup_printf (ngettext ("%u copy of %s", "%u copies of %s", group->n_inodes),
                                 group->n_inodes, size);
      detail = group->wasted > 0 ? g_strdup_printf (_("%s can be freed"), wasted) : g_strdup (_("Nothing to free"));
      gtk_label_set_text (GTK_LABEL (w->title), title);
      gtk_label_set_text (GTK_LABEL (w->detail), detail);
      gtk_widget_add_css_class (w->title, "heading");
      gtk_widget_set_visible (w->check, FALSE);
      gtk_widget_set_visible (w->linked, FALSE);
      gtk_list_item_set_activatable (item, FALSE);
    }
  else
    {
      const FwDupesFile *file = fw_dupes_row_get_file (row);
      g_autofree char *name = g_filename_display_name (display_path (self, file->path));
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (file->mtime_ns / G_GINT64_CONSTANT (1000000000));
      g_autofree char *when = time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : NULL;

      gtk_label_set_text (GTK_LABEL (w->title), name);
      gtk_label_set_text (GTK_LABEL (w->detail), when != NULL ? when : "");
      gtk_widget_remove_css_class (w->title, "heading");
      gtk_widget_set_visible (w->check, TRUE);
      gtk_widget_set_visible (w->linked, file->linked);
      gtk_accessible_update_property (GTK_ACCESSIBLE (w->check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      row_refresh (row, w);
    }
  w->notify_id = g_signal_connect (row, "notify::selected", G_CALLBACK (row_notify_cb), w);
  g_set_object (&w->row, row);
  g_hash_table_add (self->bound, w);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  RowWidgets *w = g_object_get_data (G_OBJECT (item), "fw-row-widgets");

  if (w->row != NULL && w->notify_id != 0)
    g_signal_handler_disconnect (w->row, w->notify_id);
  w->notify_id = 0;
  g_clear_object (&w->row);
  g_hash_table_remove (w->view->bound, w);
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  FwDupesRow *row = item;

  if (!fw_dupes_row_is_group (row))
    return NULL;
  return g_object_ref (fw_dupes_row_get_children (row));
}

/* Groups arriving ---------------------------------------------------------- */

static int
pending_compare (const void *a,
                 const void *b)
{
  return fw_dupes_group_compare_waste (*(FwDupesGroup * const *) a, *(FwDupesGroup * const *) b);
}

/* Where @group goes in the store: the first row that sorts after it. */
static guint
lower_bound (FwDupesView        *self,
             const FwDupesGroup *group)
{
  guint lo = 0, hi = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), mid);

      if (fw_dupes_group_compare_waste (fw_dupes_row_get_choice (row)->group, group) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Inserts the next pending groups that go in one place (at most
 * RUN_MAX): one splice, one items-changed. Returns how many. */
static guint
insert_run (FwDupesView *self)
{
  FwDupesGroup *first = self->pending->pdata[self->pending_next];
  guint position = lower_bound (self, first);
  g_autoptr(FwDupesRow) next = g_list_model_get_item (G_LIST_MODEL (self->groups), position);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  while (self->pending_next < self->pending->len && rows->len < RUN_MAX)
    {
      FwDupesGroup *group = self->pending->pdata[self->pending_next];

      if (next != NULL && fw_dupes_group_compare_waste (group, fw_dupes_row_get_choice (next)->group) > 0)
        break;
      g_ptr_array_add (rows, fw_dupes_row_new_group (fw_dupes_choice_new (group)));
      self->pending->pdata[self->pending_next++] = NULL;
    }
  g_list_store_splice (self->groups, position, 0, rows->pdata, rows->len);
  return rows->len;
}

/* Inserts pending groups for at most INSERT_BUDGET_US. They are sorted
 * first, then merged in runs: groups that go between the same two rows
 * arrive in one splice. As the scan publishes them (largest first) most
 * go at the end, a whole tick's in one run; the cost in the list is per
 * run, and large only for rows in view (their widgets are made). */
static void
insert_pending (FwDupesView *self)
{
  gint64 start = g_get_monotonic_time ();
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));
  gboolean at_top = vadj == NULL || gtk_adjustment_get_value (vadj) <= 0;
  gint64 spent;

  if (self->pending_next == self->pending->len)
    return;
  if (!self->pending_sorted)
    {
      qsort (self->pending->pdata + self->pending_next, self->pending->len - self->pending_next,
             sizeof (gpointer), pending_compare);
      self->pending_sorted = TRUE;
    }
  while (self->pending_next < self->pending->len)
    {
      insert_run (self);
      if (g_get_monotonic_time () - start > INSERT_BUDGET_US)
        break;
    }
  /* A group with more waste goes above the first one shown: the list
   * keeps showing that one, scrolled down. At the top, it stays there. */
  if (at_top && g_list_model_get_n_items (G_LIST_MODEL (self->groups)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  spent = g_get_monotonic_time () - start;
  self->longest_insert = MAX (self->longest_insert, spent);
  if (self->pending_next == self->pending->len)
    {
      g_ptr_array_set_size (self->pending, 0);
      self->pending_next = 0;
    }
}

static gboolean
tick_cb (gpointer data)
{
  FwDupesView *self = data;
  gint64 start = g_get_monotonic_time ();
  gint64 took;
  guint before = self->pending_next;
  gboolean more = TRUE;

  if (self->scan != NULL && fw_dupes_scan_take_groups (self->scan, self->pending) > 0)
    self->pending_sorted = FALSE;
  insert_pending (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  if (!self->scanning && self->pending_next == 0 && self->pending->len == 0)
    {
      self->tick_id = 0;
      update_selection (self);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      more = FALSE;
    }
  took = g_get_monotonic_time () - start;
  if (took > 20000)
    g_debug ("dupes tick: %.1f ms (%u groups inserted, %u shown)", took / 1e3,
             self->pending_next > before ? self->pending_next - before : 0,
             g_list_model_get_n_items (G_LIST_MODEL (self->groups)));
  return more;
}

static void
ensure_tick (FwDupesView *self)
{
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
}

void
fw_dupes_view_push_groups (FwDupesView *self,
                           GPtrArray   *groups)
{
  g_return_if_fail (FW_IS_DUPES_VIEW (self));
  for (guint i = 0; i < groups->len; i++)
    g_ptr_array_add (self->pending, g_steal_pointer (&groups->pdata[i]));
  g_ptr_array_set_size (groups, 0);
  self->pending_sorted = FALSE;
  ensure_tick (self);
}

static void
show_notes (FwDupesView *self,
            GPtrArray   *notes)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *summary = NULL;
  guint n = notes != NULL ? notes->len : 0;

  gtk_revealer_set_reveal_child (self->notes_revealer, n > 0);
  if (n == 0)
    return;
  /* TRANSLATORS: the banner over the duplicate groups */
  summary = g_strdup_printf (ngettext ("%u file was left out", "%u files were left out", n), n);
  gtk_label_set_text (self->notes_label, summary);
  for (guint i = 0; i < n && i < 1000; i++)
    {
      FwDupesNote *note = g_ptr_array_index (notes, i);
      g_autofree char *name = g_filename_display_name (note->path);
      const char *why;

      switch (note->kind)
        {
        case FW_DUPES_NOTE_SPECIAL:
          why = _("not a regular file");
          break;
        case FW_DUPES_NOTE_CHANGED:
          why = _("changed while it was read");
          break;
        case FW_DUPES_NOTE_FOLDER:
          why = _("only the files directly inside");
          break;
        case FW_DUPES_NOTE_ERROR:
        default:
          why = note->error != NULL && g_error_matches (note->error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED)
                ? _("permission denied") : _("could not be read");
          break;
        }
      /* TRANSLATORS: a line of the notes: "NAME: why it was left out" */
      g_string_append_printf (details, _("%s: %s"), name, why);
      g_string_append_c (details, '\n');
    }
  if (details->len > 0)
    g_string_truncate (details, details->len - 1);
  gtk_label_set_text (self->notes_details, details->str);
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(FwDupesView) self = user_data;
  FwDupesScan *scan = FW_DUPES_SCAN (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwDupesResult) res = fw_dupes_scan_run_finish (scan, result, &error);
  guint n_groups;
  guint64 wasted = 0;
  g_autofree char *text = NULL;

  /* An older scan, replaced by a new drop or cleared. */
  if (scan != self->scan || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  self->scanning = FALSE;
  if (fw_dupes_scan_take_groups (scan, self->pending) > 0)
    self->pending_sorted = FALSE;
  show_notes (self, res != NULL ? res->notes : NULL);
  n_groups = g_list_model_get_n_items (G_LIST_MODEL (self->groups)) + self->pending->len - self->pending_next;
  for (guint i = self->pending_next; i < self->pending->len; i++)
    wasted += ((FwDupesGroup *) self->pending->pdata[i])->wasted;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->groups)); i++)
    {
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      wasted += fw_dupes_row_get_choice (row)->group->wasted;
    }
  if (res == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup (_("Could not look for duplicates"));
      else
        /* TRANSLATORS: a toast after Stop */
        text = g_strdup_printf (ngettext ("Stopped: %u group of duplicates found so far",
                                          "Stopped: %u groups of duplicates found so far", n_groups),
                                n_groups);
    }
  else if (n_groups == 0)
    text = g_strdup (_("No duplicates found"));
  else
    {
      g_autofree char *size = g_format_size (wasted);

      /* TRANSLATORS: a toast; %u groups, %s a size such as "3.4 GB" */
      text = g_strdup_printf (ngettext ("%u group of duplicates · %s can be freed",
                                        "%u groups of duplicates · %s can be freed", n_groups),
                              n_groups, size);
    }
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, text);
  ensure_tick (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
stop_scan (FwDupesView *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->pool != NULL && self->paused)
    fw_pool_resume (self->pool);
  self->paused = FALSE;
  g_clear_object (&self->cancellable);
  g_clear_object (&self->scan);
  g_clear_object (&self->pool);
  self->scanning = FALSE;
}

static void
start_scan (FwDupesView *self)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  FwDupesFlags flags = FW_DUPES_RECURSIVE;
  g_autofree char *algorithm = g_settings_get_string (self->settings, "dupes-algorithm");
  FwAlgorithm a = fw_algorithm_from_name (algorithm);

  stop_scan (self);
  g_list_store_remove_all (self->groups);
  g_ptr_array_set_size (self->pending, 0);
  self->pending_next = 0;
  show_notes (self, NULL);
  for (guint i = 0; i < self->operands->len; i++)
    g_ptr_array_add (paths, self->operands->pdata[i]);
  g_ptr_array_add (paths, NULL);
  if (g_settings_get_boolean (self->settings, "dupes-skip-empty"))
    flags |= FW_DUPES_SKIP_EMPTY;
  if (g_settings_get_boolean (self->settings, "dupes-compare-bytes"))
    flags |= FW_DUPES_COMPARE_BYTES;
  self->scan = fw_dupes_scan_new ((const char * const *) paths->pdata, flags);
  fw_dupes_scan_set_algorithm (self->scan, a != FW_ALGORITHM_INVALID ? a : FW_ALGORITHM_XXH128);
  self->pool = fw_pool_new (g_settings_get_uint (self->settings, "n-workers"));
  self->cancellable = g_cancellable_new ();
  self->scanning = TRUE;
  fw_dupes_scan_run_async (self->scan, self->pool, self->cancellable, run_cb, g_object_ref (self));
  ensure_tick (self);
  update_selection (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Public ------------------------------------------------------------------- */

void
fw_dupes_view_add (FwDupesView  *self,
                   GFile       **files,
                   guint         n_files)
{
  g_return_if_fail (FW_IS_DUPES_VIEW (self));

  for (guint i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path == NULL)
        continue;
      g_ptr_array_add (self->operands, path);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (self->folders, g_strdup (path));
    }
  if (self->operands->len > 0)
    start_scan (self);
}

void
fw_dupes_view_clear (FwDupesView *self)
{
  g_return_if_fail (FW_IS_DUPES_VIEW (self));
  stop_scan (self);
  g_ptr_array_set_size (self->operands, 0);
  g_ptr_array_set_size (self->folders, 0);
  g_ptr_array_set_size (self->pending, 0);
  self->pending_next = 0;
  g_list_store_remove_all (self->groups);
  show_notes (self, NULL);
  update_selection (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
fw_dupes_view_cancel (FwDupesView *self)
{
  g_return_if_fail (FW_IS_DUPES_VIEW (self));
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  fw_dupes_view_set_paused (self, FALSE);
}

void
fw_dupes_view_set_paused (FwDupesView *self,
                          gboolean     paused)
{
  g_return_if_fail (FW_IS_DUPES_VIEW (self));
  if (self->pool == NULL || !self->scanning || self->paused == paused)
    return;
  self->paused = paused;
  if (paused)
    fw_pool_pause (self->pool);
  else
    fw_pool_resume (self->pool);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

gboolean
fw_dupes_view_get_paused (FwDupesView *self)
{
  return self->paused;
}

gboolean
fw_dupes_view_get_running (FwDupesView *self)
{
  g_return_val_if_fail (FW_IS_DUPES_VIEW (self), FALSE);
  return self->scanning || self->pending->len > self->pending_next || self->tick_id != 0;
}

gboolean
fw_dupes_view_get_has_items (FwDupesView *self)
{
  g_return_val_if_fail (FW_IS_DUPES_VIEW (self), FALSE);
  return self->operands->len > 0 || g_list_model_get_n_items (G_LIST_MODEL (self->groups)) > 0;
}

char *
fw_dupes_view_get_status (FwDupesView *self,
                          double      *fraction)
{
  FwDupesProgress p = { 0 };
  guint n_groups = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  *fraction = -1;
  if (self->scanning && self->scan != NULL)
    {
      g_autofree char *done = NULL;
      g_autofree char *total = NULL;

      fw_dupes_scan_get_progress (self->scan, &p);
      if (p.stage <= FW_DUPES_STAGE_SIZE)
        /* TRANSLATORS: the footer: "Looking for files · 1234 files found" */
        return g_strdup_printf (ngettext ("%s · %u file found", "%s · %u files found", (guint) p.files_found),
                                stage_words (p.stage), (guint) p.files_found);
      done = g_format_size (p.bytes_done);
      total = g_format_size (p.bytes_total);
      *fraction = p.bytes_total > 0 ? (double) p.bytes_done / p.bytes_total
                : p.files_total > 0 ? (double) p.files_done / p.files_total : 0;
      /* TRANSLATORS: the footer: "Hashing the candidates · 12 of 300
       * files · 1.2 GB / 4 GB · 5 groups" */
      return g_strdup_printf (ngettext ("%s · %u of %u files · %s / %s · %u group",
                                        "%s · %u of %u files · %s / %s · %u groups",
                                        n_groups + self->pending->len - self->pending_next),
                              stage_words (p.stage), (guint) p.files_done, (guint) p.files_total, done, total,
                              n_groups + self->pending->len - self->pending_next);
    }
  if (n_groups == 0 && self->pending->len == 0)
    return g_strdup (self->operands->len > 0 ? _("No duplicates found") : "");
  return g_strdup_printf (ngettext ("%u group of duplicates", "%u groups of duplicates", n_groups), n_groups);
}

/* After a change to many groups at once: only the rows shown have
 * widgets to bring up to date (notifying every row of 100,000 groups
 * took about half a second). */
static void
refresh_bound (FwDupesView *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      RowWidgets *w = key;

      if (w->row != NULL && !fw_dupes_row_is_group (w->row))
        row_refresh (w->row, w);
    }
}

void
fw_dupes_view_apply_rule (FwDupesView *self,
                          FwDupesRule  rule,
                          const char  *reference)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  g_return_if_fail (FW_IS_DUPES_VIEW (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      fw_dupes_choice_apply_rule (fw_dupes_row_get_choice (row), rule, reference);
    }
  refresh_bound (self);
  update_selection (self);
}

GBytes *
fw_dupes_view_build_csv (FwDupesView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  g_autoptr(GPtrArray) groups = g_ptr_array_new_full (n, NULL);

  g_return_val_if_fail (FW_IS_DUPES_VIEW (self), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      g_ptr_array_add (groups, fw_dupes_row_get_choice (row)->group);
    }
  return fw_export_build_dupes (groups);
}

guint
fw_dupes_view_get_n_groups (FwDupesView *self)
{
  g_return_val_if_fail (FW_IS_DUPES_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->groups));
}

GListModel *
fw_dupes_view_get_groups (FwDupesView *self)
{
  return G_LIST_MODEL (self->groups);
}

GListModel *
fw_dupes_view_get_rows (FwDupesView *self)
{
  return G_LIST_MODEL (self->tree);
}

GtkListView *
fw_dupes_view_get_list_view (FwDupesView *self)
{
  return self->list_view;
}

gint64
fw_dupes_view_get_longest_insert (FwDupesView *self)
{
  return self->longest_insert;
}

const char *
fw_dupes_view_get_refused (FwDupesView *self)
{
  return self->refused;
}

/* Selection ---------------------------------------------------------------- */

static void
update_selection (FwDupesView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  guint n_files = 0;
  guint64 freed = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), i);
      FwDupesChoice *choice = fw_dupes_row_get_choice (row);

      n_files += fw_dupes_choice_get_n_selected_files (choice);
      freed += fw_dupes_choice_get_freed (choice);
    }
  if (n_files > 0)
    {
      g_autofree char *size = g_format_size (freed);

      /* TRANSLATORS: the action bar: "12 files selected · 3.4 GB" */
      text = g_strdup_printf (ngettext ("%u file selected · %s", "%u files selected · %s", n_files),
                              n_files, size);
    }
  gtk_label_set_text (self->selection_label, text != NULL ? text : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dupes.trash", n_files > 0 && !self->trashing);
  for (guint i = 0; i < 5; i++)
    {
      static const char * const names[] = {
        "dupes.keep-newest", "dupes.keep-oldest", "dupes.keep-shortest",
        "dupes.keep-in-folder", "dupes.clear-selection",
      };

      gtk_widget_action_set_enabled (GTK_WIDGET (self), names[i], n > 0 && !self->trashing);
    }
}

static void
rule_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FwDupesView *self = FW_DUPES_VIEW (widget);

  if (g_str_equal (action_name, "dupes.keep-newest"))
    fw_dupes_view_apply_rule (self, FW_DUPES_KEEP_NEWEST, NULL);
  else if (g_str_equal (action_name, "dupes.keep-oldest"))
    fw_dupes_view_apply_rule (self, FW_DUPES_KEEP_OLDEST, NULL);
  else if (g_str_equal (action_name, "dupes.keep-shortest"))
    fw_dupes_view_apply_rule (self, FW_DUPES_KEEP_SHORTEST_PATH, NULL);
  else if (g_str_equal (action_name, "dupes.keep-in-folder"))
    g_signal_emit (self, signals[SIGNAL_REFERENCE_WANTED], 0);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FwDupesView *self = FW_DUPES_VIEW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      fw_dupes_choice_clear (fw_dupes_row_get_choice (row));
    }
  refresh_bound (self);
  update_selection (self);
}

/* Move to Trash ------------------------------------------------------------ */

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
          g_autofree char *name = g_filename_display_name (display_path (self, item->path));
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
        g_list_store_insert (self->groups, lower_bound (self, fw_dupes_row_get_choice (moved->pdata[i])->group),
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
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, text);
  update_selection (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
confirm_response_cb (FwAlert     *alert,
                     const char  *response,
                     FwDupesView *self)
{
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
  update_selection (self);
  task = g_task_new (self, NULL, trash_done_cb, NULL);
  g_task_set_source_tag (task, confirm_response_cb);
  g_task_set_task_data (task, items, (GDestroyNotify) g_array_unref);
  /* A thread of its own, not GTask's shared pool (DESIGN.md). */
  g_thread_unref (g_thread_new ("fw-trash", trash_thread, g_steal_pointer (&task)));
}

static void
trash_action (GtkWidget  *widget,
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
  g_signal_connect_object (alert, "response", G_CALLBACK (confirm_response_cb), self, 0);
  self->confirm = alert;
  g_object_add_weak_pointer (G_OBJECT (alert), (gpointer *) &self->confirm);
  fw_alert_present (alert, window);
}

/* GObject ------------------------------------------------------------------ */

static void
fw_dupes_view_dispose (GObject *object)
{
  FwDupesView *self = FW_DUPES_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->pool != NULL && self->paused)
    fw_pool_resume (self->pool);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->confirm != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->confirm), (gpointer *) &self->confirm);
  self->confirm = NULL;
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FW_TYPE_DUPES_VIEW);
  G_OBJECT_CLASS (fw_dupes_view_parent_class)->dispose (object);
}

static void
fw_dupes_view_finalize (GObject *object)
{
  FwDupesView *self = FW_DUPES_VIEW (object);

  g_clear_object (&self->scan);
  g_clear_object (&self->pool);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->tree);
  g_clear_object (&self->groups);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->operands, g_ptr_array_unref);
  g_clear_pointer (&self->folders, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->refused, g_free);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  G_OBJECT_CLASS (fw_dupes_view_parent_class)->finalize (object);
}

static void
fw_dupes_view_class_init (FwDupesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_dupes_view_dispose;
  object_class->finalize = fw_dupes_view_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_REFERENCE_WANTED] = g_signal_new ("reference-wanted", G_TYPE_FROM_CLASS (klass),
                                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                   G_TYPE_NONE, 0);

  fw_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fileworks/Fileworks/fw-dupes-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, notes_revealer);
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, notes_label);
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, notes_details);
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, list_view);
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, select_button);
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, selection_label);
  gtk_widget_class_bind_template_child (widget_class, FwDupesView, trash_button);

  gtk_widget_class_install_action (widget_class, "dupes.keep-newest", NULL, rule_action);
  gtk_widget_class_install_action (widget_class, "dupes.keep-oldest", NULL, rule_action);
  gtk_widget_class_install_action (widget_class, "dupes.keep-shortest", NULL, rule_action);
  gtk_widget_class_install_action (widget_class, "dupes.keep-in-folder", NULL, rule_action);
  gtk_widget_class_install_action (widget_class, "dupes.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "dupes.trash", NULL, trash_action);
}

static void
fw_dupes_view_init (FwDupesView *self)
{
  GtkListItemFactory *factory;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->operands = g_ptr_array_new_with_free_func (g_free);
  self->folders = g_ptr_array_new_with_free_func (g_free);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_dupes_group_free);
  self->bound = g_hash_table_new (NULL, NULL);
  self->groups = g_list_store_new (FW_TYPE_DUPES_ROW);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->groups)), FALSE, TRUE,
                                        create_children_cb, NULL, NULL);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  update_selection (self);
}

FwDupesView *
fw_dupes_view_new (void)
{
  return g_object_new (FW_TYPE_DUPES_VIEW, NULL);
}
