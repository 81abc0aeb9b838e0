/* fw-display-name.c — how to show a file's path to the user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fw-display-name.h"

gboolean
fw_display_name_is_portal_path (const char *path)
{
  const char *rest;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_str_has_prefix (path, "/run/flatpak/doc/"))
    return TRUE;

  if (!g_str_has_prefix (path, "/run/user/"))
    return FALSE;

  /* /run/user/UID/doc/… with a numeric UID */
  rest = path + strlen ("/run/user/");
  if (!g_ascii_isdigit (*rest))
    return FALSE;
  while (g_ascii_isdigit (*rest))
    rest++;
  return g_str_has_prefix (rest, "/doc/");
}

/* GIO escapes extended attribute values that are not printable ASCII as
 * \xNN (and a backslash as \\); undo that to get the raw bytes back. */
static char *
unescape_xattr (const char *escaped)
{
  GString *raw = g_string_sized_new (strlen (escaped));

  for (const char *p = escaped; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] == 'x' &&
          g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]))
        {
          g_string_append_c (raw, (char) (g_ascii_xdigit_value (p[2]) << 4 |
                                          g_ascii_xdigit_value (p[3])));
          p += 3;
        }
      else if (p[0] == '\\' && p[1] == '\\')
        {
          g_string_append_c (raw, '\\');
          p++;
        }
      else
        g_string_append_c (raw, *p);
    }

  return g_string_free (raw, FALSE);
}

static char *
query_host_path (GFile        *file,
                 GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *raw = NULL;
  const char *escaped;
  gsize len;

  info = g_file_query_info (file, FW_DISPLAY_NAME_HOST_PATH_ATTRIBUTE,
                            G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info == NULL)
    return NULL;

  escaped = g_file_info_get_attribute_string (info, FW_DISPLAY_NAME_HOST_PATH_ATTRIBUTE);
  if (escaped == NULL || *escaped == '\0')
    return NULL;

  raw = unescape_xattr (escaped);
  /* Some writers store the terminating NUL too: it ends the path. */
  len = strlen (raw);
  if (len == 0 || raw[0] != '/')
    return NULL;

  return g_filename_display_name (raw);
}

char *
fw_display_name_for_file (GFile        *file,
                          GCancellable *cancellable)
{
  g_autofree char *path = NULL;
  char *host_path;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    return g_file_get_parse_name (file);

  host_path = query_host_path (file, cancellable);
  if (host_path != NULL)
    return host_path;

  if (fw_display_name_is_portal_path (path))
    return g_filename_display_basename (path);

  return g_filename_display_name (path);
}

char *
fw_display_name_for_path (const char *path)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  return fw_display_name_for_file (file, NULL);
}
