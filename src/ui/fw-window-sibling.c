/* fw-window-sibling.c — the checksum file next to a file, when the window
 * cannot read the file's folder (the Flatpak)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In the Flatpak, a file the person opened is exported alone into the
 * document portal (`/run/user/UID/doc/ID/NAME`): its folder, where the
 * `SHA256SUMS` is, cannot be read, and fw_sibling_find() says
 * FW_SIBLING_UNREADABLE. The window then offers one click (a toast that
 * stays) that opens the file chooser for the checksum file: in the file's
 * folder on the host when the document portal can tell it (GetHostPaths,
 * version 5 of org.freedesktop.portal.Documents: the portal file chooser
 * opens host paths), else with a filter that names the files to look for.
 * The chosen list is read on a worker and handed to the offer's function.
 *
 * One offer at a time, kept on the window (object data): a new offer, or
 * the window's end, ends the last one (its D-Bus calls and reading
 * cancelled, its toast dismissed). An offer is reference counted: each
 * asynchronous call holds it, and its answer does nothing once it ended.
 * Main thread.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-window-private.h"
#include "fw-window-sibling.h"

#define OFFER_KEY "fw-checksum-offer"
#define DOCUMENTS_NAME "org.freedesktop.portal.Documents"
#define DOCUMENTS_PATH "/org/freedesktop/portal/documents"
/* GetHostPaths came with version 5 of the interface. */
#define DOCUMENTS_HOST_PATHS_VERSION 5

typedef struct {
  FwWindow             *window;         /* not a reference: valid until ended */
  gboolean              ended;
  GFile                *file;
  char                 *name;           /* the file's name, bytes */
  GFile                *host_folder;    /* NULL: not known */
  char                 *doc_id;         /* a document portal file's id, or NULL */
  GDBusConnection      *bus;
  GCancellable         *cancellable;
  AdwToast             *toast;
  FwChecksumChosenFunc  func;
  gpointer              user_data;
  GDestroyNotify        destroy;
} Offer;

static void
offer_clear (Offer *offer)
{
  g_clear_object (&offer->file);
  g_clear_object (&offer->host_folder);
  g_clear_object (&offer->bus);
  g_clear_object (&offer->cancellable);
  g_free (offer->name);
  g_free (offer->doc_id);
}

static void
offer_release (Offer *offer)
{
  g_rc_box_release_full (offer, (GDestroyNotify) offer_clear);
}

/* The toast is done with: the button dismisses it itself. */
static void
forget_toast (Offer *offer)
{
  if (offer->toast == NULL)
    return;
  g_signal_handlers_disconnect_by_data (offer->toast, offer);
  g_clear_object (&offer->toast);
}

/* The window's reference goes: a new offer, or the window's end. */
static void
offer_end (Offer *offer)
{
  offer->ended = TRUE;
  g_cancellable_cancel (offer->cancellable);
  /* Still shown (not clicked, not dismissed): it goes with the offer. */
  if (offer->toast != NULL && !offer->window->disposed)
    adw_toast_dismiss (offer->toast);
  forget_toast (offer);
  if (offer->destroy != NULL)
    offer->destroy (offer->user_data);
  offer->func = NULL;
  offer->destroy = NULL;
  offer->user_data = NULL;
  offer->window = NULL;
  offer_release (offer);
}

static Offer *
get_offer (FwWindow *self)
{
  return g_object_get_data (G_OBJECT (self), OFFER_KEY);
}

static void
toast_button_clicked_cb (AdwToast *toast,
                         Offer    *offer)
{
  forget_toast (offer);
  fw_window_choose_checksum_file (offer->window, offer->name, offer->host_folder);
}

static void
toast_dismissed_cb (AdwToast *toast,
                    Offer    *offer)
{
  forget_toast (offer);
}

static void
show_offer (Offer *offer)
{
  g_autofree char *display = g_filename_display_name (offer->name);
  /* TRANSLATORS: a toast with a Choose button; %s is a file name. The app
   * cannot read the file's folder (in the Flatpak sandbox) to find its
   * SHA256SUMS or similar by itself */
  g_autofree char *title = g_strdup_printf (_("Choose the checksum file of “%s” to check it"), display);
  g_autofree char *markup = g_markup_escape_text (title, -1);

  offer->toast = adw_toast_new (markup);
  adw_toast_set_button_label (offer->toast, _("_Choose…"));
  adw_toast_set_timeout (offer->toast, 0);
  g_signal_connect (offer->toast, "button-clicked", G_CALLBACK (toast_button_clicked_cb), offer);
  g_signal_connect (offer->toast, "dismissed", G_CALLBACK (toast_dismissed_cb), offer);
  adw_toast_overlay_add_toast (offer->window->toast_overlay, g_object_ref (offer->toast));
}

static void
host_paths_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  Offer *offer = user_data;
  g_autoptr(GVariant) paths = NULL;
  g_autoptr(GVariant) path = NULL;

  if (offer->ended)
    {
      offer_release (offer);
      return;
    }
  if (reply != NULL)
    {
      paths = g_variant_get_child_value (reply, 0);
      path = g_variant_lookup_value (paths, offer->doc_id, G_VARIANT_TYPE_BYTESTRING);
    }
  if (path != NULL && *g_variant_get_bytestring (path) == '/')
    {
      g_autoptr(GFile) host_file = g_file_new_for_path (g_variant_get_bytestring (path));

      offer->host_folder = g_file_get_parent (host_file);
    }
  else if (error != NULL)
    g_debug ("No host path for %s: %s", offer->doc_id, error->message);
  show_offer (offer);
  offer_release (offer);
}

static void
documents_version_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  Offer *offer = user_data;
  g_autoptr(GVariant) value = NULL;
  const char *ids[] = { offer->doc_id, NULL };

  if (offer->ended)
    {
      offer_release (offer);
      return;
    }
  if (reply != NULL)
    g_variant_get (reply, "(v)", &value);
  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32) ||
      g_variant_get_uint32 (value) < DOCUMENTS_HOST_PATHS_VERSION)
    {
      /* Debian 12's portal (version 4): no way to tell the folder. */
      show_offer (offer);
      offer_release (offer);
      return;
    }
  /* The reference goes on to the next answer. */
  g_dbus_connection_call (offer->bus, DOCUMENTS_NAME, DOCUMENTS_PATH, DOCUMENTS_NAME, "GetHostPaths",
                          g_variant_new ("(^as)", ids), G_VARIANT_TYPE ("(a{say})"),
                          G_DBUS_CALL_FLAGS_NONE, 5000, offer->cancellable, host_paths_cb, offer);
}

static void
bus_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);
  Offer *offer = user_data;

  if (offer->ended || bus == NULL)
    {
      if (!offer->ended)
        show_offer (offer);
      g_clear_object (&bus);
      offer_release (offer);
      return;
    }
  offer->bus = bus;
  g_dbus_connection_call (offer->bus, DOCUMENTS_NAME, DOCUMENTS_PATH, "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", DOCUMENTS_NAME, "version"), G_VARIANT_TYPE ("(v)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, offer->cancellable, documents_version_cb, offer);
}

void
fw_window_offer_checksum_chooser (FwWindow             *self,
                                  GFile                *file,
                                  FwChecksumChosenFunc  func,
                                  gpointer              user_data,
                                  GDestroyNotify        destroy)
{
  g_autofree char *path = NULL;
  Offer *offer;

  g_return_if_fail (FW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  offer = g_rc_box_new0 (Offer);
  offer->window = self;
  offer->file = g_object_ref (file);
  offer->name = g_file_get_basename (file);
  offer->cancellable = g_cancellable_new ();
  offer->func = func;
  offer->user_data = user_data;
  offer->destroy = destroy;
  /* Replaces (and so ends) the last offer. */
  g_object_set_data_full (G_OBJECT (self), OFFER_KEY, offer, (GDestroyNotify) offer_end);

  path = g_file_get_path (file);
  if (path != NULL && fw_sibling_is_portal_path (path))
    {
      g_autofree char *folder = g_path_get_dirname (path);

      offer->doc_id = g_path_get_basename (folder);
      g_bus_get (G_BUS_TYPE_SESSION, offer->cancellable, bus_cb, g_rc_box_acquire (offer));
    }
  else
    show_offer (offer);
}

/* The chosen list, read on a worker ---------------------------------------- */

typedef struct {
  char  *list_path;
  char  *name;
  Offer *offer;      /* a reference; read in the main thread only */
} ReadTask;

static void
read_task_free (ReadTask *task)
{
  g_free (task->list_path);
  g_free (task->name);
  offer_release (task->offer);
  g_free (task);
}

static void
read_list_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ReadTask *read = task_data;

  g_task_return_pointer (task, fw_sibling_find_in_list (read->list_path, read->name, cancellable),
                         (GDestroyNotify) fw_sibling_free);
}

static void
read_list_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  FwWindow *self = FW_WINDOW (source);
  g_autoptr(FwSibling) sibling = g_task_propagate_pointer (G_TASK (result), NULL);
  ReadTask *read = g_task_get_task_data (G_TASK (result));
  Offer *offer = read->offer;
  g_autofree char *display = NULL;

  /* The offer ended meanwhile (a new one, or the window closing). */
  if (offer->ended || sibling == NULL)
    return;
  display = g_filename_display_name (offer->name);
  if (sibling->status == FW_SIBLING_NOT_LISTED)
    {
      g_autofree char *list_name = g_path_get_basename (read->list_path);
      g_autofree char *list_display = g_filename_display_name (list_name);
      g_autofree char *text = NULL;

      /* TRANSLATORS: a toast; the first %s is a checksum file's name, the
       * second the file it was chosen for */
      text = g_strdup_printf (_("“%s” does not list “%s”"), list_display, display);
      fw_window_toast (self, text);
    }
  else if (sibling->status == FW_SIBLING_UNREADABLE)
    /* TRANSLATORS: a toast: the chosen checksum file could not be read */
    fw_window_toast (self, _("The checksum file cannot be read"));
  if (offer->func != NULL)
    offer->func (self, offer->file, sibling, offer->user_data);
}

void
fw_window_checksum_file_chosen (FwWindow *self,
                                GFile    *list)
{
  Offer *offer = get_offer (self);
  g_autoptr(GTask) task = NULL;
  ReadTask *read;

  g_return_if_fail (FW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (list));

  if (offer == NULL || self->disposed)
    return;
  read = g_new0 (ReadTask, 1);
  read->list_path = g_file_get_path (list);
  read->name = g_strdup (offer->name);
  read->offer = g_rc_box_acquire (offer);
  if (read->list_path == NULL)
    read->list_path = g_strdup ("");
  task = g_task_new (self, offer->cancellable, read_list_cb, NULL);
  g_task_set_source_tag (task, fw_window_checksum_file_chosen);
  g_task_set_task_data (task, read, (GDestroyNotify) read_task_free);
  g_task_run_in_thread (task, read_list_thread);
}
