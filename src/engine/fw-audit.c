/* fw-audit.c — a folder against its checksum list: new and moved files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "fw-audit.h"
#include "fw-digest.h"
#include "fw-walk.h"

struct _FwAudit {
  char       *base_dir;
  char       *canon_base;
  GPtrArray  *listed;       /* FwAuditItem, one per entry */
  GPtrArray  *entries;      /* FwChecksumEntry copies, same order */
  GPtrArray  *unlisted;     /* FwAuditItem */
  GHashTable *skip;         /* canonical paths never new */
  gboolean    hash_all;
  gboolean    ran;
};

static void
audit_item_free (gpointer data)
{
  FwAuditItem *item = data;

  g_free (item->name);
  g_free (item->other);
  g_free (item->hex);
  g_clear_error (&item->error);
  g_free (item);
}

static FwChecksumEntry *
entry_copy (const FwChecksumEntry *entry)
{
  FwChecksumEntry *copy = g_new (FwChecksumEntry, 1);

  *copy = *entry;
  copy->hex = g_strdup (entry->hex);
  copy->name = g_strdup (entry->name);
  return copy;
}

FwAudit *
fw_audit_new (const char *base_dir)
{
  FwAudit *self = g_new0 (FwAudit, 1);

  g_return_val_if_fail (base_dir != NULL, NULL);

  self->base_dir = g_strdup (base_dir);
  self->canon_base = g_canonicalize_filename (base_dir, NULL);
  self->listed = g_ptr_array_new_with_free_func (audit_item_free);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_checksum_entry_free);
  self->unlisted = g_ptr_array_new_with_free_func (audit_item_free);
  self->skip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
fw_audit_free (FwAudit *self)
{
  if (self == NULL)
    return;
  g_free (self->base_dir);
  g_free (self->canon_base);
  g_ptr_array_unref (self->listed);
  g_ptr_array_unref (self->entries);
  g_ptr_array_unref (self->unlisted);
  g_hash_table_unref (self->skip);
  g_free (self);
}

void
fw_audit_add_entry (FwAudit               *self,
                    const FwChecksumEntry *entry,
                    const FwVerifyResult  *result)
{
  FwAuditItem *item = g_new0 (FwAuditItem, 1);

  g_return_if_fail (self != NULL && !self->ran);
  g_return_if_fail (entry != NULL);

  item->listed = TRUE;
  item->name = g_strdup (entry->name);
  item->entry_index = self->listed->len;
  if (result == NULL)
    item->verdict = FW_AUDIT_UNREADABLE;
  else
    switch (result->status)
      {
      case FW_VERIFY_OK:
        item->verdict = FW_AUDIT_OK;
        break;
      case FW_VERIFY_FAILED:
        item->verdict = FW_AUDIT_CHANGED;
        break;
      case FW_VERIFY_MISSING:
        item->verdict = (result->error_code == ENOENT || result->error_code == ENOTDIR)
                        ? FW_AUDIT_MISSING : FW_AUDIT_UNREADABLE;
        break;
      case FW_VERIFY_ERROR:
      default:
        item->verdict = FW_AUDIT_UNREADABLE;
        break;
      }
  g_ptr_array_add (self->listed, item);
  g_ptr_array_add (self->entries, entry_copy (entry));
}

void
fw_audit_skip_path (FwAudit    *self,
                    const char *path)
{
  g_return_if_fail (self != NULL && path != NULL);
  g_hash_table_add (self->skip, g_canonicalize_filename (path, NULL));
}

void
fw_audit_set_hash_all (FwAudit  *self,
                       gboolean  hash_all)
{
  g_return_if_fail (self != NULL);
  self->hash_all = hash_all;
}

GPtrArray *
fw_audit_get_listed (FwAudit *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->listed;
}

GPtrArray *
fw_audit_get_unlisted (FwAudit *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->unlisted;
}

guint
fw_audit_count (FwAudit        *self,
                FwAuditVerdict  verdict)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->listed->len; i++)
    {
      const FwAuditItem *item = g_ptr_array_index (self->listed, i);
      if (item->verdict == verdict && verdict != FW_AUDIT_MOVED)
        n++;
    }
  for (guint i = 0; i < self->unlisted->len; i++)
    {
      const FwAuditItem *item = g_ptr_array_index (self->unlisted, i);
      if (item->verdict == verdict)
        n++;
    }
  return n;
}

/* Names ------------------------------------------------------------------ */

#define TEMPORARY_INFIX ".fileworks-"

gboolean
fw_audit_is_temporary_name (const char *basename)
{
  const char *infix;
  gsize n;

  g_return_val_if_fail (basename != NULL, FALSE);

  if (basename[0] != '.')
    return FALSE;
  infix = g_strrstr (basename, TEMPORARY_INFIX);
  if (infix == NULL || infix == basename)
    return FALSE;
  n = strlen (infix + strlen (TEMPORARY_INFIX));
  return n == 6;
}

gboolean
fw_audit_is_checksum_name (const char *basename)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (basename != NULL, FALSE);

  if (fw_checksum_algorithm_from_filename (basename) != FW_ALGORITHM_INVALID)
    return TRUE;
  lower = g_ascii_strdown (basename, -1);
  return g_str_has_suffix (lower, "sums") || g_str_has_suffix (lower, ".checksums") ||
         g_str_has_suffix (lower, "sums.txt") || strcmp (lower, "checksums") == 0;
}

/* The walk ------------------------------------------------------------------ */

static int
compare_bytes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
fw_audit_list_files (const char    *base_dir,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(FwWalk) walk = NULL;
  g_autoptr(GPtrArray) out = NULL;
  FwWalkEntry *entry;
  gsize prefix;

  g_return_val_if_fail (base_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  walk = fw_walk_new (base_dir);
  out = g_ptr_array_new_with_free_func (g_free);
  prefix = strlen (base_dir);
  while ((entry = fw_walk_next (walk)) != NULL)
    {
      g_autoptr(FwWalkEntry) owned = entry;
      const char *rel;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (entry->kind == FW_WALK_ERROR)
        {
          /* The root itself: the walk's only entry. */
          if (strcmp (entry->path, base_dir) == 0)
            {
              g_propagate_error (error, g_steal_pointer (&entry->error));
              return NULL;
            }
          continue;
        }
      if (entry->kind != FW_WALK_FILE)
        continue;
      g_assert (strncmp (entry->path, base_dir, prefix) == 0);
      rel = entry->path + prefix;
      while (*rel == '/')
        rel++;
      g_ptr_array_add (out, g_strdup (rel));
    }
  /* The walk yields byte-wise order already; sorting again is cheap and
   * makes the promise independent of it. */
  g_ptr_array_sort (out, compare_bytes);
  return g_steal_pointer (&out);
}

/* Hashing the new files ---------------------------------------------------- */

typedef struct {
  FwAlgorithmSet  algorithms;
  FwPool         *pool;
} HashData;

static gpointer
hash_job (gpointer       item,
          GCancellable  *cancellable,
          gpointer       user_data,
          GError       **error)
{
  HashData *data = user_data;

  return fw_digest_path_full (item, data->algorithms, 0, FW_DIGEST_REGULAR_ONLY,
                              data->pool, cancellable, NULL, error);
}

/* The key moves are matched on: the algorithm, the digest's length and
 * the digest, so that a truncated tag matches its own prefix only. */
static char *
make_key (FwAlgorithm  algorithm,
          guint        bits,
          const char  *hex)
{
  return g_strdup_printf ("%d:%u:%.*s", (int) algorithm, bits, (int) (bits / 4), hex);
}

typedef struct {
  GPtrArray *items;   /* FwAuditItem (not owned) */
} KeyList;

static void
key_list_free (gpointer data)
{
  KeyList *list = data;

  g_ptr_array_unref (list->items);
  g_free (list);
}

static void
key_list_add (GHashTable *table,
              char       *key,   /* transfer full */
              gpointer    item)
{
  KeyList *list = g_hash_table_lookup (table, key);

  if (list == NULL)
    {
      list = g_new0 (KeyList, 1);
      list->items = g_ptr_array_new ();
      g_hash_table_insert (table, key, list);
    }
  else
    g_free (key);
  g_ptr_array_add (list->items, item);
}

gboolean
fw_audit_run (FwAudit       *self,
              GPtrArray     *files,
              FwPool        *pool,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GPtrArray) owned_files = NULL;
  g_autoptr(GHashTable) named = NULL;       /* canonical paths of entries */
  g_autoptr(GHashTable) missing = NULL;     /* key → KeyList of listed items */
  g_autoptr(GHashTable) missing_seen = NULL;
  g_autoptr(GHashTable) found = NULL;       /* key → KeyList of new items */
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  GArray *shapes;   /* distinct (algorithm, bits) among missing entries */
  FwAlgorithmSet algorithms = 0;
  FwAlgorithm list_algorithm = FW_ALGORITHM_INVALID;
  gboolean want_hash;
  gboolean listed_twice = FALSE;

  g_return_val_if_fail (self != NULL && !self->ran, FALSE);
  g_return_val_if_fail (FW_IS_POOL (pool), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->ran = TRUE;
  if (files == NULL)
    {
      owned_files = fw_audit_list_files (self->base_dir, cancellable, error);
      if (owned_files == NULL)
        return FALSE;
      files = owned_files;
    }

  /* What the list names, and the missing entries by digest. */
  named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, key_list_free);
  missing_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  shapes = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const FwChecksumEntry *entry = g_ptr_array_index (self->entries, i);
      FwAuditItem *item = g_ptr_array_index (self->listed, i);
      char *canon = g_canonicalize_filename (entry->name, self->canon_base);

      if (list_algorithm == FW_ALGORITHM_INVALID)
        list_algorithm = entry->algorithm;
      if (item->verdict == FW_AUDIT_MISSING)
        {
          char *key = make_key (entry->algorithm, entry->digest_bits, entry->hex);
          g_autofree char *seen = g_strconcat (key, "\n", canon, NULL);

          /* The same file listed twice with one digest is one file. */
          if (!g_hash_table_contains (missing_seen, seen))
            {
              guint shape[2] = { entry->algorithm, entry->digest_bits };
              gboolean known = FALSE;

              g_hash_table_add (missing_seen, g_steal_pointer (&seen));
              key_list_add (missing, key, item);
              algorithms |= FW_ALGORITHM_BIT (entry->algorithm);
              for (guint s = 0; s < shapes->len && !known; s++)
                known = memcmp (&g_array_index (shapes, guint, 2 * s), shape, sizeof shape) == 0;
              if (!known)
                g_array_append_vals (shapes, shape, 1);
            }
          else
            {
              g_free (key);
              listed_twice = TRUE;
            }
        }
      g_hash_table_add (named, canon);
    }

  /* The new files. */
  for (guint i = 0; i < files->len; i++)
    {
      const char *rel = g_ptr_array_index (files, i);
      g_autofree char *canon = g_build_filename (self->canon_base, rel, NULL);
      const char *base = strrchr (rel, '/');
      FwAuditItem *item;

      base = base != NULL ? base + 1 : rel;
      if (g_hash_table_contains (named, canon) || g_hash_table_contains (self->skip, canon))
        continue;
      if (fw_audit_is_checksum_name (base) || fw_audit_is_temporary_name (base))
        continue;
      item = g_new0 (FwAuditItem, 1);
      item->verdict = FW_AUDIT_NEW;
      item->name = g_strdup (rel);
      g_ptr_array_add (self->unlisted, item);
    }

  want_hash = self->unlisted->len > 0 &&
              (g_hash_table_size (missing) > 0 || self->hash_all);
  if (!want_hash)
    {
      g_array_unref (shapes);
      return TRUE;
    }
  if (list_algorithm != FW_ALGORITHM_INVALID)
    algorithms |= FW_ALGORITHM_BIT (list_algorithm);

  paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->unlisted->len; i++)
    {
      const FwAuditItem *item = g_ptr_array_index (self->unlisted, i);
      g_ptr_array_add (paths, g_build_filename (self->base_dir, item->name, NULL));
    }
  {
    HashData data = { algorithms, pool };
    results = fw_pool_process (pool, paths, hash_job, &data, NULL,
                               (GDestroyNotify) fw_digest_result_free,
                               FW_POOL_COLLECT, cancellable, &errors, NULL, error);
  }
  if (results == NULL)
    {
      g_array_unref (shapes);
      return FALSE;
    }

  found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, key_list_free);
  for (guint i = 0; i < self->unlisted->len; i++)
    {
      FwAuditItem *item = g_ptr_array_index (self->unlisted, i);
      FwDigestResult *digest = g_ptr_array_index (results, i);
      GError *item_error = errors != NULL ? g_ptr_array_index (errors, i) : NULL;

      if (digest == NULL)
        {
          if (item_error != NULL)
            item->error = g_error_copy (item_error);
          continue;
        }
      item->size = digest->size;
      if (list_algorithm != FW_ALGORITHM_INVALID)
        item->hex = g_strdup (digest->hex[list_algorithm]);
      if (digest->size == 0)
        continue;   /* every empty file has one digest: never a move */
      for (guint s = 0; s < shapes->len; s++)
        {
          FwAlgorithm algorithm = g_array_index (shapes, guint, 2 * s);
          guint bits = g_array_index (shapes, guint, 2 * s + 1);
          const char *hex = digest->hex[algorithm];

          if (hex == NULL || strlen (hex) < bits / 4)
            continue;
          key_list_add (found, make_key (algorithm, bits, hex), item);
        }
    }

  /* A move: one missing entry and one new file share a digest. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, found);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        KeyList *news = value;
        KeyList *gone = g_hash_table_lookup (missing, key);
        FwAuditItem *new_item, *old_item;

        if (gone == NULL || gone->items->len != 1 || news->items->len != 1)
          continue;
        new_item = g_ptr_array_index (news->items, 0);
        old_item = g_ptr_array_index (gone->items, 0);
        if (new_item->verdict != FW_AUDIT_NEW || old_item->verdict != FW_AUDIT_MISSING)
          continue;   /* already matched under another algorithm */
        new_item->verdict = FW_AUDIT_MOVED;
        new_item->other = g_strdup (old_item->name);
        new_item->entry_index = old_item->entry_index;
        old_item->verdict = FW_AUDIT_MOVED;
        old_item->other = g_strdup (new_item->name);
      }
  }

  /* The same missing file listed twice (one digest) moved too. Rare:
   * only then are the entries compared pairwise. */
  for (guint i = 0; listed_twice && i < self->listed->len; i++)
    {
      FwAuditItem *item = g_ptr_array_index (self->listed, i);
      g_autofree char *canon = NULL;

      if (item->verdict != FW_AUDIT_MISSING)
        continue;
      canon = g_canonicalize_filename (item->name, self->canon_base);
      for (guint j = 0; j < self->listed->len; j++)
        {
          const FwAuditItem *moved = g_ptr_array_index (self->listed, j);
          const FwChecksumEntry *a = g_ptr_array_index (self->entries, i);
          const FwChecksumEntry *b = g_ptr_array_index (self->entries, j);
          g_autofree char *other = NULL;

          if (moved->verdict != FW_AUDIT_MOVED || !moved->listed)
            continue;
          if (a->algorithm != b->algorithm || a->digest_bits != b->digest_bits ||
              strcmp (a->hex, b->hex) != 0)
            continue;
          other = g_canonicalize_filename (moved->name, self->canon_base);
          if (strcmp (other, canon) != 0)
            continue;
          item->verdict = FW_AUDIT_MOVED;
          item->other = g_strdup (moved->other);
          break;
        }
    }

  g_array_unref (shapes);
  return TRUE;
}
