/* fw-cli-quote.c — file names in diagnostics, quoted as coreutils quotes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Behaviour reproduced from gnulib's quotearg (shell_escape_quoting_style
 * with ':' in quote_these_too, as coreutils' quotef uses it, and
 * shell_escape_always_quoting_style, as du's quote() does); the code is
 * our own.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "fw-cli-quote.h"

typedef enum {
  CH_SAFE,       /* printed as it is, never forces quotes */
  CH_SPECIAL,    /* printed as it is inside quotes; forces quotes */
  CH_ESCAPE,     /* printed as \\X inside $'…'; forces quotes */
  CH_OCTAL,      /* unprintable bytes: \\ooo each; forces quotes */
} CharClass;

/* One character at @s (of @n bytes left): its class, its length in bytes,
 * its escape letter, and whether C quoting could hold it unchanged. */
static CharClass
classify (const char *s,
          gsize       n,
          gsize       pos,
          gsize       total,
          gsize      *len,
          char       *esc,
          gboolean   *c_compat)
{
  unsigned char c = (unsigned char) s[0];

  *len = 1;
  *esc = 0;
  *c_compat = FALSE;

  switch (c)
    {
    case '\a': *esc = 'a'; return CH_ESCAPE;
    case '\b': *esc = 'b'; return CH_ESCAPE;
    case '\f': *esc = 'f'; return CH_ESCAPE;
    case '\n': *esc = 'n'; return CH_ESCAPE;
    case '\r': *esc = 'r'; return CH_ESCAPE;
    case '\t': *esc = 't'; return CH_ESCAPE;
    case '\v': *esc = 'v'; return CH_ESCAPE;
    case '\\':
      return CH_SPECIAL;
    case '{': case '}':
      if (total != 1)
        return CH_SAFE;
      G_GNUC_FALLTHROUGH;
    case '#': case '~':
      if (pos != 0)
        return CH_SAFE;
      G_GNUC_FALLTHROUGH;
    case ' ':
      *c_compat = TRUE;
      return CH_SPECIAL;
    case '!': case '"': case '$': case '&': case '(': case ')': case '*':
    case ';': case '<': case '=': case '>': case '[': case '^': case '`':
    case '|': case '?':
      return CH_SPECIAL;
    case '\'':
      *c_compat = TRUE;
      return CH_SPECIAL;
    case ':':
      *c_compat = TRUE;
      return CH_SPECIAL;   /* quote_these_too */
    default:
      break;
    }

  if (g_ascii_isalnum (c) || strchr ("%+,-./]_", c) != NULL)
    {
      *c_compat = TRUE;
      return CH_SAFE;
    }

  if (MB_CUR_MAX == 1)
    {
      if (isprint (c))
        {
          *c_compat = TRUE;
          return CH_SAFE;
        }
      return CH_OCTAL;
    }
  else
    {
      mbstate_t state;
      wchar_t wc;
      size_t bytes;

      memset (&state, 0, sizeof state);
      bytes = mbrtowc (&wc, s, n, &state);
      if (bytes == (size_t) -1)
        return CH_OCTAL;
      if (bytes == (size_t) -2)
        {
          *len = n;     /* an incomplete sequence runs to the end */
          return CH_OCTAL;
        }
      if (bytes == 0)
        bytes = 1;
      *len = bytes;
      if (!iswprint (wc))
        return CH_OCTAL;
      *c_compat = TRUE;
      return CH_SAFE;
    }
}

static char *
quote (const char *name,
       gboolean    always)
{
  GString *out;
  gsize total;
  gboolean needs_quotes = always;
  gboolean has_single_quote = FALSE;
  gboolean all_c_compat = TRUE;
  gboolean in_dollar = FALSE;

  g_return_val_if_fail (name != NULL, NULL);

  total = strlen (name);
  if (total == 0)
    return g_strdup ("''");

  for (gsize i = 0; i < total;)
    {
      gsize len;
      char esc;
      gboolean c_compat;
      CharClass cls = classify (name + i, total - i, i, total, &len, &esc, &c_compat);

      if (cls != CH_SAFE)
        needs_quotes = TRUE;
      if (name[i] == '\'')
        has_single_quote = TRUE;
      if (!c_compat)
        all_c_compat = FALSE;
      i += len;
    }

  if (!needs_quotes)
    return g_strdup (name);

  out = g_string_sized_new (total + 8);

  /* A name with an apostrophe and nothing worse goes in double quotes. */
  if (has_single_quote && all_c_compat)
    {
      g_string_append_c (out, '"');
      g_string_append (out, name);
      g_string_append_c (out, '"');
      return g_string_free (out, FALSE);
    }

  g_string_append_c (out, '\'');
  for (gsize i = 0; i < total;)
    {
      gsize len;
      char esc;
      gboolean c_compat;
      CharClass cls = classify (name + i, total - i, i, total, &len, &esc, &c_compat);

      if (cls == CH_ESCAPE || cls == CH_OCTAL)
        {
          if (!in_dollar)
            {
              g_string_append (out, "'$'");
              in_dollar = TRUE;
            }
          if (cls == CH_ESCAPE)
            g_string_append_printf (out, "\\%c", esc);
          else
            for (gsize k = 0; k < len; k++)
              g_string_append_printf (out, "\\%03o", (unsigned char) name[i + k]);
        }
      else if (name[i] == '\'')
        {
          g_string_append (out, "'\\''");
          in_dollar = FALSE;
        }
      else
        {
          if (in_dollar)
            {
              g_string_append (out, "''");
              in_dollar = FALSE;
            }
          g_string_append_len (out, name + i, len);
        }
      i += len;
    }
  g_string_append_c (out, '\'');
  return g_string_free (out, FALSE);
}

char *
fw_cli_quote_name (const char *name)
{
  return quote (name, FALSE);
}

char *
fw_cli_quote_name_always (const char *name)
{
  return quote (name, TRUE);
}

void
fw_cli_print_name (FILE       *out,
                   const char *name,
                   gboolean    escape)
{
  if (!escape)
    {
      fputs (name, out);
      return;
    }
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '\n')
        fputs ("\\n", out);
      else if (*p == '\r')
        fputs ("\\r", out);
      else if (*p == '\\')
        fputs ("\\\\", out);
      else
        putc (*p, out);
    }
}
