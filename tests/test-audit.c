/* test-audit.c — a folder against its checksum list: every verdict
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fw-audit.h"
#include "fw-digest.h"

typedef struct {
  char   *dir;
  FwPool *pool;
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("fw-audit-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->pool = fw_pool_new (2);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_clear_object (&fixture->pool);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Writes @data to DIR/NAME, making the folders on the way. */
static void
put (Fixture    *fixture,
     const char *name,
     const char *data)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, data, -1, NULL));
}

static void
move (Fixture    *fixture,
      const char *from,
      const char *to)
{
  g_autofree char *a = g_build_filename (fixture->dir, from, NULL);
  g_autofree char *b = g_build_filename (fixture->dir, to, NULL);
  g_autofree char *parent = g_path_get_dirname (b);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_cmpint (g_rename (a, b), ==, 0);
}

static void
delete (Fixture    *fixture,
        const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_assert_cmpint (g_unlink (path), ==, 0);
}

/* Writes SHA256SUMS for @names (NULL-terminated) as sha256sum does, from
 * the files as they are now. */
static void
write_list (Fixture           *fixture,
            const char * const *names)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *list = g_build_filename (fixture->dir, "SHA256SUMS", NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;
      g_autoptr(FwDigestResult) digest = NULL;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      digest = fw_digest_data (contents, length, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
      g_string_append_printf (text, "%s  %s\n", digest->hex[FW_ALGORITHM_SHA256], names[i]);
    }
  g_assert_true (g_file_set_contents (list, text->str, text->len, NULL));
}

static char *describe (FwAudit *self);

/* Verifies SHA256SUMS over the folder and audits it, twice: once walking
 * the folder in fw_audit_run(), once with the walk handed over by
 * fw_audit_set_files() after @files_after of the entries (as `check
 * --unlisted` does when its walk ends while the list is being verified).
 * Both must agree; returns the first. */
static FwAudit *
audit_with (Fixture  *fixture,
            gboolean  hash_all,
            int       files_after)
{
  g_autofree char *list_path = g_build_filename (fixture->dir, "SHA256SUMS", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwChecksumList) list = fw_checksum_parse_file (list_path, FW_ALGORITHM_INVALID,
                                                           NULL, &error);
  FwAudit *self;

  g_assert_no_error (error);
  g_assert_cmpuint (list->malformed->len, ==, 0);
  self = fw_audit_new (fixture->dir);
  fw_audit_skip_path (self, list_path);
  fw_audit_set_hash_all (self, hash_all);
  for (guint i = 0; i < list->entries->len; i++)
    {
      const FwChecksumEntry *entry = g_ptr_array_index (list->entries, i);
      g_autoptr(FwVerifyResult) result = fw_verify_entry (entry, fixture->dir, 0, NULL, NULL, &error);

      g_assert_no_error (error);
      if (files_after >= 0 && i == (guint) files_after)
        {
          FwAuditFiles *files = fw_audit_list_files (fixture->dir, NULL, NULL, &error);

          g_assert_no_error (error);
          fw_audit_set_files (self, files);
        }
      fw_audit_add_entry (self, entry, result);
    }
  if (files_after >= 0 && (guint) files_after >= list->entries->len)
    fw_audit_set_files (self, fw_audit_list_files (fixture->dir, NULL, NULL, NULL));
  g_assert_true (fw_audit_run (self, fixture->pool, NULL, &error));
  g_assert_no_error (error);
  return self;
}

static FwAudit *
audit (Fixture  *fixture,
       gboolean  hash_all)
{
  FwAudit *self = audit_with (fixture, hash_all, -1);
  g_autofree char *expected = describe (self);

  /* The walk handed over first, half way, and last. */
  for (int after = 0; after <= 2; after++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, "SHA256SUMS", NULL);
      g_autoptr(FwChecksumList) list = fw_checksum_parse_file (path, FW_ALGORITHM_INVALID,
                                                               NULL, NULL);
      int n = (int) list->entries->len;
      g_autoptr(FwAudit) again = audit_with (fixture, hash_all,
                                             after == 0 ? 0 : after == 1 ? n / 2 : n);
      g_autofree char *got = describe (again);

      g_assert_cmpstr (got, ==, expected);
    }
  return self;
}

/* The audit in one string: "name=VERDICT[>other]" for the listed entries
 * in list order, then "+name=VERDICT[<other]" for the files found. */
static char *
describe (FwAudit *self)
{
  static const char *words[] = { "OK", "CHANGED", "MISSING", "UNREADABLE", "MOVED", "NEW" };
  GPtrArray *listed = fw_audit_get_listed (self);
  GPtrArray *unlisted = fw_audit_get_unlisted (self);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < listed->len; i++)
    {
      const FwAuditItem *item = g_ptr_array_index (listed, i);

      g_assert_true (item->listed);
      g_assert_cmpuint (item->entry_index, ==, i);
      g_string_append_printf (out, "%s%s=%s", out->len > 0 ? " " : "", item->name,
                              words[item->verdict]);
      if (item->other != NULL)
        g_string_append_printf (out, ">%s", item->other);
    }
  for (guint i = 0; i < unlisted->len; i++)
    {
      const FwAuditItem *item = g_ptr_array_index (unlisted, i);

      g_assert_false (item->listed);
      g_string_append_printf (out, " +%s=%s", item->name, words[item->verdict]);
      if (item->other != NULL)
        g_string_append_printf (out, "<%s", item->other);
      g_assert_true ((item->verdict == FW_AUDIT_MOVED) == (item->other != NULL));
    }
  return g_string_free (out, FALSE);
}

static void
test_unchanged (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FwAudit) self = NULL;
  g_autofree char *text = NULL;

  put (fixture, "a", "alpha");
  put (fixture, "sub/b", "beta");
  write_list (fixture, (const char *[]) { "a", "sub/b", NULL });
  self = audit (fixture, FALSE);
  text = describe (self);
  g_assert_cmpstr (text, ==, "a=OK sub/b=OK");
  g_assert_cmpuint (fw_audit_count (self, FW_AUDIT_OK), ==, 2);
  g_assert_cmpuint (fw_audit_count (self, FW_AUDIT_NEW), ==, 0);
}

static void
test_changed (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FwAudit) self = NULL;
  g_autofree char *text = NULL;

  put (fixture, "a", "alpha");
  put (fixture, "b", "beta");
  write_list (fixture, (const char *[]) { "a", "b", NULL });
  put (fixture, "b", "beta, edited");
  self = audit (fixture, FALSE);
  text = describe (self);
  g_assert_cmpstr (text, ==, "a=OK b=CHANGED");
  g_assert_cmpuint (fw_audit_count (self, FW_AUDIT_CHANGED), ==, 1);
}

static void
test_missing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FwAudit) self = NULL;
  g_autofree char *text = NULL;

  put (fixture, "a", "alpha");
  put (fixture, "gone", "gamma");
  write_list (fixture, (const char *[]) { "a", "gone", NULL });
  delete (fixture, "gone");
  self = audit (fixture, FALSE);
  text = describe (self);
  g_assert_cmpstr (text, ==, "a=OK gone=MISSING");
  g_assert_cmpuint (fw_audit_count (self, FW_AUDIT_MISSING), ==, 1);
}

static void
test_new (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(FwAudit) self = NULL;
  g_autofree char *text = NULL;

  put (fixture, "a", "alpha");
  write_list (fixture, (const char *[]) { "a", NULL });
  put (fixture, "c", "gamma");
  put (fixture, "sub/deeper/d", "delta");
  /* Never new: other checksum files, an update's temporary file. */
  put (fixture, "old.md5", "");
  put (fixture, "sub/B3SUMS", "");
  put (fixture, ".SHA256SUMS.fileworks-a1B2c3", "");
  /* A list whatever its name: its first line that is not blank or a
   * comment is a checksum line. */
  put (fixture, "hashes.txt", "\n# made by hand\n"
                              "MD5 (c) = 900150983cd24fb0d6963f7d28e17f72\n");
  /* New after all: a name that only looks like one; text that does not
   * start as a list. */
  put (fixture, ".x.fileworks-toolong", "x");
  put (fixture, "notes.txt", "hello\n900150983cd24fb0d6963f7d28e17f72  c\n");
  self = audit (fixture, FALSE);
  text = describe (self);
  g_assert_cmpstr (text, ==, "a=OK +.x.fileworks-toolong=NEW +c=NEW +notes.txt=NEW +sub/deeper/d=NEW");
  g_assert_cmpuint (fw_audit_count (self, FW_AUDIT_NEW), ==, 4);
  /* Nothing missing: nothing was read. */
  for (guint i = 0; i < fw_audit_get_unlisted (self)->len; i++)
    g_assert_null (((FwAuditItem *) g_ptr_array_index (fw_audit_get_unlisted (self), i))->hex);
}

static void
test_new_hashed (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(FwAudit) self = NULL;
  g_autoptr(FwDigestResult) digest = fw_digest_data ("gamma", 5, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  const FwAuditItem *item;

  put (fixture, "a", "alpha");
  write_list (fixture, (const char *[]) { "a", NULL });
  put (fixture, "c", "gamma");
  self = audit (fixture, TRUE);
  g_assert_cmpuint (fw_audit_get_unlisted (self)->len, ==, 1);
  item = g_ptr_array_index (fw_audit_get_unlisted (self), 0);
  g_assert_cmpint (item->verdict, ==, FW_AUDIT_NEW);
  g_assert_cmpstr (item->hex, ==, digest->hex[FW_ALGORITHM_SHA256]);
  g_assert_cmpuint (item->size, ==, 5);
}

static void
test_moved (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(FwAudit) self = NULL;
  g_autofree char *text = NULL;

  put (fixture, "a", "alpha");
  put (fixture, "b", "beta");
  write_list (fixture, (const char *[]) { "a", "b", NULL });
  move (fixture, "a", "sub/a2");
  put (fixture, "c", "gamma");
  self = audit (fixture, FALSE);
  text = describe (self);
  g_assert_cmpstr (text, ==, "a=MOVED>sub/a2 b=OK +c=NEW +sub/a2=MOVED<a");
  g_assert_cmpuint (fw_audit_count (self, FW_AUDIT_MOVED), ==, 1);
  g_assert_cmpuint (fw_audit_count (self, FW_AUDIT_MISSING), ==, 0);
  g_assert_cmpuint (fw_audit_count (self, FW_AUDIT_NEW), ==, 1);
  g_assert_cmpuint (((FwAuditItem *) g_ptr_array_index (fw_audit_get_unlisted (self), 1))->entry_index,
                    ==, 0);
}

/* Moved onto a listed name: that file changed, the old one is missing,
 * nothing is new. Moved and edited: missing and new. */
static void
test_moved_and_changed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(FwAudit) self = NULL;
  g_autoptr(FwAudit) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;

  put (fixture, "a", "alpha");
  put (fixture, "b", "beta");
  put (fixture, "c", "gamma");
  write_list (fixture, (const char *[]) { "a", "b", "c", NULL });
  move (fixture, "a", "b");
  self = audit (fixture, FALSE);
  text = describe (self);
  g_assert_cmpstr (text, ==, "a=MISSING b=CHANGED c=OK");

  move (fixture, "c", "c2");
  put (fixture, "c2", "gamma, edited");
  again = audit (fixture, FALSE);
  text2 = describe (again);
  g_assert_cmpstr (text2, ==, "a=MISSING b=CHANGED c=MISSING +c2=NEW");
}

/* Two missing entries with one digest, or two new files with one
 * missing entry's digest: no move. */
static void
test_ambiguous (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FwAudit) self = NULL;
  g_autofree char *text = NULL;

  put (fixture, "x", "same");
  put (fixture, "y", "same");
  put (fixture, "a", "alpha");
  write_list (fixture, (const char *[]) { "x", "y", "a", NULL });
  delete (fixture, "x");
  move (fixture, "y", "z");
  move (fixture, "a", "a1");
  put (fixture, "a2", "alpha");
  self = audit (fixture, FALSE);
  text = describe (self);
  g_assert_cmpstr (text, ==, "x=MISSING y=MISSING a=MISSING +a1=NEW +a2=NEW +z=NEW");
  g_assert_cmpuint (fw_audit_count (self, FW_AUDIT_MOVED), ==, 0);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(FwAudit) self = NULL;
  g_autofree char *text = NULL;

  put (fixture, "e", "");
  put (fixture, "f", "full");
  write_list (fixture, (const char *[]) { "e", "f", NULL });
  move (fixture, "e", "e2");
  move (fixture, "f", "f2");
  self = audit (fixture, FALSE);
  text = describe (self);
  g_assert_cmpstr (text, ==, "e=MISSING f=MOVED>f2 +e2=NEW +f2=MOVED<f");
}

/* One file listed twice (under two spellings of its name) is one file. */
static void
test_listed_twice (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FwAudit) self = NULL;
  g_autofree char *text = NULL;

  put (fixture, "a", "alpha");
  write_list (fixture, (const char *[]) { "a", "./a", NULL });
  move (fixture, "a", "b");
  self = audit (fixture, FALSE);
  text = describe (self);
  g_assert_cmpstr (text, ==, "a=MOVED>b ./a=MOVED>b +b=MOVED<a");
}

static void
test_names (void)
{
  g_assert_true (fw_audit_is_checksum_name ("SHA256SUMS"));
  g_assert_true (fw_audit_is_checksum_name ("photos.sha256"));
  g_assert_true (fw_audit_is_checksum_name ("x.sfv"));
  g_assert_true (fw_audit_is_checksum_name ("CHECKSUMS"));
  g_assert_false (fw_audit_is_checksum_name ("photo.jpg"));
  g_assert_true (fw_audit_is_temporary_name (".SHA256SUMS.fileworks-Ab12Cd"));
  g_assert_false (fw_audit_is_temporary_name ("SHA256SUMS.fileworks-Ab12Cd"));
  g_assert_false (fw_audit_is_temporary_name (".SHA256SUMS.fileworks-Ab12C"));
  g_assert_false (fw_audit_is_temporary_name (".fileworks-Ab12Cd"));
}

static void
test_root_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FwAuditFiles) files = fw_audit_list_files ("/nonexistent/fw-audit", NULL, NULL, &error);

  g_assert_null (files);
  g_assert_nonnull (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/audit/unchanged", test_unchanged);
  ADD ("/audit/changed", test_changed);
  ADD ("/audit/missing", test_missing);
  ADD ("/audit/new", test_new);
  ADD ("/audit/new-hashed", test_new_hashed);
  ADD ("/audit/moved", test_moved);
  ADD ("/audit/moved-and-changed", test_moved_and_changed);
  ADD ("/audit/one-digest-twice", test_ambiguous);
  ADD ("/audit/empty-files", test_empty);
  ADD ("/audit/listed-twice", test_listed_twice);
#undef ADD
  g_test_add_func ("/audit/names", test_names);
  g_test_add_func ("/audit/root-unreadable", test_root_unreadable);
  return g_test_run ();
}
