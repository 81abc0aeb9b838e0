/* fw-window-mode-menu.c — the header's mode menu: what dropped items
 * become
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The menu button beside the main menu: Hash Files or Size Files and
 * Folders (the "mode" setting, through g_settings_create_action), and
 * the hash algorithms, one stateful action each ("algorithms" setting).
 * Its actions live in their own "mode" group (fw_window_get_mode_actions()
 * for tests). The window's settings handler calls
 * fw_window_sync_algorithm_actions() and fw_window_update_mode_button()
 * when the settings change. Main thread.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-window-private.h"

#define MODE_LABEL_MAX_TAGS 2

void
fw_window_update_mode_button (FwWindow *self)
{
  FwAlgorithmSet set = fw_batch_get_algorithms (self->batch);
  const char *tags[FW_N_ALGORITHMS + 1];
  g_autofree char *label = NULL;
  guint n = 0;

  if (fw_window_get_mode (self) == FW_BATCH_MODE_SIZE)
    {
      gtk_menu_button_set_label (self->mode_button, _("Size"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->mode_button), _("What dropped items become"));
      return;
    }
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    if (set & FW_ALGORITHM_BIT (a))
      tags[n++] = fw_algorithm_get_tag (a);
  tags[n] = NULL;
  /* Short enough for the header at 600 px: the first two and how many
   * more; all of them in the tooltip. */
  if (n > MODE_LABEL_MAX_TAGS)
    {
      const char *first = tags[MODE_LABEL_MAX_TAGS];
      g_autofree char *shown = NULL;

      tags[MODE_LABEL_MAX_TAGS] = NULL;
      shown = g_strjoinv (", ", (char **) tags);
      tags[MODE_LABEL_MAX_TAGS] = first;
      /* TRANSLATORS: "SHA256, MD5 +3": two algorithms' names and how many more */
      label = g_strdup_printf (_("%s +%u"), shown, n - MODE_LABEL_MAX_TAGS);
    }
  else
    label = g_strjoinv (", ", (char **) tags);
  gtk_menu_button_set_label (self->mode_button, label);
  {
    g_autofree char *all = g_strjoinv (", ", (char **) tags);
    /* TRANSLATORS: the mode menu's tooltip; %s is the list of algorithms */
    g_autofree char *tooltip = g_strdup_printf (_("What dropped items become: %s"), all);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->mode_button), tooltip);
  }
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

  if (g_variant_get_boolean (state))
    set |= FW_ALGORITHM_BIT (algorithm);
  else
    set &= ~FW_ALGORITHM_BIT (algorithm);
  if (set == 0)
    return; /* at least one */
  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    if (set & FW_ALGORITHM_BIT (a))
      g_strv_builder_add (builder, fw_algorithm_get_name (a));
  names = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "algorithms", (const char * const *) names);
  /* The "changed" handler sets the actions' states. */
  g_settings_set_string (self->settings, "mode", "hash");
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

void
fw_window_setup_mode_menu (FwWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) modes = g_menu_new ();
  g_autoptr(GMenu) algorithms = g_menu_new ();
  g_autoptr(GAction) mode_action = g_settings_create_action (self->settings, "mode");

  self->mode_actions = g_simple_action_group_new ();
  g_action_map_add_action (G_ACTION_MAP (self->mode_actions), mode_action);

  g_menu_append (modes, _("Hash Files"), "mode.mode::hash");
  g_menu_append (modes, _("Size Files and Folders"), "mode.mode::size");
  g_menu_append_section (menu, _("Dropped Items"), G_MENU_MODEL (modes));

  for (guint a = 0; a < FW_N_ALGORITHMS; a++)
    {
      g_autoptr(GSimpleAction) action =
        g_simple_action_new_stateful (fw_algorithm_get_name (a), NULL, g_variant_new_boolean (FALSE));
      g_autofree char *detailed = g_strdup_printf ("mode.%s", fw_algorithm_get_name (a));

      g_object_set_data (G_OBJECT (action), "fw-algorithm", GINT_TO_POINTER (a));
      g_signal_connect (action, "change-state", G_CALLBACK (algorithm_change_state_cb), self);
      g_action_map_add_action (G_ACTION_MAP (self->mode_actions), G_ACTION (action));
      g_menu_append (algorithms, fw_algorithm_get_tag (a), detailed);
    }
  g_menu_append_section (menu, _("Hash Algorithms"), G_MENU_MODEL (algorithms));

  gtk_widget_insert_action_group (GTK_WIDGET (self), "mode", G_ACTION_GROUP (self->mode_actions));
  gtk_menu_button_set_menu_model (self->mode_button, G_MENU_MODEL (menu));
}

GActionGroup *
fw_window_get_mode_actions (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);
  return G_ACTION_GROUP (self->mode_actions);
}
