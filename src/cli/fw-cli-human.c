/* fw-cli-human.c — sizes in du's units, as gnulib's human.c writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parts of gnulib's human.c and xstrtol.c that du (coreutils 9.1)
 * uses: human_options() for DU_BLOCK_SIZE, BLOCK_SIZE, BLOCKSIZE,
 * POSIXLY_CORRECT and -B; human_readable() from 1-byte units with the
 * default rounding (up), which is always exact integer arithmetic there.
 * Compared with the real du by tests/test-cli-du.c.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "fw-cli-human.h"

static guint64
default_block_size (void)
{
  return g_getenv ("POSIXLY_CORRECT") != NULL ? 512 : 1024;
}

/* gnulib's bkm_scale_by_power(). */
static FwCliBlockSizeError
scale (guint64 *x,
       guint    base,
       int      power)
{
  FwCliBlockSizeError err = FW_CLI_BLOCK_SIZE_OK;

  while (power-- > 0)
    {
      if (*x > G_MAXUINT64 / base)
        {
          *x = G_MAXUINT64;
          err = FW_CLI_BLOCK_SIZE_OVERFLOW;
        }
      else
        *x *= base;
    }
  return err;
}

/* gnulib's xstrtoumax (spec, &end, 0, val, "eEgGkKmMpPtTyYzZ0"). */
static FwCliBlockSizeError
parse_size (const char  *spec,
            const char **end,
            guint64     *val)
{
  static const char valid[] = "eEgGkKmMpPtTyYzZ0";
  FwCliBlockSizeError err = FW_CLI_BLOCK_SIZE_OK, overflow;
  const char *q = spec;
  char *p;
  guint64 tmp;
  guint base = 1024;
  int suffixes = 1, power;

  while (g_ascii_isspace (*q))
    q++;
  if (*q == '-')
    return FW_CLI_BLOCK_SIZE_INVALID;
  errno = 0;
  tmp = strtoumax (spec, &p, 0);
  *end = p;
  if (p == spec)
    {
      if (*p != '\0' && strchr (valid, *p) != NULL)
        tmp = 1;
      else
        return FW_CLI_BLOCK_SIZE_INVALID;
    }
  else if (errno != 0)
    {
      if (errno != ERANGE)
        return FW_CLI_BLOCK_SIZE_INVALID;
      err = FW_CLI_BLOCK_SIZE_OVERFLOW;
    }
  if (*p == '\0')
    {
      *val = tmp;
      return err;
    }
  if (strchr (valid, *p) == NULL)
    {
      *val = tmp;
      return err == FW_CLI_BLOCK_SIZE_OK ? FW_CLI_BLOCK_SIZE_INVALID_SUFFIX : err;
    }
  switch (*p)
    {
    case 'E': case 'G': case 'g': case 'k': case 'K': case 'M': case 'm':
    case 'P': case 'T': case 't': case 'Y': case 'Z':
      if (p[1] == 'i' && p[2] == 'B')
        suffixes += 2;
      else if (p[1] == 'B' || p[1] == 'D')
        {
          base = 1000;
          suffixes++;
        }
      break;
    default:
      break;
    }
  switch (*p)
    {
    case 'k': case 'K': power = 1; break;
    case 'M': case 'm': power = 2; break;
    case 'G': case 'g': power = 3; break;
    case 'T': case 't': power = 4; break;
    case 'P': power = 5; break;
    case 'E': power = 6; break;
    case 'Z': power = 7; break;
    case 'Y': power = 8; break;
    default:
      *val = tmp;
      return err == FW_CLI_BLOCK_SIZE_OK ? FW_CLI_BLOCK_SIZE_INVALID_SUFFIX : err;
    }
  overflow = scale (&tmp, base, power);
  if (err == FW_CLI_BLOCK_SIZE_OK)
    err = overflow;
  p += suffixes;
  *end = p;
  if (*p != '\0' && err == FW_CLI_BLOCK_SIZE_OK)
    err = FW_CLI_BLOCK_SIZE_INVALID_SUFFIX;
  *val = tmp;
  return err;
}

FwCliBlockSizeError
fw_cli_block_size_parse (const char *spec,
                         int        *opts,
                         guint64    *block_size)
{
  FwCliBlockSizeError err = FW_CLI_BLOCK_SIZE_OK;
  int o = 0;

  g_return_val_if_fail (opts != NULL && block_size != NULL, FW_CLI_BLOCK_SIZE_INVALID);

  if (spec == NULL && (spec = g_getenv ("BLOCK_SIZE")) == NULL)
    spec = g_getenv ("BLOCKSIZE");
  if (spec == NULL)
    *block_size = default_block_size ();
  else
    {
      if (*spec == '\'')
        {
          o |= FW_CLI_HUMAN_GROUP_DIGITS;
          spec++;
        }
      /* argmatch: an unambiguous abbreviation will do. */
      if (*spec != '\0' && g_str_has_prefix ("human-readable", spec))
        {
          o |= FW_CLI_HUMAN_AUTOSCALE | FW_CLI_HUMAN_SI | FW_CLI_HUMAN_BASE_1024;
          *block_size = 1;
        }
      else if (*spec != '\0' && g_str_has_prefix ("si", spec))
        {
          o |= FW_CLI_HUMAN_AUTOSCALE | FW_CLI_HUMAN_SI;
          *block_size = 1;
        }
      else
        {
          const char *end = spec;
          guint64 v = 0;

          err = parse_size (spec, &end, &v);
          if (err != FW_CLI_BLOCK_SIZE_OK)
            {
              *opts = 0;
              *block_size = v;
              if (*block_size == 0)
                *block_size = default_block_size ();
              return err == FW_CLI_BLOCK_SIZE_OK ? FW_CLI_BLOCK_SIZE_INVALID : err;
            }
          *block_size = v;
          /* No digit before the suffix: the unit is shown. */
          for (const char *s = spec; !(*s >= '0' && *s <= '9'); s++)
            if (s == end)
              {
                o |= FW_CLI_HUMAN_SI;
                if (end[-1] == 'B')
                  o |= FW_CLI_HUMAN_B;
                if (end[-1] != 'B' || end[-2] == 'i')
                  o |= FW_CLI_HUMAN_BASE_1024;
                break;
              }
        }
    }
  *opts = o;
  if (*block_size == 0)
    {
      *block_size = default_block_size ();
      err = FW_CLI_BLOCK_SIZE_INVALID;
    }
  return err;
}

/* gnulib's group_number(), for the locale's grouping. */
static char *
group_digits (char   *number,
              size_t  numberlen,
              char   *scratch)
{
  struct lconv const *l = localeconv ();
  const char *grouping = l->grouping;
  const char *sep = l->thousands_sep;
  size_t seplen = strlen (sep);
  size_t grouplen = G_MAXSIZE;
  const char *d;
  char *out = scratch + FW_CLI_HUMAN_BUFSIZE;

  memcpy (scratch, number, numberlen);
  d = scratch + numberlen;
  *--out = '\0';
  for (;;)
    {
      unsigned char g = (unsigned char) *grouping;

      if (g != 0)
        {
          grouplen = g < CHAR_MAX ? g : numberlen;
          grouping++;
        }
      if (numberlen < grouplen)
        grouplen = numberlen;
      d -= grouplen;
      out -= grouplen;
      memcpy (out, d, grouplen);
      numberlen -= grouplen;
      if (numberlen == 0)
        break;
      out -= seplen;
      memcpy (out, sep, seplen);
    }
  return out;
}

const char *
fw_cli_human_readable (guint64  n,
                       int      opts,
                       guint64  to_block_size,
                       char    *buf)
{
  static const char power_letter[] = { 0, 'K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y', 'R', 'Q' };
  const int exponent_max = (int) sizeof power_letter - 1;
  guint base = (opts & FW_CLI_HUMAN_BASE_1024) ? 1024 : 1000;
  const char *decimal_point = ".";
  size_t decimal_pointlen = 1;
  struct lconv const *l = localeconv ();
  size_t pointlen = strlen (l->decimal_point);
  guint64 amt = n;
  guint tenths = 0, rounding = 0;
  int exponent = -1;
  char *p, *q, *psuffix;

  if (pointlen > 0 && pointlen <= 16)
    {
      decimal_point = l->decimal_point;
      decimal_pointlen = pointlen;
    }

  /* From 1-byte units: a whole division, with tenths and what is left
   * for rounding (0: none; 1: under half; 2: half; 3: over half). */
  if (to_block_size > 1)
    {
      guint64 divisor = to_block_size;
      guint64 r10 = (amt % divisor) * 10;
      guint64 r2 = (r10 % divisor) * 2;

      amt /= divisor;
      tenths = (guint) (r10 / divisor);
      rounding = r2 < divisor ? 0 < r2 : 2 + (divisor < r2);
    }

  p = buf + FW_CLI_HUMAN_BUFSIZE / 2;
  psuffix = p;
  *p = '\0';

  if (opts & FW_CLI_HUMAN_AUTOSCALE)
    {
      exponent = 0;
      if (base <= amt)
        {
          do
            {
              guint r10 = (guint) (amt % base) * 10 + tenths;
              guint r2 = (r10 % base) * 2 + (rounding >> 1);

              amt /= base;
              tenths = r10 / base;
              rounding = (r2 < base ? (r2 + rounding) != 0 : 2 + (base < r2 + rounding));
              exponent++;
            }
          while (base <= amt && exponent < exponent_max);

          if (amt < 10)
            {
              if (0 < rounding)   /* rounding up */
                {
                  tenths++;
                  rounding = 0;
                  if (tenths == 10)
                    {
                      amt++;
                      tenths = 0;
                    }
                }
              if (amt < 10)
                {
                  *--p = (char) ('0' + tenths);
                  p -= decimal_pointlen;
                  memcpy (p, decimal_point, decimal_pointlen);
                  tenths = rounding = 0;
                }
            }
        }
    }

  if (0 < tenths + rounding)
    {
      amt++;
      if ((opts & FW_CLI_HUMAN_AUTOSCALE) && amt == base && exponent < exponent_max)
        {
          exponent++;
          *--p = '0';
          p -= decimal_pointlen;
          memcpy (p, decimal_point, decimal_pointlen);
          amt = 1;
        }
    }

  q = p;
  do
    *--q = (char) ('0' + amt % 10);
  while ((amt /= 10) != 0);

  if (opts & FW_CLI_HUMAN_GROUP_DIGITS)
    {
      char scratch[FW_CLI_HUMAN_BUFSIZE];
      /* Only the integer part is grouped. */
      size_t intlen = (size_t) (p - q);
      char *grouped = group_digits (q, intlen, scratch);
      size_t glen = strlen (grouped);
      char *tail = g_strdup (p);

      q = buf;
      memmove (q, grouped, glen);
      p = q + glen;
      strcpy (p, tail);
      psuffix = p + strlen (tail);
      g_free (tail);
    }

  if (opts & FW_CLI_HUMAN_SI)
    {
      if (exponent < 0)
        {
          guint64 power;

          exponent = 0;
          for (power = 1; power < to_block_size; power *= base)
            if (++exponent == exponent_max)
              break;
        }
      if (exponent)
        *psuffix++ = (!(opts & FW_CLI_HUMAN_BASE_1024) && exponent == 1) ? 'k'
                                                                          : power_letter[exponent];
      if (opts & FW_CLI_HUMAN_B)
        {
          if ((opts & FW_CLI_HUMAN_BASE_1024) && exponent)
            *psuffix++ = 'i';
          *psuffix++ = 'B';
        }
      *psuffix = '\0';
    }
  return q;
}
