/* fw-job-columns.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fw-job.h"
#include "fw-job-columns.h"
#include "fw-job-text.h"
#include "fw-text-cell.h"

/* Files smaller than this finish too fast for a bar to mean anything. */
#define PROGRESS_BAR_MIN_SIZE (8 * 1024 * 1024)

typedef struct {
  FwColumn       column;
  FwRowMenuFunc  menu_func;
  gpointer       menu_data;
  gboolean       folded;   /* Name column: size and state on a second line */
} ColumnData;

/* The folded layout's second line of the Name cell: what the hidden Size
 * and State columns would say ("1.2 MB · Done"; "Running 47%" for a file
 * large enough for the State column's bar). */
static char *
folded_text (FwJob *job)
{
  g_autofree char *size = fw_job_columns_size_text (job);
  g_autofree char *status = NULL;
  FwJobState state = fw_job_get_state (job);

  if (state == FW_JOB_RUNNING && fw_job_get_kind (job) != FW_JOB_SIZE &&
      fw_job_get_size (job) >= PROGRESS_BAR_MIN_SIZE)
    /* TRANSLATORS: a running row's state and how far it is, e.g. "Running 47%" */
    status = g_strdup_printf (_("%s %d%%"), fw_job_text_status (job),
                              (int) floor (fw_job_get_progress (job) * 100));
  else
    status = g_strdup (fw_job_text_status (job));
  if (size == NULL)
    return g_steal_pointer (&status);
  /* TRANSLATORS: a row's size and state, under its name in a narrow window */
  return g_strdup_printf (_("%s · %s"), size, status);
}

char *
fw_job_columns_size_text (FwJob *job)
{
  FwJobState state = fw_job_get_state (job);
  const FwJobCompareEntry *entry = fw_job_get_compare_entry (job);

  /* Compare Folders: a side that is a folder (or no regular file) has
   * no size of its own to show. */
  if (entry != NULL && entry->size[entry->main_side] < 0)
    return NULL;
  /* A folder's size is known once scanned; a missing file, or one
   * that failed before its size was known, has none. */
  if (fw_job_get_kind (job) == FW_JOB_SIZE ? state == FW_JOB_DONE
      : fw_job_get_verdict (job) != FW_JOB_VERDICT_MISSING &&
        !((state == FW_JOB_FAILED || state == FW_JOB_SKIPPED) && fw_job_get_size (job) == 0))
    return g_format_size (fw_job_get_size (job));
  return NULL;
}

static void
update_cell (GtkWidget *cell,
             FwJob     *job,
             FwColumn   column)
{
  switch (column)
    {
    case FW_COLUMN_NAME:
      {
        ColumnData *data = g_object_get_data (G_OBJECT (cell), "fw-column");
        g_autofree char *second = data->folded ? folded_text (job) : NULL;

        fw_text_cell_set_text (FW_TEXT_CELL (cell), fw_job_get_name (job));
        fw_text_cell_set_secondary (FW_TEXT_CELL (cell), second);
      }
      break;

    case FW_COLUMN_KIND:
      fw_text_cell_set_text (FW_TEXT_CELL (cell), fw_job_text_kind (fw_job_get_kind (job)));
      break;

    case FW_COLUMN_SIZE:
      {
        g_autofree char *text = fw_job_columns_size_text (job);

        fw_text_cell_set_text (FW_TEXT_CELL (cell), text != NULL ? text : "—");
      }
      break;

    case FW_COLUMN_STATE:
      {
        /* The cell is the label; a running large file shows a bar in its
         * place, made the first time this cell needs one. No box holds
         * the two: a widget less in each of the couple of hundred rows
         * GTK 4.8 makes. */
        GtkListItem *item = g_object_get_data (G_OBJECT (cell), "fw-list-item");
        GtkWidget *label = cell;
        GtkWidget *bar = g_object_get_data (G_OBJECT (cell), "fw-bar");
        FwJobState state = fw_job_get_state (job);
        gboolean show_bar = state == FW_JOB_RUNNING && fw_job_get_kind (job) != FW_JOB_SIZE &&
                            fw_job_get_size (job) >= PROGRESS_BAR_MIN_SIZE;
        gboolean difference;

        if (bar == NULL && show_bar)
          {
            bar = g_object_ref_sink (gtk_progress_bar_new ());
            gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
            gtk_widget_set_hexpand (bar, TRUE);
            g_object_set_data (G_OBJECT (bar), "fw-list-item", item);
            g_object_set_data_full (G_OBJECT (cell), "fw-bar", bar, g_object_unref);
          }
        if (item != NULL && gtk_list_item_get_child (item) != (show_bar ? bar : label))
          gtk_list_item_set_child (item, show_bar ? bar : label);

        fw_text_cell_set_text (FW_TEXT_CELL (label), fw_job_text_status (job));
        if (show_bar)
          gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar), fw_job_get_progress (job));

        if (state == FW_JOB_FAILED || fw_job_get_verdict (job) == FW_JOB_VERDICT_MISMATCH)
          gtk_widget_add_css_class (label, "error");
        else
          gtk_widget_remove_css_class (label, "error");
        /* Compare Folders' difference, an audit's new or moved file:
         * neither a match nor a failure. */
        difference = (fw_job_get_kind (job) == FW_JOB_COMPARE_ENTRY &&
                      fw_job_get_status (job) == FW_JOB_STATUS_CHANGED) ||
                     fw_job_get_audit (job) == FW_AUDIT_NEW ||
                     fw_job_get_audit (job) == FW_AUDIT_MOVED;
        if (difference)
          gtk_widget_add_css_class (label, "warning");
        else
          gtk_widget_remove_css_class (label, "warning");
        if (state == FW_JOB_DONE && fw_job_get_verdict (job) != FW_JOB_VERDICT_MISMATCH && !difference &&
            fw_job_get_audit (job) == FW_AUDIT_N_VERDICTS)
          gtk_widget_add_css_class (label, "success");
        else
          gtk_widget_remove_css_class (label, "success");
        /* Skipped is no failure: dimmed, as what did not run. */
        if (state == FW_JOB_QUEUED || state == FW_JOB_CANCELLED || state == FW_JOB_SKIPPED)
          gtk_widget_add_css_class (label, "dim-label");
        else
          gtk_widget_remove_css_class (label, "dim-label");

        /* A hash row's verdict against an expected digest (issue 19):
         * the whole verdict for a screen reader (the Result cell says
         * it, with a mark). */
        {
          g_autofree char *verdict = fw_job_text_expected (job);

          if (verdict != NULL)
            gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                            GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, verdict,
                                            -1);
          else if (g_object_get_data (G_OBJECT (label), "fw-described") != NULL)
            gtk_accessible_reset_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
          g_object_set_data (G_OBJECT (label), "fw-described", GINT_TO_POINTER (verdict != NULL));
        }
      }
      break;

    case FW_COLUMN_RESULT:
      {
        g_autofree char *result = fw_job_text_result (job);

        fw_text_cell_set_text (FW_TEXT_CELL (cell), result != NULL ? result : "");
        if (fw_job_get_state (job) == FW_JOB_FAILED || fw_job_get_verdict (job) == FW_JOB_VERDICT_MISMATCH)
          gtk_widget_add_css_class (cell, "error");
        else
          gtk_widget_remove_css_class (cell, "error");
        /* Digests are monospace, and so is the empty cell of a job still
         * to run: most results are digests, and a cell whose font changes
         * is styled and measured again. Words are not. */
        /* A hash row's verdict (issue 19): a mark as well as the colour
         * and the words, in the one column every layout shows. */
        {
          const char *icon = NULL;

          if (fw_job_get_kind (job) == FW_JOB_HASH && fw_job_get_state (job) == FW_JOB_DONE &&
              fw_job_get_expected_digest (job) != NULL && fw_job_get_verdict (job) != FW_JOB_VERDICT_NONE)
            icon = fw_job_get_verdict (job) == FW_JOB_VERDICT_OK ? "object-select-symbolic"
                                                                  : "dialog-error-symbolic";
          fw_text_cell_set_icon_name (FW_TEXT_CELL (cell), icon);
          if (icon != NULL && fw_job_get_verdict (job) == FW_JOB_VERDICT_OK)
            gtk_widget_add_css_class (cell, "success");
          else
            gtk_widget_remove_css_class (cell, "success");
        }
        if ((fw_job_has_digests (job) && fw_job_get_verdict (job) == FW_JOB_VERDICT_NONE) ||
            result == NULL || *result == '\0')
          gtk_widget_add_css_class (cell, "monospace");
        else
          gtk_widget_remove_css_class (cell, "monospace");
      }
      break;

    case FW_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

char *
fw_job_columns_tooltip (FwJob    *job,
                        FwColumn  column)
{
  const char *text;
  char *result;

  switch (column)
    {
    case FW_COLUMN_NAME:
      text = fw_job_get_display_path (job);
      return text != NULL ? g_strdup (text) : g_file_get_uri (fw_job_get_file (job));
    case FW_COLUMN_RESULT:
      result = fw_job_text_result_tooltip (job);
      return result;
    case FW_COLUMN_KIND:
    case FW_COLUMN_SIZE:
    case FW_COLUMN_STATE:
    case FW_N_COLUMNS:
    default:
      return NULL;
    }
}

/* Tooltips are made when asked for: setting one on every bind costs a
 * pointer query (an X11 round trip) per cell. */
static gboolean
query_tooltip_cb (GtkWidget  *cell,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  ColumnData *data)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (cell), "fw-list-item");
  FwJob *job = item != NULL ? gtk_list_item_get_item (item) : NULL;
  g_autofree char *text = NULL;

  if (job == NULL || (text = fw_job_columns_tooltip (job, data->column)) == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
job_notify_cb (FwJob      *job,
               GParamSpec *pspec,
               GtkWidget  *cell)
{
  ColumnData *data = g_object_get_data (G_OBJECT (cell), "fw-column");

  update_cell (cell, job, data->column);
}

/* The Name cell's second line, only while folded. */
static void
name_notify_cb (FwJob      *job,
                GParamSpec *pspec,
                GtkWidget  *cell)
{
  ColumnData *data = g_object_get_data (G_OBJECT (cell), "fw-column");

  if (data->folded)
    update_cell (cell, job, data->column);
}

static void
view_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 ColumnData      *data)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *widget = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);
  GtkListItem *item = NULL;
  double cx, cy;

  for (; widget != NULL && widget != view; widget = gtk_widget_get_parent (widget))
    if ((item = g_object_get_data (G_OBJECT (widget), "fw-list-item")) != NULL)
      break;
  if (item == NULL || gtk_list_item_get_item (item) == NULL)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (!gtk_widget_translate_coordinates (view, widget, x, y, &cx, &cy))
    cx = cy = 0;
  data->menu_func (widget, gtk_list_item_get_position (item), cx, cy, data->menu_data);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          ColumnData               *data)
{
  GtkWidget *cell = fw_text_cell_new ();

  if (data->column == FW_COLUMN_STATE)
    gtk_widget_set_hexpand (cell, TRUE);
  else
    {
      fw_text_cell_set_xalign (FW_TEXT_CELL (cell), data->column == FW_COLUMN_SIZE ? 1 : 0);
      if (data->column == FW_COLUMN_NAME)
        fw_text_cell_set_ellipsize (FW_TEXT_CELL (cell), PANGO_ELLIPSIZE_MIDDLE);
      if (data->column == FW_COLUMN_SIZE)
        fw_text_cell_set_numeric (FW_TEXT_CELL (cell), TRUE);
    }
  gtk_widget_add_css_class (cell, "fw-cell");
  g_object_set_data (G_OBJECT (cell), "fw-column", data);
  /* Two lines tall from the start, as its bound neighbours. */
  if (data->column == FW_COLUMN_NAME && data->folded)
    fw_text_cell_set_secondary (FW_TEXT_CELL (cell), "");

  /* One gesture on the whole view finds the row through this (see
   * fw_job_columns_add()): no controller per cell. */
  g_object_set_data (G_OBJECT (cell), "fw-list-item", item);

  if (data->column == FW_COLUMN_NAME || data->column == FW_COLUMN_RESULT)
    {
      gtk_widget_set_has_tooltip (cell, TRUE);
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (query_tooltip_cb), data);
    }

  /* The item keeps its cell, also while a bar stands in its place. */
  g_object_set_data_full (G_OBJECT (item), "fw-cell", g_object_ref_sink (cell), g_object_unref);
  gtk_list_item_set_child (item, cell);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         ColumnData               *data)
{
  GtkWidget *cell = g_object_get_data (G_OBJECT (item), "fw-cell");
  FwJob *job = gtk_list_item_get_item (item);

  update_cell (cell, job, data->column);
  switch (data->column)
    {
    case FW_COLUMN_NAME:
      g_signal_connect (job, "notify::name", G_CALLBACK (job_notify_cb), cell);
      /* What the folded layout's second line says (folded_text()). */
      g_signal_connect (job, "notify::size", G_CALLBACK (name_notify_cb), cell);
      g_signal_connect (job, "notify::state", G_CALLBACK (name_notify_cb), cell);
      g_signal_connect (job, "notify::progress", G_CALLBACK (name_notify_cb), cell);
      g_signal_connect (job, "notify::verdict", G_CALLBACK (name_notify_cb), cell);
      break;
    case FW_COLUMN_KIND:
      break;
    case FW_COLUMN_SIZE:
      g_signal_connect (job, "notify::size", G_CALLBACK (job_notify_cb), cell);
      g_signal_connect (job, "notify::state", G_CALLBACK (job_notify_cb), cell);
      g_signal_connect (job, "notify::verdict", G_CALLBACK (job_notify_cb), cell);
      break;
    case FW_COLUMN_STATE:
      g_signal_connect (job, "notify::state", G_CALLBACK (job_notify_cb), cell);
      g_signal_connect (job, "notify::progress", G_CALLBACK (job_notify_cb), cell);
      g_signal_connect (job, "notify::verdict", G_CALLBACK (job_notify_cb), cell);
      break;
    case FW_COLUMN_RESULT:
      /* The outcome is data the job keeps; it is in when the state
       * changes (fw_job_apply_outcome() notifies the state last). */
      g_signal_connect (job, "notify::state", G_CALLBACK (job_notify_cb), cell);
      g_signal_connect (job, "notify::verdict", G_CALLBACK (job_notify_cb), cell);
      g_signal_connect (job, "notify::error", G_CALLBACK (job_notify_cb), cell);
      break;
    case FW_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           ColumnData               *data)
{
  GtkWidget *cell = g_object_get_data (G_OBJECT (item), "fw-cell");
  FwJob *job = gtk_list_item_get_item (item);

  if (job != NULL)
    g_signal_handlers_disconnect_by_data (job, cell);
}

/* Sort keys ---------------------------------------------------------------- */

#if GTK_CHECK_VERSION (4, 10, 0)
static char *
job_name_key (FwJob *job)
{
  return g_strdup (fw_job_get_name (job));
}
#else
/* GTK 4.8's string sorter knows no file name collation: the Name column
 * sorts by g_utf8_collate_key_for_filename() keys, made once per row (on
 * first sort) and kept on the job with the name they were made from. */
typedef struct {
  const char *name;   /* the job's, to notice a new name */
  char       *key;
} NameKey;

static void
name_key_free (gpointer data)
{
  NameKey *nk = data;

  g_free (nk->key);
  g_free (nk);
}

static const char *
job_name_collate_key (FwJob *job)
{
  static GQuark quark;
  const char *name = fw_job_get_name (job);
  NameKey *nk;

  if (quark == 0)
    quark = g_quark_from_static_string ("fw-name-collate-key");
  nk = g_object_get_qdata (G_OBJECT (job), quark);
  if (nk == NULL || nk->name != name)
    {
      g_autofree char *valid = g_utf8_make_valid (name != NULL ? name : "", -1);

      nk = g_new0 (NameKey, 1);
      nk->name = name;
      nk->key = g_utf8_collate_key_for_filename (valid, -1);
      g_object_set_qdata_full (G_OBJECT (job), quark, nk, name_key_free);
    }
  return nk->key;
}

static int
job_name_compare (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  int cmp = strcmp (job_name_collate_key ((FwJob *) a), job_name_collate_key ((FwJob *) b));

  return cmp < 0 ? GTK_ORDERING_SMALLER : cmp > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}
#endif

static char *
job_kind_key (FwJob *job)
{
  return g_strdup (fw_job_text_kind (fw_job_get_kind (job)));
}

static char *
job_result_key (FwJob *job)
{
  return fw_job_text_result (job);
}

static guint64
job_size_key (FwJob *job)
{
  return fw_job_get_size (job);
}

/* Problems first: mismatch and missing, failed, cancelled, running,
 * queued, done. */
static int
job_state_rank (FwJob *job)
{
  FwJobState state = fw_job_get_state (job);
  FwJobVerdict verdict = fw_job_get_verdict (job);
  FwAuditVerdict audit = fw_job_get_audit (job);

  if (verdict == FW_JOB_VERDICT_MISMATCH || verdict == FW_JOB_VERDICT_MISSING ||
      audit == FW_AUDIT_MOVED || audit == FW_AUDIT_NEW)
    return 0;
  switch (state)
    {
    case FW_JOB_FAILED: return 1;
    case FW_JOB_CANCELLED: return 2;
    case FW_JOB_SKIPPED: return 2;
    case FW_JOB_RUNNING: return 3;
    case FW_JOB_QUEUED: return 4;
    case FW_JOB_DONE: return 5;
    default: return 6;
    }
}

static GtkSorter *
make_sorter (FwColumn column)
{
  GtkExpression *expression;

  switch (column)
    {
    case FW_COLUMN_NAME:
      /* A file manager's order: "IMG_2" before "IMG_10". */
#if GTK_CHECK_VERSION (4, 10, 0)
      {
        GtkStringSorter *sorter;

        expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                  G_CALLBACK (job_name_key), NULL, NULL);
        sorter = gtk_string_sorter_new (expression);
        gtk_string_sorter_set_ignore_case (sorter, FALSE);
        gtk_string_sorter_set_collation (sorter, GTK_COLLATION_FILENAME);
        return GTK_SORTER (sorter);
      }
#else
      return GTK_SORTER (gtk_custom_sorter_new (job_name_compare, NULL, NULL));
#endif
    case FW_COLUMN_KIND:
      expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                G_CALLBACK (job_kind_key), NULL, NULL);
      return GTK_SORTER (gtk_string_sorter_new (expression));
    case FW_COLUMN_RESULT:
      expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                G_CALLBACK (job_result_key), NULL, NULL);
      return GTK_SORTER (gtk_string_sorter_new (expression));
    case FW_COLUMN_SIZE:
      expression = gtk_cclosure_expression_new (G_TYPE_UINT64, NULL, 0, NULL,
                                                G_CALLBACK (job_size_key), NULL, NULL);
      return GTK_SORTER (gtk_numeric_sorter_new (expression));
    case FW_COLUMN_STATE:
      expression = gtk_cclosure_expression_new (G_TYPE_INT, NULL, 0, NULL,
                                                G_CALLBACK (job_state_rank), NULL, NULL);
      return GTK_SORTER (gtk_numeric_sorter_new (expression));
    case FW_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* The columns, in FwColumn order, and the width each takes in each
 * layout (see fw_job_columns_set_layout()): 0 hides it there. */
static const struct {
  FwColumn    column;
  const char *title;
  int         width[FW_N_COLUMNS_LAYOUTS];
  gboolean    expand;
} columns[] = {
  /*                                     wide narrow folded */
  { FW_COLUMN_NAME, N_("Name"),         { 220, 150, 150 }, TRUE },
  { FW_COLUMN_KIND, N_("Kind"),         { 76, 0, 0 }, FALSE },
  { FW_COLUMN_SIZE, N_("Size"),         { 90, 90, 0 }, FALSE },
  { FW_COLUMN_STATE, N_("State"),       { 110, 110, 0 }, FALSE },
  { FW_COLUMN_RESULT, N_("Result"),     { 260, 200, 170 }, TRUE },
};

/* Every Name cell the view has made: bound ones are worded again. */
static void
refold_cells (GtkWidget  *widget,
              ColumnData *name_data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (FW_IS_TEXT_CELL (child) && g_object_get_data (G_OBJECT (child), "fw-column") == name_data)
        {
          GtkListItem *item = g_object_get_data (G_OBJECT (child), "fw-list-item");
          FwJob *job = item != NULL ? gtk_list_item_get_item (item) : NULL;

          if (job != NULL)
            update_cell (child, job, FW_COLUMN_NAME);
          else
            fw_text_cell_set_secondary (FW_TEXT_CELL (child), name_data->folded ? "" : NULL);
        }
      else
        refold_cells (child, name_data);
    }
}

void
fw_job_columns_set_layout (GtkColumnView    *column_view,
                           FwColumnsLayout   layout)
{
  GListModel *list = gtk_column_view_get_columns (column_view);
  g_autoptr(GtkColumnViewColumn) name = g_list_model_get_item (list, FW_COLUMN_NAME);
  ColumnData *name_data = g_object_get_data (G_OBJECT (gtk_column_view_column_get_factory (name)),
                                             "fw-column");

  g_return_if_fail (layout < FW_N_COLUMNS_LAYOUTS);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (list, columns[i].column);
      int width = columns[i].width[layout];

      /* A hidden column's width is 0 too: GTK 4.8 still counts the fixed
       * width of hidden columns when it shares out the spare width. */
      gtk_column_view_column_set_visible (column, width > 0);
      gtk_column_view_column_set_fixed_width (column, width);
    }
  if (name_data->folded != (layout == FW_COLUMNS_FOLDED))
    {
      name_data->folded = layout == FW_COLUMNS_FOLDED;
      refold_cells (GTK_WIDGET (column_view), name_data);
    }
}

FwColumnsLayout
fw_job_columns_get_layout (GtkColumnView *column_view)
{
  GListModel *list = gtk_column_view_get_columns (column_view);
  g_autoptr(GtkColumnViewColumn) kind = g_list_model_get_item (list, FW_COLUMN_KIND);
  g_autoptr(GtkColumnViewColumn) size = g_list_model_get_item (list, FW_COLUMN_SIZE);

  if (gtk_column_view_column_get_visible (kind))
    return FW_COLUMNS_WIDE;
  return gtk_column_view_column_get_visible (size) ? FW_COLUMNS_NARROW : FW_COLUMNS_FOLDED;
}

void
fw_job_columns_set_narrow (GtkColumnView *column_view,
                           gboolean       narrow)
{
  fw_job_columns_set_layout (column_view, narrow ? FW_COLUMNS_NARROW : FW_COLUMNS_WIDE);
}

void
fw_job_columns_add (GtkColumnView *column_view,
                    FwRowMenuFunc  menu_func,
                    gpointer       menu_data)
{

  if (menu_func != NULL)
    {
      GtkGesture *click = gtk_gesture_click_new ();
      ColumnData *data = g_new0 (ColumnData, 1);

      data->menu_func = menu_func;
      data->menu_data = menu_data;
      g_object_set_data_full (G_OBJECT (click), "fw-column", data, g_free);
      gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
      g_signal_connect (click, "pressed", G_CALLBACK (view_pressed_cb), data);
      gtk_widget_add_controller (GTK_WIDGET (column_view), GTK_EVENT_CONTROLLER (click));
    }

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      ColumnData *data = g_new0 (ColumnData, 1);
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = make_sorter (columns[i].column);

      data->column = columns[i].column;
      data->menu_func = menu_func;
      data->menu_data = menu_data;
      g_object_set_data_full (G_OBJECT (factory), "fw-column", data, g_free);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), data);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), data);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), data);

      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_fixed_width (column, columns[i].width[FW_COLUMNS_WIDE]);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_append_column (column_view, column);
    }
}
