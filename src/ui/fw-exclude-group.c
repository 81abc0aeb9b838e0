/* fw-exclude-group.c — Preferences: what the window leaves out of folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built in code, as the algorithms' group is: its rows follow the
 * setting, which a template cannot list.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-exclude-group.h"

typedef struct {
  const char *pattern;
  const char *title;      /* header capitalization */
} Offered;

static const Offered offered[] = {
  { ".*", N_("Hidden Files and Folders") },
  { ".git", N_("Git Folders") },
  { "node_modules", N_("Node.js Modules") },
  { "__pycache__", N_("Python Caches") },
  { "*~", N_("Backup Files") },
  { ".cache", N_("Cache Folders") },
};

struct _FwExcludeGroup
{
  AdwPreferencesGroup  parent_instance;

  GSettings           *settings;
  GtkSwitch           *switches[G_N_ELEMENTS (offered)];
  GPtrArray           *own_rows;   /* GtkWidget: the person's patterns */
  AdwEntryRow         *entry;
  gboolean             syncing;
};

G_DEFINE_FINAL_TYPE (FwExcludeGroup, fw_exclude_group, ADW_TYPE_PREFERENCES_GROUP)

const char * const *
fw_exclude_group_get_offered (void)
{
  static const char *patterns[G_N_ELEMENTS (offered) + 1];

  for (guint i = 0; i < G_N_ELEMENTS (offered); i++)
    patterns[i] = offered[i].pattern;
  return patterns;
}

static gboolean
is_offered (const char *pattern)
{
  for (guint i = 0; i < G_N_ELEMENTS (offered); i++)
    if (g_str_equal (offered[i].pattern, pattern))
      return TRUE;
  return FALSE;
}

/* The setting, with @pattern added (@add) or taken out. */
static void
change_pattern (FwExcludeGroup *self,
                const char     *pattern,
                gboolean        add)
{
  g_auto(GStrv) patterns = g_settings_get_strv (self->settings, "exclude-patterns");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) changed = NULL;

  if (add == g_strv_contains ((const char * const *) patterns, pattern))
    return;
  for (guint i = 0; patterns[i] != NULL; i++)
    if (add || !g_str_equal (patterns[i], pattern))
      g_strv_builder_add (builder, patterns[i]);
  if (add)
    g_strv_builder_add (builder, pattern);
  changed = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "exclude-patterns", (const char * const *) changed);
}

static void
switch_cb (GtkSwitch      *sw,
           GParamSpec     *pspec,
           FwExcludeGroup *self)
{
  const char *pattern = g_object_get_data (G_OBJECT (sw), "fw-pattern");

  if (!self->syncing)
    change_pattern (self, pattern, gtk_switch_get_active (sw));
}

static void
remove_clicked_cb (GtkButton      *button,
                   FwExcludeGroup *self)
{
  change_pattern (self, g_object_get_data (G_OBJECT (button), "fw-pattern"), FALSE);
}

static void
entry_apply_cb (AdwEntryRow    *entry,
                FwExcludeGroup *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  /* Spaces count in a pattern (as in --exclude): only an empty one is none. */
  if (*text == '\0')
    return;
  change_pattern (self, text, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
sync_rows (FwExcludeGroup *self)
{
  g_auto(GStrv) patterns = g_settings_get_strv (self->settings, "exclude-patterns");

  self->syncing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (offered); i++)
    gtk_switch_set_active (self->switches[i],
                           g_strv_contains ((const char * const *) patterns, offered[i].pattern));

  for (guint i = 0; i < self->own_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->own_rows, i));
  g_ptr_array_set_size (self->own_rows, 0);
  /* The entry stays last: taken out, and put back after the rows. */
  g_object_ref (self->entry);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->entry));
  for (guint i = 0; patterns[i] != NULL; i++)
    {
      GtkWidget *row;
      GtkWidget *button;

      if (is_offered (patterns[i]))
        continue;
      row = adw_action_row_new ();
      button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), patterns[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Remove Pattern"));
      g_object_set_data_full (G_OBJECT (button), "fw-pattern", g_strdup (patterns[i]), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->own_rows, row);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->entry));
  g_object_unref (self->entry);
  self->syncing = FALSE;
}

static void
settings_changed_cb (GSettings      *settings,
                     const char     *key,
                     FwExcludeGroup *self)
{
  sync_rows (self);
}

static void
fw_exclude_group_dispose (GObject *object)
{
  FwExcludeGroup *self = FW_EXCLUDE_GROUP (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->own_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fw_exclude_group_parent_class)->dispose (object);
}

static void
fw_exclude_group_class_init (FwExcludeGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fw_exclude_group_dispose;
}

static void
fw_exclude_group_init (FwExcludeGroup *self)
{
  self->settings = g_settings_new (APP_ID);
  self->own_rows = g_ptr_array_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Left Out of Folders"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Matched below each folder added: in folders hashed, "
                                           "compared and sized, and when looking for new files, "
                                           "what matches is left out, and a folder that matches "
                                           "is not read"));
  for (guint i = 0; i < G_N_ELEMENTS (offered); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *sw = gtk_switch_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(offered[i].title));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), offered[i].pattern);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (sw), "fw-pattern", (gpointer) offered[i].pattern);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
      g_signal_connect (sw, "notify::active", G_CALLBACK (switch_cb), self);
      self->switches[i] = GTK_SWITCH (sw);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
    }
  self->entry = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->entry), _("Add Pattern"));
  adw_entry_row_set_show_apply_button (self->entry, TRUE);
  g_signal_connect (self->entry, "apply", G_CALLBACK (entry_apply_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->entry));

  sync_rows (self);
  g_signal_connect (self->settings, "changed::exclude-patterns", G_CALLBACK (settings_changed_cb), self);
}
