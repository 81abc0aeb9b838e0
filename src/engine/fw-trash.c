/* fw-trash.c — moving a file to the trash only if it is unchanged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fw-trash.h"

G_DEFINE_QUARK (fw-trash-error-quark, fw_trash_error)

gboolean
fw_trash_file_if_unchanged (const char    *path,
                            guint64        size,
                            gint64         mtime_ns,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GFile) file = NULL;
  struct stat st;
  gint64 now_ns;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (lstat (path, &st) != 0)
    {
      int errnum = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errnum), g_strerror (errnum));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error_literal (error, FW_TRASH_ERROR, FW_TRASH_ERROR_NOT_REGULAR,
                           "no longer a regular file");
      return FALSE;
    }
  if ((guint64) st.st_size != size)
    {
      g_set_error (error, FW_TRASH_ERROR, FW_TRASH_ERROR_CHANGED_SIZE,
                   "its size changed (%" G_GUINT64_FORMAT " bytes, now %" G_GUINT64_FORMAT ")",
                   size, (guint64) st.st_size);
      return FALSE;
    }
  now_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  if (now_ns != mtime_ns)
    {
      g_set_error_literal (error, FW_TRASH_ERROR, FW_TRASH_ERROR_CHANGED_MTIME,
                           "it was modified since");
      return FALSE;
    }

  file = g_file_new_for_path (path);
  return g_file_trash (file, cancellable, error);
}

/* The top of @path's mount: its highest ancestor on the same device. */
static char *
mount_top (const char *path,
           dev_t       dev)
{
  g_autofree char *at = g_strdup (path);

  for (;;)
    {
      g_autofree char *up = g_path_get_dirname (at);
      struct stat st;

      if (strcmp (up, at) == 0 || lstat (up, &st) != 0 || st.st_dev != dev)
        return g_steal_pointer (&at);
      g_free (at);
      at = g_steal_pointer (&up);
    }
}

char *
fw_trash_get_dir (const char *path)
{
  struct stat st, home;
  g_autofree char *top = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *shared = NULL;
  struct stat sh;

  g_return_val_if_fail (path != NULL && g_path_is_absolute (path), NULL);

  if (lstat (path, &st) != 0)
    return NULL;
  /* GIO's rule (g_local_file_trash()): the home folder's device goes to
   * the user's trash; another device to its top's .Trash/UID (a sticky
   * folder, no link) or .Trash-UID. */
  if (stat (g_get_home_dir (), &home) == 0 && home.st_dev == st.st_dev)
    return g_build_filename (g_get_user_data_dir (), "Trash", NULL);
  top = mount_top (path, st.st_dev);
  uid = g_strdup_printf ("%u", (unsigned) getuid ());
  shared = g_build_filename (top, ".Trash", NULL);
  if (lstat (shared, &sh) == 0 && S_ISDIR (sh.st_mode) && (sh.st_mode & S_ISVTX))
    return g_build_filename (shared, uid, NULL);
  {
    g_autofree char *own = g_strdup_printf (".Trash-%s", uid);

    return g_build_filename (top, own, NULL);
  }
}
