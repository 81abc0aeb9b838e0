/* fw-checksum-write.c — writing checksum-file lines (GNU, BSD tag, SFV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mirrors coreutils 9 src/digest.c output_file() and print_filename().
 */
#include "config.h"

#include <string.h>

#include "fw-checksum-write.h"

gboolean
fw_checksum_name_needs_escape (const char *name,
                               gssize      name_length)
{
  gsize length;

  g_return_val_if_fail (name != NULL || name_length == 0, FALSE);

  length = name_length < 0 ? strlen (name) : (gsize) name_length;
  for (gsize i = 0; i < length; i++)
    if (name[i] == '\\' || name[i] == '\n' || name[i] == '\r')
      return TRUE;
  return FALSE;
}

static void
append_name (GString    *out,
             const char *name,
             gsize       length,
             gboolean    escape)
{
  if (!escape)
    {
      g_string_append_len (out, name, (gssize) length);
      return;
    }
  for (gsize i = 0; i < length; i++)
    switch (name[i])
      {
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\r':
        g_string_append (out, "\\r");
        break;
      case '\\':
        g_string_append (out, "\\\\");
        break;
      default:
        g_string_append_c (out, name[i]);
        break;
      }
}

gboolean
fw_checksum_append_line (GString          *out,
                         FwChecksumFormat  format,
                         FwAlgorithm       algorithm,
                         const char       *hex,
                         const char       *name,
                         gssize            name_length)
{
  gsize length;
  gboolean escape;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail ((guint) algorithm < FW_N_ALGORITHMS, FALSE);
  g_return_val_if_fail (hex != NULL, FALSE);
  g_return_val_if_fail (name != NULL || name_length == 0, FALSE);
  g_return_val_if_fail (format != FW_CHECKSUM_SFV || algorithm == FW_ALGORITHM_CRC32, FALSE);

  length = name_length < 0 ? strlen (name) : (gsize) name_length;
  escape = fw_checksum_name_needs_escape (name, (gssize) length);

  switch (format)
    {
    case FW_CHECKSUM_GNU:
      if (escape)
        g_string_append_c (out, '\\');
      g_string_append (out, hex);
      g_string_append (out, "  ");
      append_name (out, name, length, escape);
      break;

    case FW_CHECKSUM_BSD:
      if (escape)
        g_string_append_c (out, '\\');
      g_string_append (out, fw_algorithm_get_tag (algorithm));
      g_string_append (out, " (");
      append_name (out, name, length, escape);
      g_string_append (out, ") = ");
      g_string_append (out, hex);
      break;

    case FW_CHECKSUM_SFV:
      if (memchr (name, '\n', length) != NULL || memchr (name, '\r', length) != NULL)
        return FALSE;
      g_string_append_len (out, name, (gssize) length);
      g_string_append_c (out, ' ');
      for (const char *p = hex; *p != '\0'; p++)
        g_string_append_c (out, g_ascii_toupper (*p));
      break;

    default:
      g_return_val_if_reached (FALSE);
    }
  g_string_append_c (out, '\n');
  return TRUE;
}
