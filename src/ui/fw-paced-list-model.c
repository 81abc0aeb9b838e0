/* fw-paced-list-model.c — a list model that shows new rows at a view's pace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-paced-list-model.h"

/* A step comes on each change of the model underneath (the batch's tick
 * appends its rows there) and STEP_US after the last one while rows wait,
 * but never within MIN_STEP_GAP_US of the last one, so that GTK draws
 * between two. While fewer than FIRST_ROWS are shown, a step shows at
 * most MAX_FIRST_ROWS_PER_STEP more; after, a step on a "refresh" (every
 * REFRESH_US, as the batch's progress) shows up to MAX_NEW_ROWS_PER_SPLICE
 * in one splice. */
#define STEP_US (33 * 1000)
#define MIN_STEP_GAP_US (8 * 1000)
#define REFRESH_US (100 * 1000)
#define FIRST_ROWS 240
#define MAX_FIRST_ROWS_PER_STEP 48
#define MAX_NEW_ROWS_PER_SPLICE 32768

struct _FwPacedListModel
{
  GObject     parent_instance;

  GListModel *model;
  guint       n_shown;        /* the first n_shown items of model */
  guint       n_items;        /* of model, as last told */
  gint64      last_step;
  gint64      last_refresh;
  GSource    *steps;          /* while rows wait */
};

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
fw_paced_list_model_get_item_type (GListModel *list)
{
  FwPacedListModel *self = FW_PACED_LIST_MODEL (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
fw_paced_list_model_get_n_items (GListModel *list)
{
  return FW_PACED_LIST_MODEL (list)->n_shown;
}

static gpointer
fw_paced_list_model_get_item (GListModel *list,
                              guint       position)
{
  FwPacedListModel *self = FW_PACED_LIST_MODEL (list);

  if (position >= self->n_shown)
    return NULL;
  return g_list_model_get_item (self->model, position);
}

static void
fw_paced_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = fw_paced_list_model_get_item_type;
  iface->get_n_items = fw_paced_list_model_get_n_items;
  iface->get_item = fw_paced_list_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (FwPacedListModel, fw_paced_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      fw_paced_list_model_list_model_init))

/* Shows what the pace allows now. */
static void
fw_paced_list_model_step (FwPacedListModel *self)
{
  gint64 now = g_get_monotonic_time ();
  guint pending = self->n_items - self->n_shown;
  gboolean refresh;
  guint n;

  if (pending == 0 || (self->last_step != 0 && now - self->last_step < MIN_STEP_GAP_US))
    return;
  self->last_step = now;
  refresh = now - self->last_refresh >= REFRESH_US;
  if (refresh)
    self->last_refresh = now;
  if (self->n_shown < FIRST_ROWS)
    n = MIN (pending, MAX_FIRST_ROWS_PER_STEP);
  else if (refresh)
    n = MIN (pending, MAX_NEW_ROWS_PER_SPLICE);
  else
    return;
  self->n_shown += n;
  g_list_model_items_changed (G_LIST_MODEL (self), self->n_shown - n, 0, n);
}

static gboolean
steps_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs steps_funcs = {
  NULL, NULL, steps_dispatch, NULL, NULL, NULL
};

static gboolean
steps_cb (gpointer data)
{
  FwPacedListModel *self = data;

  fw_paced_list_model_step (self);
  if (self->n_shown < self->n_items)
    {
      g_source_set_ready_time (self->steps, self->last_step + STEP_US);
      return G_SOURCE_CONTINUE;
    }
  g_clear_pointer (&self->steps, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* The next step comes STEP_US after the last one, while rows wait. */
static void
fw_paced_list_model_schedule (FwPacedListModel *self)
{
  if (self->n_shown == self->n_items)
    return;
  if (self->steps == NULL)
    {
      self->steps = g_source_new (&steps_funcs, sizeof (GSource));
      g_source_set_callback (self->steps, steps_cb, self, NULL);
      g_source_set_static_name (self->steps, "[fileworks] paced rows");
      g_source_attach (self->steps, g_main_context_get_thread_default ());
    }
  g_source_set_ready_time (self->steps, self->last_step + STEP_US);
}

static void
model_items_changed_cb (GListModel       *model,
                        guint             position,
                        guint             removed,
                        guint             added,
                        FwPacedListModel *self)
{
  guint n_shown_old = self->n_shown;

  self->n_items = g_list_model_get_n_items (model);
  if (position >= n_shown_old)
    {
      /* Among the rows not shown yet (new rows at the end): at the pace. */
      fw_paced_list_model_step (self);
      fw_paced_list_model_schedule (self);
      return;
    }
  if (position + removed <= n_shown_old)
    {
      /* Among the rows shown: as it is. */
      self->n_shown = n_shown_old - removed + added;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }
  /* Across both (a filter from a row shown to one not shown yet): which
   * of the rows removed were shown is not told; as many rows as before
   * stay shown (a row to come may be shown early, none shown goes). */
  self->n_shown = MIN (n_shown_old, self->n_items);
  g_list_model_items_changed (G_LIST_MODEL (self), position,
                              n_shown_old - position, self->n_shown - position);
  fw_paced_list_model_schedule (self);
}

static void
fw_paced_list_model_set_model (FwPacedListModel *self,
                               GListModel       *model)
{
  g_assert (self->model == NULL);

  if (model == NULL)
    return;
  self->model = g_object_ref (model);
  self->n_items = g_list_model_get_n_items (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (model_items_changed_cb), self);
  fw_paced_list_model_step (self);
  fw_paced_list_model_schedule (self);
}

static void
fw_paced_list_model_dispose (GObject *object)
{
  FwPacedListModel *self = FW_PACED_LIST_MODEL (object);

  if (self->steps != NULL)
    {
      g_source_destroy (self->steps);
      g_clear_pointer (&self->steps, g_source_unref);
    }
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (fw_paced_list_model_parent_class)->dispose (object);
}

static void
fw_paced_list_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FwPacedListModel *self = FW_PACED_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL: g_value_set_object (value, self->model); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_paced_list_model_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FwPacedListModel *self = FW_PACED_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL: fw_paced_list_model_set_model (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_paced_list_model_class_init (FwPacedListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fw_paced_list_model_dispose;
  object_class->get_property = fw_paced_list_model_get_property;
  object_class->set_property = fw_paced_list_model_set_property;

  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fw_paced_list_model_init (FwPacedListModel *self)
{
}

/**
 * fw_paced_list_model_new:
 * @model: the model whose items it shows
 *
 * Returns: (transfer full): a model showing @model's items as they come,
 *   at the pace of the section's documentation (those already there
 *   too)
 */
FwPacedListModel *
fw_paced_list_model_new (GListModel *model)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  return g_object_new (FW_TYPE_PACED_LIST_MODEL, "model", model, NULL);
}

GListModel *
fw_paced_list_model_get_model (FwPacedListModel *self)
{
  g_return_val_if_fail (FW_IS_PACED_LIST_MODEL (self), NULL);
  return self->model;
}

guint
fw_paced_list_model_get_n_pending (FwPacedListModel *self)
{
  g_return_val_if_fail (FW_IS_PACED_LIST_MODEL (self), 0);
  return self->n_items - self->n_shown;
}
