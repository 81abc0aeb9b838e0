/* fw-dupes-row.c — one row of the duplicates list: a group or a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fw-dupes-row.h"

struct _FwDupesRow
{
  GObject        parent_instance;

  FwDupesChoice *choice;    /* group row: owned */
  GListStore    *children;  /* group row: file rows, once asked for */
  FwDupesRow    *group;     /* file row: its group (a reference) */
  guint          index;     /* file row: in group->files */
};

G_DEFINE_FINAL_TYPE (FwDupesRow, fw_dupes_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fw_dupes_row_finalize (GObject *object)
{
  FwDupesRow *self = FW_DUPES_ROW (object);

  g_clear_pointer (&self->choice, fw_dupes_choice_free);
  g_clear_object (&self->children);
  g_clear_object (&self->group);
  G_OBJECT_CLASS (fw_dupes_row_parent_class)->finalize (object);
}

static void
fw_dupes_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FwDupesRow *self = FW_DUPES_ROW (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_boolean (value, fw_dupes_row_get_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_dupes_row_class_init (FwDupesRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fw_dupes_row_finalize;
  object_class->get_property = fw_dupes_row_get_property;

  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fw_dupes_row_init (FwDupesRow *self)
{
}

FwDupesRow *
fw_dupes_row_new_group (FwDupesChoice *choice)
{
  FwDupesRow *self = g_object_new (FW_TYPE_DUPES_ROW, NULL);

  self->choice = choice;
  return self;
}

FwDupesRow *
fw_dupes_row_new_file (FwDupesRow *group,
                       guint       index)
{
  FwDupesRow *self = g_object_new (FW_TYPE_DUPES_ROW, NULL);

  g_return_val_if_fail (fw_dupes_row_is_group (group), NULL);
  self->group = g_object_ref (group);
  self->index = index;
  return self;
}

gboolean
fw_dupes_row_is_group (FwDupesRow *self)
{
  return self->choice != NULL;
}

FwDupesRow *
fw_dupes_row_get_group (FwDupesRow *self)
{
  return self->choice != NULL ? self : self->group;
}

FwDupesChoice *
fw_dupes_row_get_choice (FwDupesRow *self)
{
  return fw_dupes_row_get_group (self)->choice;
}

const FwDupesFile *
fw_dupes_row_get_file (FwDupesRow *self)
{
  g_return_val_if_fail (!fw_dupes_row_is_group (self), NULL);
  return g_ptr_array_index (self->group->choice->group->files, self->index);
}

guint
fw_dupes_row_get_index (FwDupesRow *self)
{
  return self->index;
}

gboolean
fw_dupes_row_get_selected (FwDupesRow *self)
{
  if (fw_dupes_row_is_group (self))
    return self->choice->n_selected > 0;
  return fw_dupes_choice_get_selected (self->group->choice, self->index);
}

static void
fill_children (FwDupesRow *self)
{
  guint n = self->choice->group->files->len;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, fw_dupes_row_new_file (self, i));
  g_list_store_splice (self->children, 0, g_list_model_get_n_items (G_LIST_MODEL (self->children)),
                       rows->pdata, rows->len);
}

GListModel *
fw_dupes_row_get_children (FwDupesRow *self)
{
  g_return_val_if_fail (fw_dupes_row_is_group (self), NULL);
  if (self->children == NULL)
    {
      self->children = g_list_store_new (FW_TYPE_DUPES_ROW);
      fill_children (self);
    }
  return G_LIST_MODEL (self->children);
}

void
fw_dupes_row_rebuild (FwDupesRow *self)
{
  g_return_if_fail (fw_dupes_row_is_group (self));
  if (self->children != NULL)
    fill_children (self);
  fw_dupes_row_selection_changed (self);
}

void
fw_dupes_row_selection_changed (FwDupesRow *self)
{
  FwDupesRow *group = fw_dupes_row_get_group (self);

  g_object_notify_by_pspec (G_OBJECT (group), properties[PROP_SELECTED]);
  if (group->children == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (group->children)); i++)
    {
      g_autoptr(FwDupesRow) row = g_list_model_get_item (G_LIST_MODEL (group->children), i);

      g_object_notify_by_pspec (G_OBJECT (row), properties[PROP_SELECTED]);
    }
}

int
fw_dupes_row_compare (gconstpointer a,
                      gconstpointer b,
                      gpointer      unused)
{
  return fw_dupes_group_compare_waste (FW_DUPES_ROW ((gpointer) a)->choice->group,
                                       FW_DUPES_ROW ((gpointer) b)->choice->group);
}

int
fw_dupes_group_compare_waste (const FwDupesGroup *ga,
                              const FwDupesGroup *gb)
{
  if (ga->wasted != gb->wasted)
    return ga->wasted > gb->wasted ? -1 : 1;
  if (ga->size != gb->size)
    return ga->size > gb->size ? -1 : 1;
  if (ga->files->len == 0 || gb->files->len == 0)
    return (int) gb->files->len - (int) ga->files->len;
  return strcmp (((FwDupesFile *) ga->files->pdata[0])->path, ((FwDupesFile *) gb->files->pdata[0])->path);
}
