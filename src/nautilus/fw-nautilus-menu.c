/* fw-nautilus-menu.c — the "Fileworks" submenu in Files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A NautilusMenuProvider: for a selection whose every item Fileworks can
 * read by path (a native file, or a GVfs location through its FUSE
 * mount), a "Fileworks" item with a submenu of the jobs that fit
 * (fw-nautilus-jobs.c), when Fileworks is installed (on the host or as
 * the Flatpak: fw-nautilus-launch.h). Choosing one starts `fileworks
 * --JOB PATH…` (or `flatpak run …`); an instance already running gets the
 * files in its window (the app's open hint) and the process started
 * exits. Runs in Files' main thread.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fw-nautilus-jobs.h"
#include "fw-nautilus-launch.h"
#include "fw-nautilus-menu.h"

struct _FwNautilusMenu
{
  GObject parent_instance;
};

static void fw_nautilus_menu_provider_init (NautilusMenuProviderInterface *iface);

G_DEFINE_DYNAMIC_TYPE_EXTENDED (FwNautilusMenu, fw_nautilus_menu, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (NAUTILUS_TYPE_MENU_PROVIDER,
                                                               fw_nautilus_menu_provider_init))

/* The selection a menu item was made for. */
typedef struct {
  char   **paths;
  GArray  *items;  /* FwNautilusItem, paths pointing into @paths */
} Selection;

static void
selection_free (Selection *selection)
{
  g_strfreev (selection->paths);
  g_array_unref (selection->items);
  g_free (selection);
}

static Selection *
selection_copy (GPtrArray *paths,
                GArray    *items)
{
  Selection *copy = g_new0 (Selection, 1);

  copy->paths = g_strdupv ((char **) paths->pdata);
  copy->items = g_array_sized_new (FALSE, FALSE, sizeof (FwNautilusItem), items->len);
  for (guint i = 0; i < items->len; i++)
    {
      FwNautilusItem item = { copy->paths[i], g_array_index (items, FwNautilusItem, i).is_folder };

      g_array_append_val (copy->items, item);
    }
  return copy;
}

/* The path Fileworks opens for @info, or NULL when it cannot read it
 * (a remote location without GVfs's FUSE mount, trash, a search). The
 * activation URI: recent:// and the like name their target there. */
static char *
readable_path (NautilusFileInfo *info)
{
  g_autofree char *uri = nautilus_file_info_get_activation_uri (info);
  g_autoptr(GFile) file = NULL;

  if (uri != NULL)
    file = g_file_new_for_uri (uri);
  else
    file = nautilus_file_info_get_location (info);
  return file != NULL ? g_file_get_path (file) : NULL;
}

static void
item_activate_cb (NautilusMenuItem *item,
                  gpointer          user_data)
{
  FwNautilusJob job = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (item), "fw-job"));
  Selection *selection = g_object_get_data (G_OBJECT (item), "fw-selection");

  fw_nautilus_launch (job, (const FwNautilusItem *) (void *) selection->items->data,
                      selection->items->len);
}

static GList *
fw_nautilus_menu_get_file_items (NautilusMenuProvider *provider,
                                 GList                *files)
{
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (FwNautilusItem));
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(NautilusMenuItem) top = NULL;
  g_autoptr(NautilusMenu) submenu = NULL;
  g_autofree char *program = NULL;
  gboolean any = FALSE;

  for (GList *l = files; l != NULL; l = l->next)
    {
      NautilusFileInfo *info = l->data;
      char *path;
      FwNautilusItem item;

      if (nautilus_file_info_is_gone (info) || (path = readable_path (info)) == NULL)
        return NULL;
      g_ptr_array_add (paths, path);
      item.path = path;
      item.is_folder = nautilus_file_info_is_directory (info);
      g_array_append_val (items, item);
    }
  if (items->len == 0 || fw_nautilus_find_install (&program) == FW_NAUTILUS_INSTALL_NONE)
    return NULL;
  g_ptr_array_add (paths, NULL);

  submenu = nautilus_menu_new ();
  for (FwNautilusJob job = 0; job < FW_NAUTILUS_N_JOBS; job++)
    {
      g_autofree char *name = NULL;
      g_autoptr(NautilusMenuItem) item = NULL;

      if (!fw_nautilus_job_fits (job, (FwNautilusItem *) (void *) items->data, items->len))
        continue;
      name = g_strconcat ("Fileworks::", fw_nautilus_job_id (job), NULL);
      item = nautilus_menu_item_new (name, fw_nautilus_job_label (job), fw_nautilus_job_tip (job), NULL);
      g_object_set_data (G_OBJECT (item), "fw-job", GUINT_TO_POINTER (job));
      g_object_set_data_full (G_OBJECT (item), "fw-selection",
                              selection_copy (paths, items), (GDestroyNotify) selection_free);
      g_signal_connect (item, "activate", G_CALLBACK (item_activate_cb), NULL);
      nautilus_menu_append_item (submenu, item);
      any = TRUE;
    }
  if (!any)
    return NULL;

  top = nautilus_menu_item_new ("Fileworks::menu", "Fileworks",
                                _("Hash, size, verify or compare the selection, or find duplicates, in Fileworks"), NULL);
  nautilus_menu_item_set_submenu (top, submenu);
  return g_list_append (NULL, g_steal_pointer (&top));
}

static void
fw_nautilus_menu_provider_init (NautilusMenuProviderInterface *iface)
{
  iface->get_file_items = fw_nautilus_menu_get_file_items;
}

static void
fw_nautilus_menu_class_init (FwNautilusMenuClass *klass)
{
}

static void
fw_nautilus_menu_class_finalize (FwNautilusMenuClass *klass)
{
}

static void
fw_nautilus_menu_init (FwNautilusMenu *self)
{
}

void
fw_nautilus_menu_register (GTypeModule *module)
{
  fw_nautilus_menu_register_type (module);
}
