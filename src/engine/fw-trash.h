/* fw-trash.h — moving a file to the trash only if it is still the file
 * that was looked at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FW_TRASH_ERROR (fw_trash_error_quark ())
GQuark fw_trash_error_quark (void);

/**
 * FwTrashError:
 * @FW_TRASH_ERROR_CHANGED_SIZE: its size is not the one expected
 * @FW_TRASH_ERROR_CHANGED_MTIME: its modification time is not the one
 *   expected (same size)
 * @FW_TRASH_ERROR_NOT_REGULAR: it is no longer a regular file (a folder,
 *   a symbolic link, a FIFO took its place)
 *
 * Why fw_trash_file_if_unchanged() refused. The window words each code
 * itself; the messages are English, for the tooltip.
 */
typedef enum {
  FW_TRASH_ERROR_CHANGED_SIZE,
  FW_TRASH_ERROR_CHANGED_MTIME,
  FW_TRASH_ERROR_NOT_REGULAR,
} FwTrashError;

/**
 * fw_trash_file_if_unchanged:
 * @path: the file, as it was found (not followed if a symbolic link)
 * @size: the size it had when it was hashed or sized
 * @mtime_ns: its st_mtim then, in nanoseconds since the epoch (as
 *   #FwDupesFile.mtime_ns)
 * @cancellable: (nullable): passed to g_file_trash()
 * @error: return location: %FW_TRASH_ERROR when the file changed, else
 *   g_file_trash()'s %G_IO_ERROR (%G_IO_ERROR_NOT_FOUND for a file that
 *   is gone, %G_IO_ERROR_NOT_SUPPORTED where there is no trash)
 *
 * Moves @path to the trash (GIO's g_file_trash(); in the Flatpak GIO goes
 * through the trash portal) only when its lstat() still shows a regular
 * file of @size bytes modified at @mtime_ns. Never deletes anything. The
 * check and the move are two steps: a change between them is not seen
 * (no portable way to trash an open file exists).
 *
 * Blocking I/O: call it from a worker, or a thread of the caller's own.
 *
 * Returns: %TRUE when the file went to the trash
 */
gboolean fw_trash_file_if_unchanged (const char    *path,
                                     guint64        size,
                                     gint64         mtime_ns,
                                     GCancellable  *cancellable,
                                     GError       **error);

/**
 * fw_trash_get_dir:
 * @path: an absolute path of an existing entry
 *
 * Where GIO's trash (g_file_trash()) would move @path: the user's trash
 * (`$XDG_DATA_HOME/Trash`) for an entry on the home folder's device,
 * else the trash at the top of its mount (`.Trash/UID`, or
 * `.Trash-UID`). The size tree uses it to tell an entry that only moves
 * inside the scanned folder. Any thread.
 *
 * Returns: (transfer full) (nullable): the trash folder's path, or %NULL
 *   if @path cannot be examined
 */
char *fw_trash_get_dir (const char *path);

G_END_DECLS
