/* fw-window-choosers.c — the window's file choosers and file manager, on
 * either GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.10 brought GtkFileDialog and GtkFileLauncher. Below it (Debian
 * 12's GTK 4.8, the floor), GtkFileChooserNative and the FileManager1
 * D-Bus interface do the same. Both sides of every GTK_CHECK_VERSION
 * (4, 10, 0) that asks the person for a file or shows one live here, in
 * pairs: adding items, the export's file, the folder of a verify batch,
 * the checksum file of a file (fw-window-sibling.c), and the containing
 * folder of a row. Once the floor is 4.10, the #else
 * branches go. Everything here runs in the main thread; each chooser holds
 * the window until it answers, and what it answers goes to the window's
 * own entry points, which do nothing once the window is closed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-window-private.h"
#include "fw-window-sibling.h"

#if !GTK_CHECK_VERSION (4, 10, 0)
/* The chooser outlives a window closed meanwhile: it holds the window
 * until it answers (GtkNativeDialog only drops its own pointer). */
static void
chooser_unref_window (gpointer  data,
                      GClosure *closure)
{
  g_object_unref (data);
}
#endif

/* Adding items ------------------------------------------------------------- */

#if GTK_CHECK_VERSION (4, 10, 0)
static void
open_multiple_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FwWindow) self = user_data;
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (source), result, NULL);
  if (files == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    g_ptr_array_add (array, g_list_model_get_item (files, i));
  fw_window_add_files (self, (GFile **) array->pdata, array->len);
}

static void
select_folder_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FwWindow) self = user_data;
  g_autoptr(GFile) folder = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (source), result, NULL);

  if (folder != NULL)
    fw_window_add_files (self, &folder, 1);
}
#else
static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     FwWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      fw_window_add_files (self, (GFile **) array->pdata, array->len);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}
#endif

void
fw_window_choose_items (FwWindow *self,
                        gboolean  folder)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_modal (dialog, TRUE);
  if (folder)
    {
      gtk_file_dialog_set_title (dialog, _("Add Folder"));
      gtk_file_dialog_select_folder (dialog, GTK_WINDOW (self), NULL, select_folder_cb, g_object_ref (self));
    }
  else
    {
      gtk_file_dialog_set_title (dialog, _("Add Files"));
      gtk_file_dialog_open_multiple (dialog, GTK_WINDOW (self), NULL, open_multiple_cb, g_object_ref (self));
    }
#else
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (folder ? _("Add Folder") : _("Add Files"),
                                         GTK_WINDOW (self),
                                         folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_data (chooser, "response", G_CALLBACK (chooser_response_cb),
                         g_object_ref (self), chooser_unref_window, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
#endif
}

/* The export's file -------------------------------------------------------- */

#if GTK_CHECK_VERSION (4, 10, 0)
static void
export_save_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FwWindow) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, NULL);
  FwExportFormat format = GPOINTER_TO_INT (g_object_get_data (source, "fw-format"));
  FwAlgorithm algorithm = GPOINTER_TO_INT (g_object_get_data (source, "fw-algorithm"));

  if (file != NULL)
    fw_window_export_to (self, format, algorithm, file);
}
#else
static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    FwWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      FwExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "fw-format"));
      FwAlgorithm algorithm = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "fw-algorithm"));

      fw_window_export_to (self, format, algorithm, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}
#endif

/* Asks where to export in @format (and @algorithm), @initial_name
 * offered; the file chosen goes to fw_window_export_to(). The title names
 * what is made, not an instruction. */
void
fw_window_choose_export_file (FwWindow       *self,
                              FwExportFormat  format,
                              FwAlgorithm     algorithm,
                              const char     *initial_name)
{
  const char *title = format == FW_EXPORT_CSV ? _("Export List as CSV") : _("Export Checksum File");
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_accept_label (dialog, _("_Export"));
  gtk_file_dialog_set_initial_name (dialog, initial_name);
  g_object_set_data (G_OBJECT (dialog), "fw-format", GINT_TO_POINTER (format));
  g_object_set_data (G_OBJECT (dialog), "fw-algorithm", GINT_TO_POINTER (algorithm));
  gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, export_save_cb, g_object_ref (self));
#else
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                 _("_Export"), _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), initial_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "fw-format", GINT_TO_POINTER (format));
  g_object_set_data (G_OBJECT (chooser), "fw-algorithm", GINT_TO_POINTER (algorithm));
  g_signal_connect_data (chooser, "response", G_CALLBACK (export_response_cb),
                         g_object_ref (self), chooser_unref_window, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
#endif
}

/* The folder of a verify batch's listed files ------------------------------ */

#if GTK_CHECK_VERSION (4, 10, 0)
static void
verify_folder_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FwWindow) self = user_data;
  g_autoptr(GFile) folder = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (source), result, NULL);

  if (folder != NULL)
    fw_window_verify_in_folder (self, folder);
}
#else
static void
verify_folder_response_cb (GtkNativeDialog *chooser,
                           int              response,
                           FwWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (folder != NULL)
        fw_window_verify_in_folder (self, folder);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}
#endif

/* Asks for the folder the listed files of the last verify batch are in;
 * it goes to fw_window_verify_in_folder(). */
void
fw_window_choose_verify_folder (FwWindow *self)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, _("Folder of the Listed Files"));
  gtk_file_dialog_select_folder (dialog, GTK_WINDOW (self), NULL, verify_folder_cb, g_object_ref (self));
#else
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Folder of the Listed Files"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Verify Here"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_data (chooser, "response", G_CALLBACK (verify_folder_response_cb),
                         g_object_ref (self), chooser_unref_window, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
#endif
}

/* The checksum file of a file whose folder cannot be read ------------------ */

/* The filters: one named after the files to look for (the hint), and
 * every file. */
static GListModel *
checksum_filters (const char *name)
{
  g_auto(GStrv) names = fw_sibling_list_names (name);
  g_autofree char *display = g_filename_display_name (name);
  g_autofree char *hint = NULL;
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) lists = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  /* TRANSLATORS: a file chooser's filter: the names of checksum files to
   * look for; %s is the file's name ("disk.iso.sha256") */
  hint = g_strdup_printf (_("Checksum files (“%s.sha256”, “SHA256SUMS”, “*-CHECKSUM”, …)"), display);
  gtk_file_filter_set_name (lists, hint);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *lower = g_ascii_strdown (names[i], -1);

      gtk_file_filter_add_pattern (lists, names[i]);
      gtk_file_filter_add_pattern (lists, lower);
    }
  gtk_file_filter_add_pattern (lists, "*.txt");
  gtk_file_filter_add_pattern (lists, "*.asc");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, lists);
  g_list_store_append (filters, all);
  return G_LIST_MODEL (filters);
}

/* Where the chosen file goes: the sibling offer's reader
 * (fw_window_checksum_file_chosen()) or the expected digest's
 * (fw_window_expect_list_chosen()). */
typedef void (*ChecksumChosen) (FwWindow *self,
                                GFile    *file);

typedef struct {
  FwWindow       *window;
  ChecksumChosen  chosen;
} ChecksumChooser;

static void
checksum_chooser_free (gpointer data)
{
  ChecksumChooser *chooser = data;

  g_object_unref (chooser->window);
  g_free (chooser);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
checksum_file_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ChecksumChooser *chooser = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, NULL);

  if (file != NULL)
    chooser->chosen (chooser->window, file);
  checksum_chooser_free (chooser);
}
#else
static void
checksum_file_response_cb (GtkNativeDialog *native,
                           int              response,
                           ChecksumChooser *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        chooser->chosen (chooser->window, file);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
checksum_chooser_closure_free (gpointer  data,
                               GClosure *closure)
{
  checksum_chooser_free (data);
}
#endif

static void
open_checksum_chooser (FwWindow       *self,
                       const char     *name,
                       GFile          *initial_folder,
                       ChecksumChosen  chosen)
{
  g_autoptr(GListModel) filters = checksum_filters (name);
  g_autofree char *display = g_filename_display_name (name);
  /* TRANSLATORS: a file chooser's title; %s is a file name */
  g_autofree char *title = g_strdup_printf (_("Checksum File of “%s”"), display);
  ChecksumChooser *data = g_new0 (ChecksumChooser, 1);
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GtkFileFilter) first = g_list_model_get_item (filters, 0);
#else
  GtkFileChooserNative *chooser = NULL;
#endif

  data->window = g_object_ref (self);
  data->chosen = chosen;
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_accept_label (dialog, _("_Check"));
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_set_filters (dialog, filters);
  gtk_file_dialog_set_default_filter (dialog, first);
  if (initial_folder != NULL)
    gtk_file_dialog_set_initial_folder (dialog, initial_folder);
  gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL, checksum_file_cb, data);
#else
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Check"), _("_Cancel"));
  for (guint i = 0; i < g_list_model_get_n_items (filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  if (initial_folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), initial_folder, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_data (chooser, "response", G_CALLBACK (checksum_file_response_cb),
                         data, checksum_chooser_closure_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
#endif
}

void
fw_window_choose_checksum_file (FwWindow   *self,
                                const char *name,
                                GFile      *initial_folder)
{
  open_checksum_chooser (self, name, initial_folder, fw_window_checksum_file_chosen);
}

void
fw_window_choose_checksum_list (FwWindow   *self,
                                const char *name,
                                GFile      *folder)
{
  open_checksum_chooser (self, name, folder, fw_window_expect_list_chosen);
}

/* The containing folder of a row ------------------------------------------- */

#if !GTK_CHECK_VERSION (4, 10, 0)
typedef struct {
  FwWindow *window;
  GFile    *file;
} ShowItems;

static void
show_items_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ShowItems *show = user_data;
  g_autoptr(GVariant) reply = NULL;

  if (source != NULL)
    reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  if (reply == NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (show->file);
      g_autofree char *parent_uri = parent ? g_file_get_uri (parent) : NULL;

      if (parent_uri != NULL)
        gtk_show_uri (GTK_WINDOW (show->window), parent_uri, GDK_CURRENT_TIME);
    }
  g_object_unref (show->window);
  g_object_unref (show->file);
  g_free (show);
}
#endif

/* Shows @file in the file manager: its folder opened, the file selected
 * where the file manager can. */
void
fw_window_show_in_folder (FwWindow *self,
                          GFile    *file)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

  gtk_file_launcher_open_containing_folder (launcher, GTK_WINDOW (self), NULL, NULL, NULL);
#else
  /* org.freedesktop.FileManager1 shows the file selected; without a file
   * manager on the bus, open its folder. Asynchronous: a slow file
   * manager never holds up the window. */
  g_autofree char *uri = g_file_get_uri (file);
  const char *uris[] = { uri, NULL };
  GDBusConnection *bus = g_application_get_dbus_connection (g_application_get_default ());
  ShowItems *show = g_new0 (ShowItems, 1);

  show->window = g_object_ref (self);
  show->file = g_object_ref (file);
  if (bus != NULL)
    g_dbus_connection_call (bus, "org.freedesktop.FileManager1",
                            "/org/freedesktop/FileManager1",
                            "org.freedesktop.FileManager1", "ShowItems",
                            g_variant_new ("(^ass)", uris, ""), NULL,
                            G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL,
                            show_items_cb, show);
  else
    show_items_cb (NULL, NULL, show);
#endif
}

/* Keep Those in Reference Folder… ------------------------------------------ */

#if GTK_CHECK_VERSION (4, 10, 0)
static void
reference_folder_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(FwWindow) self = user_data;
  g_autoptr(GFile) folder = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (source), result, NULL);

  if (folder != NULL)
    fw_window_dupes_reference_chosen (self, folder);
}
#else
static void
reference_folder_response_cb (GtkNativeDialog *chooser,
                              int              response,
                              FwWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (folder != NULL)
        fw_window_dupes_reference_chosen (self, folder);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}
#endif

void
fw_window_choose_reference_folder (FwWindow *self)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, _("Reference Folder"));
  gtk_file_dialog_select_folder (dialog, GTK_WINDOW (self), NULL, reference_folder_cb, g_object_ref (self));
#else
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Reference Folder"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Keep Those Here"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_data (chooser, "response", G_CALLBACK (reference_folder_response_cb),
                         g_object_ref (self), chooser_unref_window, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
#endif
}
