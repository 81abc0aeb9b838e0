/* fw-compare-tree-names.c — diff's words for types and its joined paths
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The naming half of fw-compare-tree.c: what gnulib's file_type(),
 * last_component() and file_name_concat() do, as diff 3.8 uses them.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "fw-compare-tree.h"
#include "fw-compare-tree-private.h"

const char *
fw_compare_tree_file_type (guint  mode,
                           gint64 size)
{
  /* gnulib's file_type(), as diff 3.8 prints it. */
  if (S_ISREG (mode))
    return size == 0 ? "regular empty file" : "regular file";
  if (S_ISDIR (mode))
    return "directory";
  if (S_ISLNK (mode))
    return "symbolic link";
  if (S_ISBLK (mode))
    return "block special file";
  if (S_ISCHR (mode))
    return "character special file";
  if (S_ISFIFO (mode))
    return "fifo";
  if (S_ISSOCK (mode))
    return "socket";
  return "weird file";
}

/* gnulib's last_component(): after the last run of slashes that is
 * followed by something. */
const char *
fw_compare_tree_last_component (const char *name)
{
  const char *base = name;
  gboolean last_was_slash = FALSE;

  while (*base == '/')
    base++;
  for (const char *p = base; *p != '\0'; p++)
    {
      if (*p == '/')
        last_was_slash = TRUE;
      else if (last_was_slash)
        {
          base = p;
          last_was_slash = FALSE;
        }
    }
  return base;
}

char *
fw_compare_tree_join (const char *dir,
                      const char *name)
{
  const char *base = fw_compare_tree_last_component (dir);
  gsize base_len = strlen (base);
  gsize dir_len;

  /* gnulib's base_len(): trailing slashes dropped (but one kept). */
  while (base_len > 1 && base[base_len - 1] == '/')
    base_len--;
  dir_len = (gsize) (base - dir) + base_len;
  return g_strdup_printf ("%.*s%s%s", (int) dir_len, dir,
                          base_len > 0 && base[base_len - 1] != '/' ? "/" : "",
                          name);
}
