/* fw-checksum-write.c — writing checksum-file lines (GNU, BSD tag, SFV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mirrors coreutils 9 src/digest.c output_file() and print_filename(),
 * and for BLAKE3's GNU lines b3sum 1.2's escaping (see the header).
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

/* b3sum escapes only backslash and newline, and writes a carriage return
 * raw; it does so for names in valid UTF-8 (others it cannot write). */
static gboolean
b3sum_escaping (FwChecksumFormat  format,
                FwAlgorithm       algorithm,
                const char       *name,
                gsize             length)
{
  return format == FW_CHECKSUM_GNU && algorithm == FW_ALGORITHM_BLAKE3 &&
         g_utf8_validate_len (name, length, NULL);
}

static gboolean
b3sum_needs_escape (const char *name,
                    gsize       length)
{
  return memchr (name, '\\', length) != NULL || memchr (name, '\n', length) != NULL;
}

static void
append_name (GString    *out,
             const char *name,
             gsize       length,
             gboolean    escape,
             gboolean    raw_cr)
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
        if (raw_cr)
          g_string_append_c (out, '\r');
        else
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
  gboolean escape, b3sum;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail ((guint) algorithm < FW_N_ALGORITHMS, FALSE);
  g_return_val_if_fail (hex != NULL, FALSE);
  g_return_val_if_fail (name != NULL || name_length == 0, FALSE);
  g_return_val_if_fail (format != FW_CHECKSUM_SFV || algorithm == FW_ALGORITHM_CRC32, FALSE);

  length = name_length < 0 ? strlen (name) : (gsize) name_length;
  b3sum = b3sum_escaping (format, algorithm, name, length);
  escape = b3sum ? b3sum_needs_escape (name, length)
                 : fw_checksum_name_needs_escape (name, (gssize) length);

  switch (format)
    {
    case FW_CHECKSUM_GNU:
      if (escape)
        g_string_append_c (out, '\\');
      g_string_append (out, hex);
      g_string_append (out, "  ");
      append_name (out, name, length, escape, b3sum);
      break;

    case FW_CHECKSUM_BSD:
      if (escape)
        g_string_append_c (out, '\\');
      g_string_append (out, fw_algorithm_get_tag (algorithm));
      /* BLAKE3 of another length (`hash -l`): its bits, as `BLAKE2b-256`. */
      if (algorithm == FW_ALGORITHM_BLAKE3 && strlen (hex) != 2 * fw_algorithm_get_length (algorithm))
        g_string_append_printf (out, "-%" G_GSIZE_FORMAT, strlen (hex) * 4);
      g_string_append (out, " (");
      append_name (out, name, length, escape, FALSE);
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
