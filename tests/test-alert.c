/* test-alert.c — fw_alert_choose(): one answer per alert, under Xvfb
 *
 * An AdwAlertDialog (libadwaita >= 1.5) answered by a button emits
 * "response" twice: the response, then its close response as it closes.
 * The signal is emitted by hand here, so the same holds on libadwaita
 * 1.2's AdwMessageDialog. The three dialogs with an action that must not
 * run twice (Browse Sizes' and Find Duplicates' Move to Trash, the
 * audit's Add New Files) are answered twice in test-window-sizes,
 * test-window-dupes and test-window-audit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-alert.h"
#include "fw-test-env.h"

typedef struct {
  GtkWindow *window;
  guint      n_calls;
  char      *response;    /* the last one the callback got */
  guint      n_destroyed;
  gboolean   finalized;   /* the alert */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_present (f->window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (f->window)))
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (f->response);
}

/* The callback: counts, keeps the response, frees what it was given
 * (it owns it). */
static void
chosen_cb (FwAlert    *alert,
           const char *response,
           gpointer    user_data)
{
  Fixture *f = g_object_get_data (G_OBJECT (alert), "fixture");

  f->n_calls++;
  g_free (f->response);
  f->response = g_strdup (response);
  g_free (user_data);
}

static void
destroyed_cb (gpointer data)
{
  Fixture *f = *(Fixture **) data;

  f->n_destroyed++;
  g_free (data);
}

/* user_data for the alert: a block that names the fixture (so that
 * destroyed_cb() finds it), freed by whoever owns it. */
static gpointer
new_data (Fixture *f)
{
  Fixture **data = g_new (Fixture *, 1);

  *data = f;
  return data;
}

static void
finalized_cb (gpointer  data,
              GObject  *where)
{
  ((Fixture *) data)->finalized = TRUE;
}

static FwAlert *
new_alert (Fixture *f)
{
  FwAlert *alert = fw_alert_new (f->window, "Do It?", "It is done once.");

  fw_alert_add_responses (alert, "cancel", "_Cancel", "do", "_Do It", NULL);
  fw_alert_set_close_response (alert, "cancel");
  g_object_set_data (G_OBJECT (alert), "fixture", f);
  g_object_weak_ref (G_OBJECT (alert), finalized_cb, f);
  return alert;
}

/* Closes @alert and waits until it is finalized. */
static void
close_alert (Fixture *f,
             FwAlert *alert)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_force_close (ADW_DIALOG (alert));
#else
  gtk_window_destroy (GTK_WINDOW (alert));
#endif
  while (!f->finalized)
    g_main_context_iteration (NULL, TRUE);
}

/* Two responses, as a closing AdwAlertDialog gives: the first is the
 * answer; the second is not. */
static void
test_one_answer (Fixture       *f,
                 gconstpointer  data)
{
  FwAlert *alert = new_alert (f);

  fw_alert_choose (alert, f->window, NULL, chosen_cb, new_data (f), destroyed_cb);
  g_assert_cmpuint (fw_alert_get_n_answers (alert), ==, 0);
  g_signal_emit_by_name (alert, "response", "do");
  g_signal_emit_by_name (alert, "response", "cancel");
  g_signal_emit_by_name (alert, "response", "do");
  g_assert_cmpuint (f->n_calls, ==, 1);
  g_assert_cmpstr (f->response, ==, "do");
  g_assert_cmpuint (fw_alert_get_n_answers (alert), ==, 1);
  close_alert (f, alert);
  /* The callback owned the data (and freed it): never destroyed here. */
  g_assert_cmpuint (f->n_destroyed, ==, 0);
  g_assert_cmpuint (f->n_calls, ==, 1);
}

/* The close response first (Escape, or the window asking it to go):
 * that is the answer, and the action after it never runs. */
static void
test_close_first (Fixture       *f,
                  gconstpointer  data)
{
  FwAlert *alert = new_alert (f);

  fw_alert_choose (alert, f->window, NULL, chosen_cb, new_data (f), destroyed_cb);
  g_signal_emit_by_name (alert, "response", "cancel");
  g_signal_emit_by_name (alert, "response", "do");
  g_assert_cmpuint (f->n_calls, ==, 1);
  g_assert_cmpstr (f->response, ==, "cancel");
  close_alert (f, alert);
  g_assert_cmpuint (f->n_destroyed, ==, 0);
}

/* Gone without an answer. AdwMessageDialog (libadwaita < 1.5) destroyed
 * says nothing: the data is freed, once, and nothing is called. An
 * AdwAlertDialog closed answers with its close response (as Escape
 * does): the callback runs once with it, and owns the data. */
static void
test_unanswered (Fixture       *f,
                 gconstpointer  data)
{
  FwAlert *alert = new_alert (f);

  fw_alert_choose (alert, f->window, NULL, chosen_cb, new_data (f), destroyed_cb);
  close_alert (f, alert);
#if ADW_CHECK_VERSION (1, 5, 0)
  g_assert_cmpuint (f->n_calls, ==, 1);
  g_assert_cmpstr (f->response, ==, "cancel");
  g_assert_cmpuint (f->n_destroyed, ==, 0);
#else
  g_assert_cmpuint (f->n_calls, ==, 0);
  g_assert_cmpuint (f->n_destroyed, ==, 1);
#endif
}

/* The owner finalized first: the answer that comes later calls nothing
 * (as with g_signal_connect_object()), and the data is freed. */
static void
test_owner_gone (Fixture       *f,
                 gconstpointer  data)
{
  FwAlert *alert = new_alert (f);
  GObject *owner = g_object_new (G_TYPE_OBJECT, NULL);

  fw_alert_choose (alert, f->window, owner, chosen_cb, new_data (f), destroyed_cb);
  g_object_unref (owner);
  g_signal_emit_by_name (alert, "response", "do");
  g_assert_cmpuint (f->n_calls, ==, 0);
  g_assert_cmpuint (fw_alert_get_n_answers (alert), ==, 0);
  close_alert (f, alert);
  g_assert_cmpuint (f->n_destroyed, ==, 1);
}

/* The owner alive: called, with the data. */
static void
test_owner_alive (Fixture       *f,
                  gconstpointer  data)
{
  FwAlert *alert = new_alert (f);
  g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);

  fw_alert_choose (alert, f->window, owner, chosen_cb, new_data (f), destroyed_cb);
  g_signal_emit_by_name (alert, "response", "do");
  g_signal_emit_by_name (alert, "response", "cancel");
  g_assert_cmpuint (f->n_calls, ==, 1);
  g_assert_cmpstr (f->response, ==, "do");
  close_alert (f, alert);
  g_assert_cmpuint (f->n_destroyed, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  fw_test_env_setup ();
  gtk_test_init (&argc, &argv, NULL);
  fw_test_env_fatal_logs ();
  adw_init ();

  g_test_add ("/alert/one-answer", Fixture, NULL, fixture_setup, test_one_answer, fixture_teardown);
  g_test_add ("/alert/close-first", Fixture, NULL, fixture_setup, test_close_first, fixture_teardown);
  g_test_add ("/alert/unanswered", Fixture, NULL, fixture_setup, test_unanswered, fixture_teardown);
  g_test_add ("/alert/owner-gone", Fixture, NULL, fixture_setup, test_owner_gone, fixture_teardown);
  g_test_add ("/alert/owner-alive", Fixture, NULL, fixture_setup, test_owner_alive, fixture_teardown);

  return g_test_run ();
}
