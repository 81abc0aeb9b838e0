/* fw-details-pane.c — one row of the job list in full: every digest, copyable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's side pane (an AdwFlap's flap, fw-window-details.c). It is
 * made again from the job's data when the job's state, verdict, error,
 * size or name change; while the job runs, only its state line follows
 * its progress. The words are fw-job-text.c's where it has them. Main
 * thread.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fw-application.h"
#include "fw-details-pane.h"
#include "fw-job-columns.h"
#include "fw-job-text.h"

/* A digest wraps in groups of this many digits (a SHA-256 on two lines). */
#define DIGEST_LINE_CHARS 32

struct _FwDetailsPane
{
  GtkBox      parent_instance;

  GtkStack   *stack;
  GtkLabel   *name_label;
  GtkLabel   *folder_label;
  GtkListBox *facts_list;
  GtkListBox *digests_list;

  FwJob      *job;
  GtkLabel   *state_value;   /* in facts_list, updated in place */
};

G_DEFINE_FINAL_TYPE (FwDetailsPane, fw_details_pane, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CLOSE,
  COPIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Rows --------------------------------------------------------------------- */

static void
copy_clicked_cb (GtkButton     *button,
                 FwDetailsPane *self)
{
  const char *value = g_object_get_data (G_OBJECT (button), "fw-value");
  const char *message = g_object_get_data (G_OBJECT (button), "fw-message");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), value);
  g_signal_emit (self, signals[COPIED], 0, message);
}

static GtkLabel *
value_label_new (const char *value)
{
  GtkWidget *label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  return GTK_LABEL (label);
}

static GtkWidget *
row_new (const char *key,
         GtkWidget  *child,
         GtkLabel   *value)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_set_margin_start (child, 12);
  gtk_widget_set_margin_end (child, 12);
  gtk_widget_set_margin_top (child, 8);
  gtk_widget_set_margin_bottom (child, 8);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  g_object_set_data_full (G_OBJECT (row), "fw-key", g_strdup (key), g_free);
  g_object_set_data (G_OBJECT (row), "fw-value", value);
  return row;
}

/* A fact on one line: its title at the start, its value at the end. */
static GtkLabel *
add_fact (FwDetailsPane *self,
          const char    *key,
          const char    *title,
          const char    *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title_label = gtk_label_new (title);
  GtkLabel *value_label = value_label_new (value);

  gtk_widget_add_css_class (box, "fw-details-row");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_set_valign (title_label, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_label_set_xalign (value_label, 1);
  gtk_label_set_justify (value_label, GTK_JUSTIFY_RIGHT);
  gtk_widget_set_hexpand (GTK_WIDGET (value_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (value_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (value_label));
  gtk_list_box_append (self->facts_list, row_new (key, box, value_label));
  return value_label;
}

/* A digest's line ------------------------------------------------------- */

/* The width of DIGEST_LINE_CHARS digits in @label's font (its own: the
 * "monospace" style class's, whatever the stylesheet makes it), with half
 * a digit to spare for rounding and none for another digit. */
static int
digest_line_width (GtkLabel *label)
{
  g_autoptr(PangoLayout) layout = pango_layout_copy (gtk_label_get_layout (label));
  char digits[DIGEST_LINE_CHARS + 1];
  PangoRectangle logical;

  memset (digits, '0', DIGEST_LINE_CHARS);
  digits[DIGEST_LINE_CHARS] = '\0';
  pango_layout_set_attributes (layout, NULL);
  pango_layout_set_width (layout, -1);
  pango_layout_set_text (layout, digits, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  return PANGO_PIXELS_CEIL (logical.width + logical.width / DIGEST_LINE_CHARS / 2);
}

/* The digest's label in an AdwBin with this layout: the label gets the
 * width of DIGEST_LINE_CHARS digits, so that it wraps after every
 * DIGEST_LINE_CHARS of them. (Aligned by itself, a wrapping
 * label takes the narrowest width that keeps the height it has at the
 * whole row's width: a 33rd digit on a line. Measured here, when the
 * label's style is known, not when it is made.) */
static GtkSizeRequestMode
digest_line_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
digest_line_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  GtkWidget *label = adw_bin_get_child (ADW_BIN (widget));
  int line = digest_line_width (GTK_LABEL (label));

  /* At least that wide: the pane grows for a wider monospace font (as
   * libadwaita 1.7's own) rather than wrap a digit early. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (label, orientation, -1, minimum, NULL, NULL, NULL);
      *minimum = *natural = MAX (*minimum, line);
    }
  else
    gtk_widget_measure (label, orientation, for_size >= 0 ? MIN (for_size, line) : line,
                        minimum, natural, minimum_baseline, natural_baseline);
}

static void
digest_line_allocate (GtkWidget *widget,
                      int        width,
                      int        height,
                      int        baseline)
{
  GtkWidget *label = adw_bin_get_child (ADW_BIN (widget));
  int line = MIN (width, digest_line_width (GTK_LABEL (label)));
  int x = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? width - line : 0;

  gtk_widget_size_allocate (label, &(GtkAllocation) { x, 0, line, height }, -1);
}

/* A long value under its title: a digest (monospace, wrapped in groups of
 * DIGEST_LINE_CHARS digits, with a copy button) or an error. */
static void
add_long (FwDetailsPane *self,
          const char    *key,
          const char    *title,
          const char    *value,
          const char    *copied_message)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title_label = gtk_label_new (title);
  GtkLabel *value_label = value_label_new (value);
  PangoAttrList *attrs;

  gtk_widget_add_css_class (box, "fw-details-row");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_set_hexpand (title_label, TRUE);
  gtk_widget_add_css_class (title_label, "heading");
  gtk_box_append (GTK_BOX (top), title_label);
  if (copied_message != NULL)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      g_autofree char *tooltip = g_strdup_printf (_("Copy %s"), title);

      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "fw-value", g_strdup (value), g_free);
      g_object_set_data_full (G_OBJECT (button), "fw-message", g_strdup (copied_message), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (copy_clicked_cb), self);
      gtk_box_append (GTK_BOX (top), button);
      /* Digits only: wrapped after every DIGEST_LINE_CHARS of them where
       * the pane has room (digest_line_allocate()). */
      gtk_label_set_wrap_mode (value_label, PANGO_WRAP_CHAR);
      /* No hyphen at a break (Pango's default inside a word): it is not
       * in the digest, and its room pushes a digit to the next line. */
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
      gtk_label_set_attributes (value_label, attrs);
      pango_attr_list_unref (attrs);
      gtk_widget_add_css_class (GTK_WIDGET (value_label), "monospace");
      g_object_set_data (G_OBJECT (box), "fw-copy", button);
    }
  gtk_box_append (GTK_BOX (box), top);
  if (copied_message != NULL)
    {
      GtkWidget *line = adw_bin_new ();

      gtk_widget_set_layout_manager (line, gtk_custom_layout_new (digest_line_request_mode,
                                                                  digest_line_measure,
                                                                  digest_line_allocate));
      adw_bin_set_child (ADW_BIN (line), GTK_WIDGET (value_label));
      gtk_box_append (GTK_BOX (box), line);
    }
  else
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (value_label));
  gtk_list_box_append (self->digests_list, row_new (key, box, value_label));
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* Filling ------------------------------------------------------------------ */

static char *
state_text (FwJob *job)
{
  if (fw_job_get_state (job) == FW_JOB_RUNNING && fw_job_get_kind (job) != FW_JOB_SIZE)
    /* TRANSLATORS: a running row's state and how far it is, e.g. "Running 47%" */
    return g_strdup_printf (_("%s %d%%"), fw_job_text_status (job),
                            (int) floor (fw_job_get_progress (job) * 100));
  return g_strdup (fw_job_text_status (job));
}

static char *
folder_text (FwJob *job)
{
  const char *path = fw_job_get_display_path (job);
  g_autoptr(GFile) parent = NULL;

  if (path == NULL)
    path = fw_job_get_path (job);
  if (path != NULL)
    return g_path_get_dirname (path);
  parent = g_file_get_parent (fw_job_get_file (job));
  return parent != NULL ? g_file_get_parse_name (parent) : NULL;
}

static void
add_digests (FwDetailsPane *self,
             FwJob         *job)
{
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    {
      const char *hex = fw_job_get_digest (job, (FwAlgorithm) a);
      const char *name = fw_algorithm_get_name ((FwAlgorithm) a);
      const char *title = fw_algorithm_get_display_name ((FwAlgorithm) a);
      g_autofree char *message = NULL;

      if (hex == NULL)
        continue;
      /* TRANSLATORS: a toast; %s is an algorithm, e.g. "SHA-256 digest copied" */
      message = g_strdup_printf (_("%s digest copied"), title);
      add_long (self, name, title, hex, message);
    }
}

static void
add_verify (FwDetailsPane *self,
            FwJob         *job)
{
  FwAlgorithmSet algorithms = fw_job_get_algorithms (job);
  const char *expected = fw_job_get_expected (job);
  const char *actual = fw_job_get_actual (job);

  if (algorithms != 0)
    add_fact (self, "algorithm", _("Algorithm"),
              fw_algorithm_get_display_name (fw_algorithm_set_first (algorithms)));
  if (expected == NULL)
    return;
  if (actual == NULL && fw_job_get_verdict (job) == FW_JOB_VERDICT_OK)
    actual = expected;
  add_long (self, "expected", _("Expected Digest"), expected, _("Expected digest copied"));
  if (actual != NULL)
    add_long (self, "actual", _("Actual Digest"), actual, _("Actual digest copied"));
}

static void
add_size (FwDetailsPane *self,
          FwJob         *job)
{
  guint64 n_files = fw_job_get_n_files (job);
  guint64 n_dirs = fw_job_get_n_dirs (job);
  g_autofree char *files = g_strdup_printf ("%" G_GUINT64_FORMAT, n_files);
  g_autofree char *dirs = g_strdup_printf ("%" G_GUINT64_FORMAT, n_dirs);
  g_autofree char *apparent = g_format_size_full (fw_job_get_apparent_size (job),
                                                  G_FORMAT_SIZE_LONG_FORMAT);

  add_fact (self, "apparent-size", _("Apparent Size"), apparent);
  add_fact (self, "files", _("Files"), files);
  add_fact (self, "folders", _("Folders"), dirs);
}

static void
fill (FwDetailsPane *self)
{
  FwJob *job = self->job;
  g_autofree char *folder = NULL;
  g_autofree char *state = NULL;
  g_autofree char *size = NULL;

  clear_list (self->facts_list);
  clear_list (self->digests_list);
  self->state_value = NULL;
  if (job == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "job");

  folder = folder_text (job);
  gtk_label_set_text (self->name_label, fw_job_get_name (job));
  gtk_label_set_text (self->folder_label, folder != NULL ? folder : "");
  gtk_widget_set_visible (GTK_WIDGET (self->folder_label), folder != NULL);

  state = state_text (job);
  self->state_value = add_fact (self, "state", _("State"), state);
  /* Coloured as in the list's State column, the word beside the colour. */
  if (fw_job_get_state (job) == FW_JOB_FAILED || fw_job_get_verdict (job) == FW_JOB_VERDICT_MISMATCH)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_value), "error");
  else if (fw_job_get_state (job) == FW_JOB_DONE)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_value), "success");
  if (gtk_widget_has_css_class (GTK_WIDGET (self->state_value), "error") ||
      gtk_widget_has_css_class (GTK_WIDGET (self->state_value), "success"))
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_value), "dim-label");
  if ((size = fw_job_columns_size_text (job)) != NULL)
    {
      g_autofree char *full = g_format_size_full (fw_job_get_size (job), G_FORMAT_SIZE_LONG_FORMAT);

      add_fact (self, "size", fw_job_get_kind (job) == FW_JOB_SIZE ? _("Disk Usage") : _("Size"), full);
    }

  if (fw_job_get_state (job) == FW_JOB_FAILED)
    {
      g_autofree char *error = fw_job_text_result (job);

      if (error != NULL)
        add_long (self, "error", _("Error"), error, NULL);
    }
  switch (fw_job_get_kind (job))
    {
    case FW_JOB_HASH:
      add_digests (self, job);
      break;
    case FW_JOB_SIZE:
      if (fw_job_get_state (job) == FW_JOB_DONE)
        add_size (self, job);
      break;
    case FW_JOB_VERIFY:
      add_verify (self, job);
      break;
    case FW_JOB_COMPARE:
      if (fw_job_get_other_file (job) != NULL)
        {
          g_autofree char *other = g_file_get_parse_name (fw_job_get_other_file (job));

          add_fact (self, "other", _("Compared With"), other);
        }
      if (fw_job_get_state (job) == FW_JOB_DONE)
        {
          g_autofree char *verdict = fw_job_text_result (job);

          if (verdict != NULL)
            add_fact (self, "verdict", _("Verdict"), verdict);
        }
      break;
    case FW_JOB_COMPARE_ENTRY:
      if (fw_job_get_other_file (job) != NULL)
        {
          g_autofree char *other = g_file_get_parse_name (fw_job_get_other_file (job));

          add_fact (self, "other", _("Compared With"), other);
        }
      if (fw_job_get_state (job) == FW_JOB_DONE)
        {
          g_autofree char *sizes = fw_job_text_result (job);

          add_fact (self, "verdict", _("Verdict"), fw_job_text_status (job));
          if (sizes != NULL)
            add_fact (self, "sides", _("Sizes"), sizes);
        }
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_widget_set_visible (GTK_WIDGET (self->digests_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->digests_list)) != NULL);
}

static void
job_notify_cb (FwJob         *job,
               GParamSpec    *pspec,
               FwDetailsPane *self)
{
  if (g_str_equal (pspec->name, "progress"))
    {
      g_autofree char *state = state_text (job);

      if (self->state_value != NULL)
        gtk_label_set_text (self->state_value, state);
      return;
    }
  fill (self);
}

/* API ---------------------------------------------------------------------- */

GtkWidget *
fw_details_pane_new (void)
{
  return g_object_new (FW_TYPE_DETAILS_PANE, NULL);
}

void
fw_details_pane_set_job (FwDetailsPane *self,
                         FwJob         *job)
{
  static const char * const followed[] = { "name", "size", "state", "progress", "verdict", "error" };

  g_return_if_fail (FW_IS_DETAILS_PANE (self));
  g_return_if_fail (job == NULL || FW_IS_JOB (job));

  if (self->job == job)
    return;
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, job);
  if (job != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (followed); i++)
      {
        g_autofree char *signal = g_strconcat ("notify::", followed[i], NULL);

        g_signal_connect (job, signal, G_CALLBACK (job_notify_cb), self);
      }
  fill (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

FwJob *
fw_details_pane_get_job (FwDetailsPane *self)
{
  g_return_val_if_fail (FW_IS_DETAILS_PANE (self), NULL);
  return self->job;
}

static GtkWidget *
find_row (FwDetailsPane *self,
          const char    *key)
{
  GtkListBox *lists[] = { self->facts_list, self->digests_list };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (lists[i])); row != NULL;
         row = gtk_widget_get_next_sibling (row))
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "fw-key"), key) == 0)
        return row;
  return NULL;
}

const char *
fw_details_pane_get_value (FwDetailsPane *self,
                           const char    *key)
{
  GtkWidget *row;

  g_return_val_if_fail (FW_IS_DETAILS_PANE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (self->job == NULL)
    return NULL;
  if (g_str_equal (key, "folder"))
    return gtk_widget_get_visible (GTK_WIDGET (self->folder_label))
           ? gtk_label_get_text (self->folder_label) : NULL;
  if ((row = find_row (self, key)) == NULL)
    return NULL;
  return gtk_label_get_text (g_object_get_data (G_OBJECT (row), "fw-value"));
}

GtkWidget *
fw_details_pane_get_copy_button (FwDetailsPane *self,
                                 const char    *key)
{
  GtkWidget *row;

  g_return_val_if_fail (FW_IS_DETAILS_PANE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if ((row = find_row (self, key)) == NULL)
    return NULL;
  return g_object_get_data (G_OBJECT (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))), "fw-copy");
}

/* GObject ------------------------------------------------------------------ */

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSE], 0);
}

static void
fw_details_pane_dispose (GObject *object)
{
  FwDetailsPane *self = FW_DETAILS_PANE (object);

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  self->state_value = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), FW_TYPE_DETAILS_PANE);
  G_OBJECT_CLASS (fw_details_pane_parent_class)->dispose (object);
}

static void
fw_details_pane_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FwDetailsPane *self = FW_DETAILS_PANE (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_details_pane_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FwDetailsPane *self = FW_DETAILS_PANE (object);

  switch (prop_id)
    {
    case PROP_JOB:
      fw_details_pane_set_job (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_details_pane_class_init (FwDetailsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_details_pane_dispose;
  object_class->get_property = fw_details_pane_get_property;
  object_class->set_property = fw_details_pane_set_property;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, FW_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[COPIED] = g_signal_new ("copied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  fw_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fileworks/Fileworks/fw-details-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, FwDetailsPane, stack);
  gtk_widget_class_bind_template_child (widget_class, FwDetailsPane, name_label);
  gtk_widget_class_bind_template_child (widget_class, FwDetailsPane, folder_label);
  gtk_widget_class_bind_template_child (widget_class, FwDetailsPane, facts_list);
  gtk_widget_class_bind_template_child (widget_class, FwDetailsPane, digests_list);
  gtk_widget_class_install_action (widget_class, "details.close", NULL, close_action);
}

static void
fw_details_pane_init (FwDetailsPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fill (self);
}
