/* fw-nautilus-jobs.c — which Fileworks jobs fit a selection in Files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure rules, no Nautilus API: the menu provider (fw-nautilus-menu.c)
 * turns the selection into FwNautilusItems and asks here.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fw-nautilus-jobs.h"

typedef struct {
  const char *id;
  const char *option;
  const char *label;
  const char *tip;
  /* NULL: fits any selection of readable items. */
  gboolean  (*fits) (const FwNautilusItem *items,
                     guint                 n_items);
} FwNautilusJobInfo;

static gboolean
all_checksum_files (const FwNautilusItem *items,
                    guint                 n_items)
{
  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *basename = g_path_get_basename (items[i].path);

      if (items[i].is_folder || !fw_nautilus_is_checksum_name (basename))
        return FALSE;
    }
  return n_items > 0;
}

static gboolean
two_files (const FwNautilusItem *items,
           guint                 n_items)
{
  return n_items == 2 && !items[0].is_folder && !items[1].is_folder;
}

static gboolean
two_folders (const FwNautilusItem *items,
             guint                 n_items)
{
  return n_items == 2 && items[0].is_folder && items[1].is_folder;
}

static gboolean
all_folders (const FwNautilusItem *items,
             guint                 n_items)
{
  for (guint i = 0; i < n_items; i++)
    if (!items[i].is_folder)
      return FALSE;
  return n_items > 0;
}

static const FwNautilusJobInfo jobs[FW_NAUTILUS_N_JOBS] = {
  [FW_NAUTILUS_JOB_HASH] = { "hash", "hash", N_("Hash"),
                             N_("A checksum of each file, also inside folders"), NULL },
  [FW_NAUTILUS_JOB_SIZE] = { "size", "size", N_("Measure Size"),
                             N_("The disk space each folder or file takes up"), NULL },
  [FW_NAUTILUS_JOB_VERIFY] = { "verify", "verify", N_("Verify"),
                               N_("Check the files listed in the checksum files"), all_checksum_files },
  [FW_NAUTILUS_JOB_COMPARE] = { "compare", "compare", N_("Compare"),
                                N_("Whether the two files are identical"), two_files },
  /* The app compares two folders given to --compare as folders. */
  [FW_NAUTILUS_JOB_COMPARE_FOLDERS] = { "compare-folders", "compare", N_("Compare Folders"),
                                        N_("What differs between the two folders, file by file"), two_folders },
  [FW_NAUTILUS_JOB_DUPES] = { "dupes", "dupes", N_("Find Duplicates"),
                              N_("Files with the same content in the folders"), all_folders },
};

gboolean
fw_nautilus_job_fits (FwNautilusJob         job,
                      const FwNautilusItem *items,
                      guint                 n_items)
{
  g_return_val_if_fail (job < FW_NAUTILUS_N_JOBS, FALSE);

  if (n_items == 0)
    return FALSE;
  return jobs[job].fits == NULL || jobs[job].fits (items, n_items);
}

const char *
fw_nautilus_job_option (FwNautilusJob job)
{
  g_return_val_if_fail (job < FW_NAUTILUS_N_JOBS, NULL);
  return jobs[job].option;
}

const char *
fw_nautilus_job_id (FwNautilusJob job)
{
  g_return_val_if_fail (job < FW_NAUTILUS_N_JOBS, NULL);
  return jobs[job].id;
}

const char * const *
fw_nautilus_job_permissions (FwNautilusJob job)
{
  static const char * const read_only[] = { "read", NULL };
  static const char * const read_write[] = { "read", "write", NULL };

  g_return_val_if_fail (job < FW_NAUTILUS_N_JOBS, read_only);
  /* Move to Trash (Find Duplicates, Browse Sizes) goes through the trash
   * portal, which trashes only what the app may write. */
  return job == FW_NAUTILUS_JOB_DUPES || job == FW_NAUTILUS_JOB_SIZE ? read_write : read_only;
}

const char *
fw_nautilus_job_label (FwNautilusJob job)
{
  g_return_val_if_fail (job < FW_NAUTILUS_N_JOBS, NULL);
  return _(jobs[job].label);
}

const char *
fw_nautilus_job_tip (FwNautilusJob job)
{
  g_return_val_if_fail (job < FW_NAUTILUS_N_JOBS, NULL);
  return _(jobs[job].tip);
}

/* The engine's names: fw-checksum-read.c's name_hints (NAMESUMS, *.name,
 * *.namesum, *.namesums), then fw-expand.c's (…sums, *.checksums,
 * …sums.txt, checksums). */
static const char * const hint_names[] = {
  "sha3-256", "sha3-512", "sha3_256", "sha3_512", "sha224", "sha256", "sha384", "sha512",
  "sha1", "md5", "blake2b", "blake2s", "b2s", "b2", "blake3", "b3", "xxh128", "xxh64",
  "xxh3", "crc32", "sfv",
};

gboolean
fw_nautilus_is_checksum_name (const char *basename)
{
  g_autofree char *lower = NULL;
  const char *dot;

  if (basename == NULL || *basename == '\0')
    return FALSE;
  lower = g_ascii_strdown (basename, -1);

  for (guint i = 0; i < G_N_ELEMENTS (hint_names); i++)
    {
      gsize n = strlen (hint_names[i]);

      if (strncmp (lower, hint_names[i], n) == 0 && strncmp (lower + n, "sum", 3) == 0)
        return TRUE;
    }

  dot = strrchr (lower, '.');
  if (dot != NULL && dot != lower)
    {
      const char *ext = dot + 1;
      gsize n = strlen (ext);

      if (n > 4 && g_str_has_suffix (ext, "sums"))
        n -= 4;
      else if (n > 3 && g_str_has_suffix (ext, "sum"))
        n -= 3;
      for (guint i = 0; i < G_N_ELEMENTS (hint_names); i++)
        if (strlen (hint_names[i]) == n && strncmp (ext, hint_names[i], n) == 0)
          return TRUE;
    }

  return g_str_has_suffix (lower, "sums") || g_str_has_suffix (lower, ".checksums") ||
         g_str_has_suffix (lower, "sums.txt") || strcmp (lower, "checksums") == 0;
}

char **
fw_nautilus_job_argv (FwNautilusJob       job,
                      const char         *program,
                      const char * const *paths)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  g_autofree char *option = g_strconcat ("--", fw_nautilus_job_option (job), NULL);
  char **argv;

  g_strv_builder_add (builder, program);
  g_strv_builder_add (builder, option);
  /* The paths are absolute: none is taken for an option. */
  g_strv_builder_addv (builder, (const char **) paths);
  argv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return argv;
}
