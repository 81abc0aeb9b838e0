/* fw-display-name.h — how to show a file's path to the user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * FW_DISPLAY_NAME_HOST_PATH_ATTRIBUTE:
 *
 * The GFileInfo attribute under which the document portal's FUSE mount
 * gives a file's path on the host (the `user.document-portal.host-path`
 * extended attribute; newer portals set it).
 */
#define FW_DISPLAY_NAME_HOST_PATH_ATTRIBUTE "xattr::document-portal.host-path"

/**
 * fw_display_name_for_file:
 * @file: a #GFile
 * @cancellable: (nullable): a #GCancellable
 *
 * Returns the string to show the user for @file. Inside the Flatpak
 * sandbox, files reach the app through the document portal as
 * `/run/user/UID/doc/ID/NAME` (or `/run/flatpak/doc/ID/NAME`), which means
 * nothing to the user; so:
 *
 * 1. when the file carries #FW_DISPLAY_NAME_HOST_PATH_ATTRIBUTE, its host
 *    path (unescaped, as UTF-8 for display);
 * 2. else, for a document-portal path, the file's display name (the last
 *    component, as UTF-8);
 * 3. else the path itself, converted for display
 *    (g_filename_display_name()); for a non-native file, its parse name.
 *
 * It does blocking I/O (one getxattr for a portal path, none for another
 * local path), cheap enough for a worker thread, and safe to call from
 * any thread. Never fails: on any error it falls back to the next step.
 *
 * Returns: (transfer full): a newly allocated UTF-8 string
 */
char     *fw_display_name_for_file        (GFile        *file,
                                           GCancellable *cancellable);

/**
 * fw_display_name_for_path:
 * @path: a file name in the GLib file name encoding
 *
 * fw_display_name_for_file() for a path.
 *
 * Returns: (transfer full): a newly allocated UTF-8 string
 */
char     *fw_display_name_for_path        (const char   *path);

/**
 * fw_display_name_is_portal_path:
 * @path: an absolute path
 *
 * Returns: %TRUE when @path is inside a document portal mount
 * (`/run/user/UID/doc/…` or `/run/flatpak/doc/…`)
 */
gboolean  fw_display_name_is_portal_path  (const char   *path);

G_END_DECLS
