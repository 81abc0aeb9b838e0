/* fw-checksum-update.c — adding lines to a checksum list, in its own format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved from the CLI's `hash --update` (fw-cli-hash-update.c), which
 * keeps choosing what to add and saying what failed; the window's "Add
 * New Files to LIST" uses the same. See the header for the rules.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fw-checksum-update.h"
#include "fw-checksum-write.h"

/* The format new lines take, from the list's first entry (or, in a list
 * without one, from its name). */
typedef struct {
  FwChecksumFormat format;
  FwAlgorithm      algorithm;
  guint            bits;
  gboolean         binary;
  const char      *eol;
} Shape;

struct _FwChecksumUpdate {
  char           *list;       /* as given */
  char           *target;     /* realpath */
  struct stat     st;         /* the target's */
  char           *data;       /* the old text */
  gsize           length;
  FwChecksumList *parsed;
  Shape           shape;
  GHashTable     *dropped;    /* line numbers */
  GString        *added;      /* the new lines */
  guint           n_added;
};

/* Writes @data to a temporary file beside @target and renames it over
 * @target, keeping @st's mode and owner. */
static gboolean
replace_atomically (const char        *target,
                    const struct stat *st,
                    const char        *data,
                    gsize              length,
                    GError           **error)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *tmpl = g_strdup_printf ("%s/.%s.fileworks-XXXXXX", dir, base);
  const char *step = "";
  int fd, dir_fd;
  int saved_errno = 0;

  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("cannot make a temporary file in %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  for (gsize done = 0; done < length; )
    {
      ssize_t n = write (fd, data + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved_errno = n < 0 ? errno : ENOSPC;
          step = "write";
          goto fail;
        }
      done += (gsize) n;
    }
  if ((st->st_uid != geteuid () || st->st_gid != getegid ()) &&
      fchown (fd, st->st_uid, st->st_gid) != 0)
    {
      saved_errno = errno;
      step = "chown";
      goto fail;
    }
  if (fchmod (fd, st->st_mode & 07777) != 0)
    {
      saved_errno = errno;
      step = "chmod";
      goto fail;
    }
  if (fsync (fd) != 0)
    {
      saved_errno = errno;
      step = "fsync";
      goto fail;
    }
  if (close (fd) != 0)
    {
      fd = -1;
      saved_errno = errno;
      step = "close";
      goto fail;
    }
  fd = -1;
  if (rename (tmpl, target) != 0)
    {
      saved_errno = errno;
      step = "rename";
      goto fail;
    }
  /* The rename itself, on disk. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;

fail:
  if (fd >= 0)
    close (fd);
  g_unlink (tmpl);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               /* TRANSLATORS: %s is a system call (write, fsync, rename …) */
               _("%s failed: %s"), step, g_strerror (saved_errno));
  return FALSE;
}

/* The whole file, or %NULL with errno set. */
static char *
read_all (const char *path,
          gsize      *out_length)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char buffer[64 * 1024];
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return NULL;
  for (;;)
    {
      ssize_t n = read (fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          close (fd);
          errno = saved_errno;
          return NULL;
        }
      if (n == 0)
        break;
      g_string_append_len (out, buffer, n);
    }
  close (fd);
  *out_length = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The format new lines take, from the list's first entry (or, in a list
 * without one, from its name). */

static gboolean
find_shape (const char     *list,
            const char     *data,
            gsize           length,
            FwChecksumList *parsed,
            Shape          *shape)
{
  const char *nl = memchr (data, '\n', length);

  if (parsed->entries->len > 0)
    {
      const FwChecksumEntry *first = g_ptr_array_index (parsed->entries, 0);

      shape->format = first->format;
      shape->algorithm = first->algorithm;
      shape->bits = first->digest_bits;
      shape->binary = first->binary;
    }
  else
    {
      shape->algorithm = fw_checksum_algorithm_from_filename (list);
      if (shape->algorithm == FW_ALGORITHM_INVALID)
        return FALSE;
      shape->format = shape->algorithm == FW_ALGORITHM_CRC32 &&
                      g_str_has_suffix (list, ".sfv") ? FW_CHECKSUM_SFV : FW_CHECKSUM_GNU;
      shape->bits = (guint) fw_algorithm_get_length (shape->algorithm) * 8;
      shape->binary = FALSE;
    }
  /* A list written with CRLF line ends gets CRLF lines (a b3sum line's
   * carriage return would be part of its name: not there). */
  shape->eol = nl != NULL && nl > data && nl[-1] == '\r' &&
               !(shape->algorithm == FW_ALGORITHM_BLAKE3 && shape->format == FW_CHECKSUM_GNU)
               ? "\r\n" : "\n";
  return TRUE;
}

/* One new line in the list's shape; FALSE when the name cannot be
 * written in it (a line break in SFV). */
static gboolean
append_line (GString     *out,
             const Shape *shape,
             const char  *hex,
             const char  *name)
{
  gsize start = out->len;
  gboolean full = shape->bits == fw_algorithm_get_length (shape->algorithm) * 8;

  if (shape->format == FW_CHECKSUM_BSD && !full)
    {
      /* cksum's `BLAKE2b-256 (NAME) = HEX`: write it with the tag
       * alone, then put the length after the tag. */
      const char *tag = fw_algorithm_get_tag (shape->algorithm);
      g_autofree char *suffix = g_strdup_printf ("-%u", shape->bits);
      gsize at;

      if (!fw_checksum_append_line (out, shape->format, shape->algorithm, hex, name, -1))
        return FALSE;
      at = start + (out->str[start] == '\\' ? 1 : 0) + strlen (tag);
      g_string_insert (out, at, suffix);
    }
  else if (!fw_checksum_append_line (out, shape->format, shape->algorithm, hex, name, -1))
    return FALSE;
  if (shape->format == FW_CHECKSUM_GNU && shape->binary)
    {
      gsize at = start + (out->str[start] == '\\' ? 1 : 0) + strlen (hex) + 1;
      g_assert (out->str[at] == ' ');
      out->str[at] = '*';
    }
  if (strcmp (shape->eol, "\n") != 0)
    {
      g_string_truncate (out, out->len - 1);
      g_string_append (out, shape->eol);
    }
  return TRUE;
}

FwChecksumUpdate *
fw_checksum_update_open (const char  *list,
                         GError     **error)
{
  g_autoptr(FwChecksumUpdate) self = g_new0 (FwChecksumUpdate, 1);
  char target[PATH_MAX];

  g_return_val_if_fail (list != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->list = g_strdup (list);
  self->dropped = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->added = g_string_new (NULL);
  /* The file the list is (through any symbolic links): written in place
   * of it, in its folder. */
  if (realpath (list, target) == NULL || stat (target, &self->st) != 0)
    {
      int saved_errno = errno;
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return NULL;
    }
  self->target = g_strdup (target);
  if (!S_ISREG (self->st.st_mode))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                           _("not a regular file"));
      return NULL;
    }
  self->data = read_all (target, &self->length);
  if (self->data == NULL)
    {
      int saved_errno = errno;
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return NULL;
    }
  self->parsed = fw_checksum_parse_data (self->data, self->length, list, FW_ALGORITHM_INVALID);
  if (!find_shape (list, self->data, self->length, self->parsed, &self->shape))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("no properly formatted checksum lines found"));
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
fw_checksum_update_free (FwChecksumUpdate *self)
{
  if (self == NULL)
    return;
  g_free (self->list);
  g_free (self->target);
  g_free (self->data);
  g_clear_pointer (&self->parsed, fw_checksum_list_free);
  g_hash_table_unref (self->dropped);
  g_string_free (self->added, TRUE);
  g_free (self);
}

const FwChecksumList *
fw_checksum_update_get_list (FwChecksumUpdate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->parsed;
}

const char *
fw_checksum_update_get_target (FwChecksumUpdate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->target;
}

FwAlgorithm
fw_checksum_update_get_algorithm (FwChecksumUpdate *self)
{
  g_return_val_if_fail (self != NULL, FW_ALGORITHM_INVALID);
  return self->shape.algorithm;
}

guint
fw_checksum_update_get_digest_bits (FwChecksumUpdate *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->shape.bits;
}

FwChecksumFormat
fw_checksum_update_get_format (FwChecksumUpdate *self)
{
  g_return_val_if_fail (self != NULL, FW_CHECKSUM_GNU);
  return self->shape.format;
}

void
fw_checksum_update_drop_line (FwChecksumUpdate *self,
                              guint             line)
{
  g_return_if_fail (self != NULL);
  g_hash_table_add (self->dropped, GUINT_TO_POINTER (line));
}

gboolean
fw_checksum_update_add (FwChecksumUpdate *self,
                        const char       *hex,
                        const char       *name)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (hex != NULL && strlen (hex) >= self->shape.bits / 4, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!append_line (self->added, &self->shape, hex, name))
    return FALSE;
  self->n_added++;
  return TRUE;
}

guint
fw_checksum_update_get_n_added (FwChecksumUpdate *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_added;
}

guint
fw_checksum_update_get_n_dropped (FwChecksumUpdate *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->dropped);
}

gboolean
fw_checksum_update_write (FwChecksumUpdate  *self,
                          GError           **error)
{
  g_autoptr(GString) text = NULL;
  const char *p, *end;
  guint line = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The old lines (less the dropped ones), then the new ones. */
  text = g_string_sized_new (self->length + self->added->len + 2);
  p = self->data;
  end = self->data + self->length;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *next = nl != NULL ? nl + 1 : end;

      line++;
      if (!g_hash_table_contains (self->dropped, GUINT_TO_POINTER (line)))
        g_string_append_len (text, p, next - p);
      p = next;
    }
  if (text->len > 0 && text->str[text->len - 1] != '\n')
    g_string_append (text, self->shape.eol);
  g_string_append_len (text, self->added->str, self->added->len);
  return replace_atomically (self->target, &self->st, text->str, text->len, error);
}
