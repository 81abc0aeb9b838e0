/* fw-cli-compare.c — `fileworks-cli compare`: GNU cmp, both files read at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints what `cmp FILE1 FILE2` (GNU diffutils 3.8) prints, byte for byte,
 * with its exit status: 0 the same, 1 different, 2 trouble (a file that
 * cannot be opened or read, wrong usage, a write error). Messages name
 * the command, "fileworks-cli compare:", where cmp's name themselves
 * "cmp:", as `hash` and `size` do for sha256sum and du. Names are printed
 * as given, unquoted, as cmp prints them. The comparison is the engine's
 * fw_compare_fds(); -l and -b (cmp's byte listings) are not offered.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fw-cli.h"
#include "fw-cli-quote.h"
#include "fw-compare.h"
#include "fw-exclude.h"

#define PREFIX "fileworks-cli compare"

/* cmp's answers: same, different, trouble. */
enum {
  STATUS_SAME = 0,
  STATUS_DIFFERENT = 1,
  STATUS_TROUBLE = 2,
};

typedef enum {
  NUMBER_OK,
  NUMBER_INVALID,
  NUMBER_OVERFLOW,
  NUMBER_SUFFIX_CHAR,  /* a valid number, then *end is not a suffix */
} NumberStatus;

/* gnulib's xstrtoimax()/xstrtoumax() with cmp's suffixes "kKMGTPEZY0":
 * base 0 (0x.. hexadecimal, 0.. octal), k/K M G T P E Z Y powers of 1024,
 * or of 1000 when followed by B or D, of 1024 with iB; a suffix alone
 * counts 1 of it. Negative numbers only when @negative_ok. */
static NumberStatus
parse_number (const char  *s,
              gboolean     negative_ok,
              const char **end,
              gint64      *value)
{
  static const char valid[] = "kKMGTPEZY0";
  const char *q = s;
  char *p = NULL;
  gboolean overflow = FALSE;
  gboolean negative;
  guint64 magnitude;
  guint power = 0;
  guint base = 1024;
  guint suffixes = 1;

  while (g_ascii_isspace (*q))
    q++;
  negative = *q == '-';
  if (negative && !negative_ok)
    {
      *end = s;
      return NUMBER_INVALID;
    }

  errno = 0;
  if (negative)
    {
      intmax_t v = strtoimax (s, &p, 0);
      overflow = errno == ERANGE;
      magnitude = v == INTMAX_MIN ? (guint64) INTMAX_MAX + 1 : (guint64) -v;
    }
  else
    {
      uintmax_t v = strtoumax (s, &p, 0);
      overflow = errno == ERANGE || v > (uintmax_t) G_MAXINT64;
      magnitude = v;
    }
  *end = p;

  if (p == s)
    {
      if (*p != '\0' && strchr (valid, *p) != NULL)
        magnitude = 1;
      else
        return NUMBER_INVALID;
    }

  if (*p != '\0')
    {
      if (strchr (valid, *p) == NULL)
        {
          *value = negative ? -(gint64) MIN (magnitude, (guint64) G_MAXINT64) : (gint64) MIN (magnitude, (guint64) G_MAXINT64);
          return overflow ? NUMBER_OVERFLOW : NUMBER_SUFFIX_CHAR;
        }
      if (p[1] == 'i' && p[2] == 'B')
        suffixes = 3;
      else if (p[1] == 'B' || p[1] == 'D')
        {
          base = 1000;
          suffixes = 2;
        }
      switch (*p)
        {
        case 'k': case 'K': power = 1; break;
        case 'M': power = 2; break;
        case 'G': power = 3; break;
        case 'T': power = 4; break;
        case 'P': power = 5; break;
        case 'E': power = 6; break;
        case 'Z': power = 7; break;
        case 'Y': power = 8; break;
        default:
          return overflow ? NUMBER_OVERFLOW : NUMBER_SUFFIX_CHAR;
        }
      for (guint i = 0; i < power; i++)
        {
          if (magnitude > G_MAXUINT64 / base)
            {
              overflow = TRUE;
              magnitude = G_MAXUINT64;
            }
          else
            magnitude *= base;
        }
      p += suffixes;
      *end = p;
    }

  /* Our values fit a gint64 (an off_t); more is an overflow. */
  if (magnitude > (guint64) G_MAXINT64 + (negative ? 1 : 0))
    overflow = TRUE;
  magnitude = MIN (magnitude, (guint64) G_MAXINT64);
  *value = negative ? -(gint64) magnitude : (gint64) magnitude;
  if (*p != '\0')
    return overflow ? NUMBER_OVERFLOW : NUMBER_SUFFIX_CHAR;
  return overflow ? NUMBER_OVERFLOW : NUMBER_OK;
}

/* Wrong usage: the message and the hint, both named as diffutils names
 * them ("cmp: Try 'cmp --help' …", unlike coreutils), and status 2. */
static int usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", PREFIX, message);
  fprintf (stderr, "%s: ", PREFIX);
  fprintf (stderr, _("Try '%s --help' for more information.\n"), PREFIX);
  return STATUS_TROUBLE;
}

/* cmp's specify_ignore_initial(): a skip for side @f, the largest of
 * those given; *@arg moves past the number (to the ':' if @delimiter). */
static gboolean
specify_skip (guint64      skips[2],
              guint        f,
              const char **arg,
              char         delimiter)
{
  const char *start = *arg;
  const char *end = start;
  gint64 value = 0;
  NumberStatus status = parse_number (start, TRUE, &end, &value);

  *arg = end;
  if (!(status == NUMBER_OK
        || (status == NUMBER_SUFFIX_CHAR && delimiter != '\0' && *end == delimiter))
      || value < 0)
    {
      usage_error (_("invalid --ignore-initial value '%s'"), start);
      return FALSE;
    }
  skips[f] = MAX (skips[f], (guint64) value);
  return TRUE;
}

/* Writes all of @text to standard output, past stdio (so a failure is
 * told here, in cmp's words, and never again by fw_cli_run()). */
static int
write_stdout (const char *text)
{
  gsize len = strlen (text);

  fflush (stdout);
  while (len > 0)
    {
      gssize n = write (STDOUT_FILENO, text, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;

          fprintf (stderr, "%s: %s: %s\n", PREFIX, _("standard output"), g_strerror (errsv));
          return STATUS_TROUBLE;
        }
      text += n;
      len -= n;
    }
  return STATUS_SAME;
}

/* Is standard output /dev/null? Then cmp counts no lines and prints no
 * line numbers. */
static gboolean
stdout_is_null (void)
{
  struct stat out, null;

  return fstat (STDOUT_FILENO, &out) == 0 && stat ("/dev/null", &null) == 0
         && out.st_dev == null.st_dev && out.st_ino == null.st_ino;
}

/* gnulib's stdopen(), which cmp calls first: a closed standard
 * descriptor gets /dev/null, opened the wrong way round (so reading
 * standard input or writing the others fails), so that no file opened
 * later lands there. */
static void
open_closed_std_fds (void)
{
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
    if (fcntl (fd, F_GETFD) < 0 && errno == EBADF)
      {
        int null = open ("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY);

        if (null >= 0 && null != fd)
          {
            dup2 (null, fd);
            close (null);
          }
      }
}

/* cmp's messages take their numbers as strings (as offtostr() makes them). */
#define BYTE_MESSAGE N_("%s %s differ: byte %s, line %s\n")

/* Are messages those of the C (POSIX) locale, untranslated? */
static gboolean
posix_messages (void)
{
  const char *name = setlocale (LC_MESSAGES, NULL);
  const char *msgid = BYTE_MESSAGE;

  if (g_strcmp0 (_(msgid), msgid) != 0)
    return FALSE;
  return name == NULL || strcmp (name, "C") == 0 || strcmp (name, "POSIX") == 0;
}

static void
print_help (void)
{
  printf (_("Usage: %s [OPTION]... FILE1 [FILE2 [SKIP1 [SKIP2]]]\n"), "fileworks-cli compare");
  printf (_("  or:  %s -r [-q] [--exclude=PATTERN]... FOLDER1 FOLDER2\n"), "fileworks-cli compare");
  printf ("%s\n\n", _("Compare two files byte by byte, as 'cmp' does, reading both at once.\n"
                       "FILE2 defaults to '-', standard input. With -r, compare two folders\n"
                       "as 'diff -rq' does, and print what it prints."));
  printf ("%s\n", _("Options:"));
  printf ("  -i, --ignore-initial=SKIP        %s\n", _("skip the first SKIP bytes of both inputs"));
  printf ("  -i, --ignore-initial=SKIP1:SKIP2 %s\n", _("skip SKIP1 bytes of FILE1 and SKIP2 bytes of FILE2"));
  printf ("  -n, --bytes=LIMIT                %s\n", _("compare at most LIMIT bytes"));
  printf ("  -s, --quiet, --silent            %s\n", _("print nothing; only the exit status"));
  printf ("  -r, --recursive                  %s\n", _("compare two folders, the files in them by content"));
  printf ("  -q, --brief                      %s\n", _("with -r: accepted, as diff -rq (only whether files differ)"));
  printf ("      --exclude=PATTERN            %s\n", _("with -r: leave out entries whose path below each folder\n"
                                                      "                                   matches PATTERN, on both sides, as 'du --exclude' does"));
  printf ("      --exclude-from=FILE          %s\n", _("with -r: leave out entries that match any pattern in FILE"));
  printf ("  -h, --help                       %s\n", _("show this help and exit"));
  printf ("\n%s\n", _("SKIP and LIMIT may end in kB (1000), K or KiB (1024), MB, M, and so on up to Y."));
  printf ("%s\n", _("Exit status: 0 if the inputs are the same, 1 if different, 2 if trouble."));
  printf ("%s\n", _("With -r, 2 whenever there was trouble, even if differences were found."));
}

enum {
  OPT_HELP = 256,
  OPT_VERSION,
  OPT_EXCLUDE,
  OPT_EXCLUDE_FROM,
};

int
fw_cli_compare_main (int    argc,
                     char **argv)
{
  static const struct option long_options[] = {
    { "ignore-initial", required_argument, NULL, 'i' },
    { "bytes", required_argument, NULL, 'n' },
    { "quiet", no_argument, NULL, 's' },
    { "silent", no_argument, NULL, 's' },
    { "recursive", no_argument, NULL, 'r' },
    { "brief", no_argument, NULL, 'q' },
    { "exclude", required_argument, NULL, OPT_EXCLUDE },
    { "exclude-from", required_argument, NULL, OPT_EXCLUDE_FROM },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, OPT_VERSION },
    { NULL, 0, NULL, 0 }
  };
  guint64 skips[2] = { 0, 0 };
  guint64 limit = G_MAXUINT64;
  gboolean quiet = FALSE;
  gboolean recursive = FALSE;
  gboolean brief = FALSE;
  gboolean byte_options = FALSE;
  gboolean excludes = FALSE;
  g_autoptr(FwExclude) exclude = fw_exclude_new ();
  gboolean no_stdout = FALSE;
  const char *files[2];
  int fds[2] = { -1, -1 };
  FwCompareResult result;
  FwCompareFlags flags = FW_COMPARE_NONE;
  g_autoptr(GError) error = NULL;
  g_autofree char *byte = NULL;
  g_autofree char *line_number = NULL;
  int status = STATUS_TROUBLE;
  int c;

  open_closed_std_fds ();

  optind = 0;
  opterr = 0;
  while ((c = getopt_long (argc, argv, ":i:n:shrq", long_options, NULL)) != -1)
    {
      switch (c)
        {
        case 'r':
          recursive = TRUE;
          break;
        case 'q':
          brief = TRUE;
          break;
        case OPT_EXCLUDE:
          excludes = TRUE;
          fw_exclude_add (exclude, optarg);
          break;
        case OPT_EXCLUDE_FROM:
          {
            g_autoptr(GError) read_error = NULL;

            excludes = TRUE;
            if (!fw_exclude_add_from_file (exclude, optarg, &read_error))
              {
                g_autofree char *quoted = fw_cli_quote_name (optarg);

                fprintf (stderr, "%s: %s: %s\n", "fileworks-cli compare", quoted, read_error->message);
                return STATUS_TROUBLE;
              }
          }
          break;
        case 'i':
          {
            const char *arg = optarg;

            byte_options = TRUE;

            if (!specify_skip (skips, 0, &arg, ':'))
              return STATUS_TROUBLE;
            if (*arg == ':')
              {
                arg++;
                if (!specify_skip (skips, 1, &arg, '\0'))
                  return STATUS_TROUBLE;
              }
            else
              skips[1] = MAX (skips[1], skips[0]);
          }
          break;
        case 'n':
          {
            const char *end = NULL;
            gint64 value = 0;

            byte_options = TRUE;
            if (parse_number (optarg, FALSE, &end, &value) != NUMBER_OK)
              return usage_error (_("invalid --bytes value '%s'"), optarg);
            limit = MIN (limit, (guint64) value);
          }
          break;
        case 's':
          byte_options = TRUE;
          quiet = TRUE;
          break;
        case 'h':
          print_help ();
          return STATUS_SAME;
        case OPT_VERSION:
          printf ("fileworks-cli %s\n", PACKAGE_VERSION);
          return STATUS_SAME;
        case ':':
          return usage_error (_("option requires an argument -- '%s'"),
                              optopt == 'i' ? "i" : optopt == 'n' ? "n" : argv[optind - 1]);
        default:
          if (optopt != 0)
            {
              char opt[2] = { (char) optopt, '\0' };
              return usage_error (_("invalid option -- '%s'"), opt);
            }
          return usage_error (_("unrecognized option '%s'"), argv[optind - 1]);
        }
    }

  /* Two folders, as diff -rq (its messages for missing operands). */
  if (recursive)
    {
      if (byte_options)
        return usage_error (_("options -i, -n and -s do not go with -r"));
      if (argc - optind < 2)
        return usage_error (_("missing operand after '%s'"), argv[argc - 1]);
      if (argc - optind > 2)
        return usage_error (_("extra operand '%s'"), argv[optind + 2]);
      return fw_cli_compare_tree_main (argv[optind], argv[optind + 1], exclude);
    }
  if (brief)
    return usage_error (_("option -q goes with -r only"));
  if (excludes)
    return usage_error (_("options --exclude and --exclude-from go with -r only"));

  if (optind == argc)
    return usage_error (_("missing operand after '%s'"), "fileworks-cli compare");
  if (argc - optind > 4)
    return usage_error (_("extra operand '%s'"), argv[optind + 4]);

  files[0] = argv[optind++];
  files[1] = optind < argc ? argv[optind++] : "-";
  for (guint f = 0; f < 2 && optind < argc; f++)
    {
      const char *arg = argv[optind++];

      if (!specify_skip (skips, f, &arg, '\0'))
        return STATUS_TROUBLE;
    }

  if (!quiet)
    no_stdout = stdout_is_null ();
  if (quiet)
    flags |= FW_COMPARE_STOP_AT_SIZE;
  else if (!no_stdout)
    flags |= FW_COMPARE_COUNT_LINES;

  for (guint f = 0; f < 2; f++)
    {
      /* The same name twice, skipped alike: the same (cmp asks no more). */
      if (f == 1 && skips[0] == skips[1] && strcmp (files[0], files[1]) == 0)
        {
          status = STATUS_SAME;
          goto out;
        }
      if (strcmp (files[f], "-") == 0)
        fds[f] = STDIN_FILENO;
      else
        fds[f] = open (files[f], O_RDONLY | O_CLOEXEC);
      if (fds[f] < 0)
        {
          int errsv = errno;

          if (!quiet)
            fprintf (stderr, "%s: %s: %s\n", PREFIX, files[f], g_strerror (errsv));
          goto out;
        }
    }

  if (!fw_compare_fds (fds[0], fds[1], skips[0], skips[1], limit, flags,
                       NULL, &result, &error))
    {
      fprintf (stderr, "%s: %s: %s\n", PREFIX, files[result.side], error->message);
      goto out;
    }

  byte = g_strdup_printf ("%" G_GUINT64_FORMAT, result.byte);
  line_number = g_strdup_printf ("%" G_GUINT64_FORMAT, result.line);

  switch (result.verdict)
    {
    case FW_COMPARE_IDENTICAL:
      status = STATUS_SAME;
      break;

    case FW_COMPARE_SIZES_DIFFER:
      status = STATUS_DIFFERENT;
      break;

    case FW_COMPARE_DIFFERENT:
      status = STATUS_DIFFERENT;
      if (!quiet && !no_stdout)
        {
          g_autofree char *line = NULL;

          /* cmp's rule: POSIX's "char" in the C locale, "byte" in any
           * other or when translated. */
          if (posix_messages ())
            line = g_strdup_printf ("%s %s differ: char %s, line %s\n",
                                    files[0], files[1], byte, line_number);
          else
            line = g_strdup_printf (_(BYTE_MESSAGE), files[0], files[1], byte, line_number);
          if (write_stdout (line) != STATUS_SAME)
            status = STATUS_TROUBLE;
        }
      break;

    case FW_COMPARE_EOF:
      status = STATUS_DIFFERENT;
      if (quiet)
        break;
      fflush (stdout);
      /* TRANSLATORS: cmp's messages, as diffutils translates them. */
      if (result.byte == 0)
        fprintf (stderr, _("%s: EOF on %s which is empty\n"), PREFIX, files[result.side]);
      else if (no_stdout)
        fprintf (stderr, _("%s: EOF on %s after byte %s\n"), PREFIX, files[result.side], byte);
      else if (result.at_line_start)
        fprintf (stderr, _("%s: EOF on %s after byte %s, line %s\n"),
                 PREFIX, files[result.side], byte, line_number);
      else
        fprintf (stderr, _("%s: EOF on %s after byte %s, in line %s\n"),
                 PREFIX, files[result.side], byte, line_number);
      break;

    default:
      g_assert_not_reached ();
    }

out:
  for (guint f = 0; f < 2; f++)
    if (fds[f] > STDIN_FILENO)
      close (fds[f]);
  return status;
}
