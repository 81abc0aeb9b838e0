/* fw-trash.c — moving a file to the trash only if it is unchanged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>

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
