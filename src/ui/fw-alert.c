/* fw-alert.c — an alert that takes one answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fw_alert_choose() (fw-alert.h): the first "response" runs the caller's
 * callback, later ones are ignored. The state lives on the alert (object
 * data, freed as it is finalized), so a response that comes while it
 * closes finds it still there. Main thread.
 */
#include "config.h"

#include "fw-alert.h"

typedef struct {
  FwAlertChoice   callback;
  gpointer        user_data;
  GDestroyNotify  destroy;
  GWeakRef        owner;
  gboolean        has_owner;
  guint           n_answers;   /* calls of @callback: 0 or 1 */
  guint           n_responses; /* "response" emissions seen */
} FwAlertChoiceData;

static GQuark
choice_quark (void)
{
  return g_quark_from_static_string ("fw-alert-choice");
}

static void
choice_free (gpointer data)
{
  FwAlertChoiceData *choice = data;

  if (choice->user_data != NULL && choice->destroy != NULL)
    choice->destroy (choice->user_data);
  g_weak_ref_clear (&choice->owner);
  g_free (choice);
}

static void
response_cb (FwAlert           *alert,
             const char        *response,
             FwAlertChoiceData *choice)
{
  g_autoptr(GObject) owner = NULL;

  /* The first answer only, whatever it was. */
  if (choice->n_responses++ > 0)
    return;
  if (choice->has_owner && (owner = g_weak_ref_get (&choice->owner)) == NULL)
    return;
  choice->n_answers++;
  choice->callback (alert, response, g_steal_pointer (&choice->user_data));
}

void
fw_alert_choose (FwAlert        *alert,
                 GtkWindow      *parent,
                 gpointer        owner,
                 FwAlertChoice   callback,
                 gpointer        user_data,
                 GDestroyNotify  destroy)
{
  FwAlertChoiceData *choice;

  g_return_if_fail (FW_IS_ALERT (alert));
  g_return_if_fail (owner == NULL || G_IS_OBJECT (owner));
  g_return_if_fail (callback != NULL);
  g_return_if_fail (g_object_get_qdata (G_OBJECT (alert), choice_quark ()) == NULL);

  choice = g_new0 (FwAlertChoiceData, 1);
  choice->callback = callback;
  choice->user_data = user_data;
  choice->destroy = destroy;
  choice->has_owner = owner != NULL;
  g_weak_ref_init (&choice->owner, owner);
  g_object_set_qdata_full (G_OBJECT (alert), choice_quark (), choice, choice_free);
  g_signal_connect (alert, "response", G_CALLBACK (response_cb), choice);
  fw_alert_present (alert, parent);
}

guint
fw_alert_get_n_answers (FwAlert *alert)
{
  FwAlertChoiceData *choice;

  g_return_val_if_fail (FW_IS_ALERT (alert), 0);
  choice = g_object_get_qdata (G_OBJECT (alert), choice_quark ());
  return choice != NULL ? choice->n_answers : 0;
}
