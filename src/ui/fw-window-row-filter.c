/* fw-window-row-filter.c — which rows the list shows: a "Show" drop-down
 * and its filter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The audit's bar (fw-window-audit.c) and Compare Folders' bar
 * (fw-window-compare-folders.c) each offer "Show: All / …", a choice of
 * rows by their state, from a table of choices of their own. Both filter
 * the same model: the window's GtkFilterListModel between the sort model
 * and the selection. One filter at a time: choosing in one bar sets the
 * other back to All; All takes the filter away (the rows pass through as
 * they are, no function called per row). Rows added while a filter is on
 * go through it as they come (GtkFilterListModel does that). What is
 * exported stays every row (the Export menu says "CSV of All Rows").
 * Main thread.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-window-private.h"

#define CHOICES_KEY "fw-row-filter-choices"
#define FILTER_KEY "fw-row-filter"

static const FwRowFilterChoice *
selected_choice (GtkDropDown *drop_down)
{
  const FwRowFilterChoice *choices = g_object_get_data (G_OBJECT (drop_down), CHOICES_KEY);
  guint selected = gtk_drop_down_get_selected (drop_down);

  for (guint i = 0; choices[i].label != NULL; i++)
    if (i == selected)
      return &choices[i];
  return &choices[0];
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  const FwRowFilterChoice *choice = selected_choice (GTK_DROP_DOWN (user_data));

  return choice->match == NULL || choice->match (FW_JOB (item));
}

static void
selected_cb (GtkDropDown *drop_down,
             GParamSpec  *pspec,
             FwWindow    *self)
{
  GtkFilter *filter = g_object_get_data (G_OBJECT (drop_down), FILTER_KEY);
  GtkDropDown *others[] = { self->audit_filter, self->compare_filter };

  if (self->filter_model == NULL)
    return;
  if (selected_choice (drop_down)->match == NULL)
    {
      /* All: only this bar's own filter goes. */
      if (gtk_filter_list_model_get_filter (self->filter_model) == filter)
        gtk_filter_list_model_set_filter (self->filter_model, NULL);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    if (others[i] != NULL && others[i] != drop_down && gtk_drop_down_get_selected (others[i]) != 0)
      gtk_drop_down_set_selected (others[i], 0);
  if (gtk_filter_list_model_get_filter (self->filter_model) != filter)
    gtk_filter_list_model_set_filter (self->filter_model, filter);
  else
    gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
}

/* The bar goes with the window: its filter leaves the model first (the
 * model outlives the bar's widgets, and the filter reads the drop-down). */
static void
destroy_cb (GtkDropDown *drop_down,
            FwWindow    *self)
{
  GtkFilter *filter = g_object_get_data (G_OBJECT (drop_down), FILTER_KEY);

  if (self->filter_model != NULL && gtk_filter_list_model_get_filter (self->filter_model) == filter)
    gtk_filter_list_model_set_filter (self->filter_model, NULL);
}

GtkDropDown *
fw_window_row_filter_new (FwWindow                *self,
                          const FwRowFilterChoice *choices,
                          GtkBox                  *box)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  GtkWidget *show = gtk_label_new (_("Show"));
  GtkDropDown *drop_down;
  GtkFilter *filter;

  g_return_val_if_fail (choices[0].match == NULL, NULL);

  for (guint i = 0; choices[i].label != NULL; i++)
    gtk_string_list_append (strings, _(choices[i].label));
  drop_down = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&strings)), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (drop_down), _("Which rows to show"));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (drop_down),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, show, NULL, -1);
  filter = GTK_FILTER (gtk_custom_filter_new (filter_func, drop_down, NULL));
  g_object_set_data (G_OBJECT (drop_down), CHOICES_KEY, (gpointer) choices);
  g_object_set_data_full (G_OBJECT (drop_down), FILTER_KEY, filter, g_object_unref);
  g_signal_connect (drop_down, "notify::selected", G_CALLBACK (selected_cb), self);
  g_signal_connect (drop_down, "destroy", G_CALLBACK (destroy_cb), self);
  gtk_box_append (box, show);
  gtk_box_append (box, GTK_WIDGET (drop_down));
  return drop_down;
}

void
fw_window_row_filter_set_visible (GtkDropDown *drop_down,
                                  gboolean     visible)
{
  gtk_widget_set_visible (GTK_WIDGET (drop_down), visible);
  gtk_widget_set_visible (gtk_widget_get_prev_sibling (GTK_WIDGET (drop_down)), visible);
}
