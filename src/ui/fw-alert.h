/* fw-alert.h — the window's questions and messages, on either libadwaita
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libadwaita 1.5 replaced AdwMessageDialog (a window of its own) with
 * AdwAlertDialog (shown inside its AdwApplicationWindow, adaptive); 1.6
 * deprecated the former, and 1.7's mis-measures its button labels (GTK
 * warns "Trying to measure GtkLabel … for width of 100, but it needs at
 * least …"). FwAlert is AdwAlertDialog where there is one and
 * AdwMessageDialog below: the same calls, the same "response" signal.
 * Both can be derived: a dialog with content of its own is a class with
 * FW_TYPE_ALERT as parent and a .ui template that names no parent (the
 * properties and <responses> it sets are the same on both).
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#if ADW_CHECK_VERSION (1, 5, 0)

typedef AdwAlertDialog FwAlert;
typedef AdwAlertDialogClass FwAlertClass;

#define FW_TYPE_ALERT ADW_TYPE_ALERT_DIALOG
#define FW_IS_ALERT(obj) ADW_IS_ALERT_DIALOG (obj)
#define fw_alert_get_heading adw_alert_dialog_get_heading
#define fw_alert_set_heading adw_alert_dialog_set_heading
#define fw_alert_get_body adw_alert_dialog_get_body
#define fw_alert_set_body adw_alert_dialog_set_body
#define fw_alert_set_body_use_markup adw_alert_dialog_set_body_use_markup
#define fw_alert_format_body adw_alert_dialog_format_body
#define fw_alert_set_extra_child adw_alert_dialog_set_extra_child
#define fw_alert_add_response adw_alert_dialog_add_response
#define fw_alert_add_responses adw_alert_dialog_add_responses
#define fw_alert_set_response_appearance adw_alert_dialog_set_response_appearance
#define fw_alert_set_default_response adw_alert_dialog_set_default_response
#define fw_alert_set_close_response adw_alert_dialog_set_close_response

static inline FwAlert *
fw_alert_new (GtkWindow  *parent,
              const char *heading,
              const char *body)
{
  return ADW_ALERT_DIALOG (adw_alert_dialog_new (heading, body));
}

static inline void
fw_alert_present (FwAlert   *alert,
                  GtkWindow *parent)
{
  adw_dialog_present (ADW_DIALOG (alert), GTK_WIDGET (parent));
}

/* Closes the alert as Escape would: "response" comes with its close
 * response. */
static inline void
fw_alert_close (FwAlert *alert)
{
  adw_dialog_close (ADW_DIALOG (alert));
}

/* For subclasses made with g_object_new(): what fw_alert_new() does with
 * @parent (nothing here: fw_alert_present() shows it inside @parent). */
static inline void
fw_alert_set_parent (FwAlert   *alert,
                     GtkWindow *parent)
{
}

#else

typedef AdwMessageDialog FwAlert;
typedef AdwMessageDialogClass FwAlertClass;

#define FW_TYPE_ALERT ADW_TYPE_MESSAGE_DIALOG
#define FW_IS_ALERT(obj) ADW_IS_MESSAGE_DIALOG (obj)
#define fw_alert_get_heading adw_message_dialog_get_heading
#define fw_alert_set_heading adw_message_dialog_set_heading
#define fw_alert_get_body adw_message_dialog_get_body
#define fw_alert_set_body adw_message_dialog_set_body
#define fw_alert_set_body_use_markup adw_message_dialog_set_body_use_markup
#define fw_alert_format_body adw_message_dialog_format_body
#define fw_alert_set_extra_child adw_message_dialog_set_extra_child
#define fw_alert_add_response adw_message_dialog_add_response
#define fw_alert_add_responses adw_message_dialog_add_responses
#define fw_alert_set_response_appearance adw_message_dialog_set_response_appearance
#define fw_alert_set_default_response adw_message_dialog_set_default_response
#define fw_alert_set_close_response adw_message_dialog_set_close_response

static inline FwAlert *
fw_alert_new (GtkWindow  *parent,
              const char *heading,
              const char *body)
{
  return ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
}

static inline void
fw_alert_present (FwAlert   *alert,
                  GtkWindow *parent)
{
  gtk_window_present (GTK_WINDOW (alert));
}

static inline void
fw_alert_close (FwAlert *alert)
{
  gtk_window_close (GTK_WINDOW (alert));
}

/* For subclasses made with g_object_new(): what fw_alert_new() does with
 * @parent (adw_message_dialog_new() makes the alert transient for it). */
static inline void
fw_alert_set_parent (FwAlert   *alert,
                     GtkWindow *parent)
{
  gtk_window_set_transient_for (GTK_WINDOW (alert), parent);
}

#endif

/**
 * FwAlertChoice:
 * @alert: the alert answered
 * @response: the response's id
 * @user_data: (transfer full): what was given to fw_alert_choose(): the
 *   callback owns it from now on
 *
 * The one answer to an alert presented with fw_alert_choose().
 */
typedef void (*FwAlertChoice) (FwAlert    *alert,
                               const char *response,
                               gpointer    user_data);

/**
 * fw_alert_choose:
 * @alert: a new alert, its responses added
 * @parent: the window it belongs to
 * @owner: (nullable): a #GObject the answer is for: once it is finalized,
 *   @callback is not called (as g_signal_connect_object() does)
 * @callback: called once, with the first response
 * @user_data: passed to @callback, which then owns it
 * @destroy: (nullable): frees @user_data when @callback is never called
 *   (the alert went unanswered, or @owner went first), as the alert is
 *   finalized
 *
 * Presents @alert (fw_alert_present()) and takes ONE answer: the first
 * "response" calls @callback, and any later one is ignored. An
 * AdwAlertDialog (libadwaita >= 1.5) answered by a button answers again
 * with its close response as it closes; an action must not run twice,
 * nor a second answer free what the first one handed on. Main thread;
 * @callback runs in it, inside the "response" emission.
 */
void   fw_alert_choose        (FwAlert        *alert,
                               GtkWindow      *parent,
                               gpointer        owner,
                               FwAlertChoice   callback,
                               gpointer        user_data,
                               GDestroyNotify  destroy);

/* How many times fw_alert_choose()'s callback ran for @alert: 0 or 1
 * (for tests). */
guint  fw_alert_get_n_answers (FwAlert        *alert);

/* So that alert classes (FwHashTextDialog, FwLargestDialog) can be
 * declared with G_DECLARE_FINAL_TYPE (…, FwAlert). */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwAlert, g_object_unref)

G_END_DECLS
