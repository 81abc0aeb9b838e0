/* fw-window-mode-menu.c — choosing the job: the header's job button and
 * popover, and the empty page's choices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One table (job_choices below) lists the jobs in plain words: what
 * dropped or chosen items become (the "mode" setting, a FwBatchMode).
 * Both places a job is chosen are built from it:
 *
 *  - the empty page (an AdwStatusPage) offers one row per job: a radio
 *    button (the job dropped items become) and a button that picks the
 *    job and opens its chooser (files, or a folder);
 *  - the header's job button names the current job; its popover (a
 *    GtkPopover of check buttons, not a menu: it stays open while the
 *    person ticks) switches the job and, for the hash job only, ticks
 *    the common algorithms (fw_preferences_get_common_algorithms(), the
 *    engine's among them, and any other ticked); the full list is in
 *    Preferences.
 *
 * The actions live in their own "mode" group (fw_window_get_mode_actions()
 * for tests): "mode" (the setting, through g_settings_create_action),
 * "choose" (a job's id: picks it and opens its chooser) and one stateful
 * action per algorithm, disabled unless the job hashes. The window's
 * settings handler calls fw_window_sync_algorithm_actions() and
 * fw_window_update_mode_button() when the settings change. A checksum
 * file among the items is verified whatever the job (fw_window_add_files()
 * in fw-window.c). Main thread.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-preferences.h"
#include "fw-window-private.h"

/* A job the person can choose. A new job (compare, duplicates, check
 * against a list) is a row here, a value of the "mode" setting's choices,
 * and a FwBatchMode. */
typedef struct {
  const char  *id;            /* the "mode" setting's value */
  FwBatchMode  mode;
  const char  *title;         /* header capitalization */
  const char  *description;   /* what happens to what is dropped or added */
  const char  *choose_label;  /* the empty page's button */
  gboolean     folder;        /* that button picks a folder */
  gboolean     hashes;        /* the algorithms apply */
} FwJobChoice;

static const FwJobChoice job_choices[] = {
  { "hash", FW_BATCH_MODE_HASH, N_("Hash Files"),
    N_("A checksum of each file, also inside folders"),
    N_("Add Files…"), FALSE, TRUE },
  { "size", FW_BATCH_MODE_SIZE, N_("Folder Sizes"),
    N_("The disk space each folder or file takes up"),
    N_("Add Folder…"), TRUE, FALSE },
  { "compare", FW_BATCH_MODE_COMPARE, N_("Compare Files"),
    N_("Whether two files are identical"),
    N_("Add Files…"), FALSE, FALSE },
  { "compare-folders", FW_BATCH_MODE_COMPARE_FOLDERS, N_("Compare Folders"),
    N_("What differs between two folders, file by file"),
    N_("Add Folder…"), TRUE, FALSE },
  { "dupes", FW_BATCH_MODE_DUPES, N_("Find Duplicates"),
    N_("Files with the same content, to free space safely"),
    N_("Add Folder…"), TRUE, FALSE },
};

static const FwJobChoice *
job_choice_for_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (job_choices); i++)
    if (g_strcmp0 (job_choices[i].id, id) == 0)
      return &job_choices[i];
  return &job_choices[0];
}

static const FwJobChoice *
current_job (FwWindow *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "mode");

  return job_choice_for_id (id);
}

FwBatchMode
fw_window_get_mode (FwWindow *self)
{
  return current_job (self)->mode;
}

void
fw_window_show_mode (FwWindow    *self,
                     FwBatchMode  mode)
{
  const FwJobChoice *job = &job_choices[0];

  if ((mode == FW_BATCH_MODE_DUPES) == (fw_window_get_mode (self) == FW_BATCH_MODE_DUPES))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (job_choices); i++)
    if (job_choices[i].mode == mode)
      job = &job_choices[i];
  g_settings_set_string (self->settings, "mode", job->id);
}

static gboolean
is_common (FwAlgorithm algorithm)
{
  return g_strv_contains (fw_preferences_get_common_algorithms (), fw_algorithm_get_name (algorithm));
}

/* The job's name in the header: the longest that always fits 360 px
 * beside the other buttons (the title gone: fw_window_update_layout()).
 * The English names are shorter; a longer name in another language may
 * end with an ellipsis in a narrow window. */
#define MODE_LABEL_MAX_WIDTH 140

/* The button's own label (not its popover's), or NULL. */
static GtkLabel *
find_label (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *label;

      if (GTK_IS_POPOVER (c))
        continue;
      if (GTK_IS_LABEL (c))
        return GTK_LABEL (c);
      if ((label = find_label (c)) != NULL)
        return label;
    }
  return NULL;
}

/* The name may shorten, but never below its whole width or
 * MODE_LABEL_MAX_WIDTH. (GtkMenuButton:can-shrink, GTK 4.12, would let
 * it shrink to "…" even with room to spare: the header bar gives its
 * end no more than half its width, or that end's minimum.) */
static void
limit_label (FwWindow *self)
{
  GtkLabel *label = find_label (GTK_WIDGET (self->mode_button));
  int natural = 0;

  if (label == NULL)
    return;
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_NONE);
  gtk_widget_set_size_request (GTK_WIDGET (label), -1, -1);
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  gtk_widget_set_size_request (GTK_WIDGET (label), MIN (natural, MODE_LABEL_MAX_WIDTH), -1);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
}

void
fw_window_update_mode_button (FwWindow *self)
{
  const FwJobChoice *job = current_job (self);
  FwAlgorithmSet set = fw_batch_get_algorithms (self->batch);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;
  g_autofree char *all = NULL;
  g_autofree char *tooltip = NULL;

  gtk_menu_button_set_label (self->mode_button, _(job->title));
  limit_label (self);
  /* Algorithms only for a job that hashes: neither shown nor acted on
   * elsewhere, so ticking one never switches the job. */
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->mode_actions),
                                                                              fw_algorithm_get_name (a))),
                                 job->hashes);
  gtk_widget_set_visible (self->algorithms_box, job->hashes);
  if (!job->hashes)
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->mode_button), _(job->title));
      return;
    }
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    if (set & FW_ALGORITHM_BIT (a))
      g_strv_builder_add (builder, fw_algorithm_get_display_name (a));
  labels = g_strv_builder_end (builder);
  all = g_strjoinv (", ", labels);
  /* TRANSLATORS: the job button's tooltip: "Hash Files: SHA256, MD5" */
  tooltip = g_strdup_printf (_("%s: %s"), _(job->title), all);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mode_button), tooltip);
}

static void
algorithm_change_state_cb (GSimpleAction *action,
                           GVariant      *state,
                           FwWindow      *self)
{
  FwAlgorithm algorithm = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (action), "fw-algorithm"));
  FwAlgorithmSet set = fw_batch_get_algorithms (self->batch);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  /* Not for a job that does not hash (a disabled GSimpleAction still
   * takes a change of state). */
  if (!current_job (self)->hashes)
    return;
  if (g_variant_get_boolean (state))
    set |= FW_ALGORITHM_BIT (algorithm);
  else
    set &= ~FW_ALGORITHM_BIT (algorithm);
  if (set == 0)
    {
      /* At least one: the check button the person cleared goes back. */
      fw_window_sync_algorithm_actions (self);
      return;
    }
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    if (set & FW_ALGORITHM_BIT (a))
      g_strv_builder_add (builder, fw_algorithm_get_name (a));
  names = g_strv_builder_end (builder);
  /* The "changed" handler sets the actions' states. The job stays what
   * it is: the actions are only enabled while it hashes. */
  g_settings_set_strv (self->settings, "algorithms", (const char * const *) names);
}

void
fw_window_sync_algorithm_actions (FwWindow *self)
{
  FwAlgorithmSet set = fw_batch_get_algorithms (self->batch);

  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->mode_actions),
                                                    fw_algorithm_get_name (a));

      g_simple_action_set_state (G_SIMPLE_ACTION (action),
                                 g_variant_new_boolean ((set & FW_ALGORITHM_BIT (a)) != 0));
    }
}

/* "mode.choose": the job named, then its chooser. */
static void
choose_activate_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    FwWindow      *self)
{
  const FwJobChoice *job = job_choice_for_id (g_variant_get_string (parameter, NULL));

  g_settings_set_string (self->settings, "mode", job->id);
  fw_window_choose_items (self, job->folder);
}

/* The popover -------------------------------------------------------------- */

static GtkWidget *
heading_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 3);
  return label;
}

static GtkWidget *
check_new (const char *label,
           const char *action_name,
           GVariant   *target)
{
  GtkWidget *check = label != NULL ? gtk_check_button_new_with_label (label) : gtk_check_button_new ();

  gtk_actionable_set_action_name (GTK_ACTIONABLE (check), action_name);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (check), target);
  return check;
}

/* The algorithms' check buttons: the common ones, then any other that
 * is ticked. Made again each time the popover opens, not while it is
 * open: a row cleared there stays under the pointer. */
static void
fill_algorithm_checks (FwWindow *self)
{
  FwAlgorithmSet set = fw_batch_get_algorithms (self->batch);
  const char * const *common = fw_preferences_get_common_algorithms ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->algorithm_checks)) != NULL)
    gtk_box_remove (GTK_BOX (self->algorithm_checks), child);
  for (guint i = 0; common[i] != NULL; i++)
    {
      FwAlgorithm a = fw_algorithm_from_name (common[i]);
      g_autofree char *action = NULL;

      if (a == FW_ALGORITHM_INVALID)
        continue;
      action = g_strdup_printf ("mode.%s", fw_algorithm_get_name (a));
      gtk_box_append (GTK_BOX (self->algorithm_checks),
                      check_new (fw_algorithm_get_display_name (a), action, NULL));
    }
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    if ((set & FW_ALGORITHM_BIT (a)) && !is_common (a))
      {
        g_autofree char *action = g_strdup_printf ("mode.%s", fw_algorithm_get_name (a));

        gtk_box_append (GTK_BOX (self->algorithm_checks),
                        check_new (fw_algorithm_get_display_name (a), action, NULL));
      }
}

static void
popover_show_cb (GtkPopover *popover,
                 FwWindow   *self)
{
  fill_algorithm_checks (self);
}

static void
more_algorithms_cb (GtkButton *button,
                    FwWindow  *self)
{
  gtk_popover_popdown (gtk_menu_button_get_popover (self->mode_button));
  fw_preferences_present (GTK_WINDOW (self));
}

static GtkWidget *
popover_new (FwWindow *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *more;

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  gtk_box_append (GTK_BOX (box), heading_new (_("Job")));
  for (guint i = 0; i < G_N_ELEMENTS (job_choices); i++)
    gtk_box_append (GTK_BOX (box), check_new (_(job_choices[i].title), "mode.mode",
                                              g_variant_new_string (job_choices[i].id)));

  self->algorithms_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_box_append (GTK_BOX (self->algorithms_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (self->algorithms_box), heading_new (_("Algorithms")));
  self->algorithm_checks = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_box_append (GTK_BOX (self->algorithms_box), self->algorithm_checks);
  more = gtk_button_new_with_mnemonic (_("_More Algorithms…"));
  gtk_widget_add_css_class (more, "flat");
  gtk_widget_set_margin_top (more, 3);
  gtk_button_set_has_frame (GTK_BUTTON (more), FALSE);
  g_signal_connect (more, "clicked", G_CALLBACK (more_algorithms_cb), self);
  gtk_box_append (GTK_BOX (self->algorithms_box), more);
  gtk_box_append (GTK_BOX (box), self->algorithms_box);

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect (popover, "show", G_CALLBACK (popover_show_cb), self);
  return popover;
}

/* The empty page's choices ------------------------------------------------- */

static void
fill_job_rows (FwWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (job_choices); i++)
    {
      const FwJobChoice *job = &job_choices[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *radio = check_new (NULL, "mode.mode", g_variant_new_string (job->id));
      GtkWidget *button = gtk_button_new_with_label (_(job->choose_label));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(job->title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(job->description));
      gtk_widget_set_valign (radio, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (radio), GTK_ACCESSIBLE_PROPERTY_LABEL, _(job->title), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), radio);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), radio);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "mode.choose");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (job->id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->job_list, row);
    }
}

void
fw_window_setup_mode_menu (FwWindow *self)
{
  g_autoptr(GAction) mode_action = g_settings_create_action (self->settings, "mode");
  g_autoptr(GSimpleAction) choose = g_simple_action_new ("choose", G_VARIANT_TYPE_STRING);

  self->mode_actions = g_simple_action_group_new ();
  g_action_map_add_action (G_ACTION_MAP (self->mode_actions), mode_action);
  g_signal_connect (choose, "activate", G_CALLBACK (choose_activate_cb), self);
  g_action_map_add_action (G_ACTION_MAP (self->mode_actions), G_ACTION (choose));

  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    {
      g_autoptr(GSimpleAction) action =
        g_simple_action_new_stateful (fw_algorithm_get_name (a), NULL, g_variant_new_boolean (FALSE));

      g_object_set_data (G_OBJECT (action), "fw-algorithm", GINT_TO_POINTER (a));
      g_signal_connect (action, "change-state", G_CALLBACK (algorithm_change_state_cb), self);
      g_action_map_add_action (G_ACTION_MAP (self->mode_actions), G_ACTION (action));
    }

  gtk_widget_insert_action_group (GTK_WIDGET (self), "mode", G_ACTION_GROUP (self->mode_actions));
  gtk_menu_button_set_popover (self->mode_button, popover_new (self));
  fill_job_rows (self);
}

GActionGroup *
fw_window_get_mode_actions (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return G_ACTION_GROUP (self->mode_actions);
}
