/* test-export.c — the export formats (fw-export.h) without GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * That the window's GNU/BSD/SFV export is byte for byte what
 * `fileworks-cli hash` prints is checked in test-window
 * (/window/export-matches-cli); here, the rules of one file's lines and the
 * CSV's machine tokens for every kind and state of job.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fw-export.h"
#include "fw-job.h"
#include "fw-pool.h"
#include "fw-test-util.h"

/* One file's lines ---------------------------------------------------------- */

static void
test_digest_lines (void)
{
  const char *hex[FW_N_ALGORITHMS] = { NULL };
  const FwAlgorithm order[] = { FW_ALGORITHM_CRC32, FW_ALGORITHM_SHA256 };
  const char *sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  const char *crc = "3610a686";
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  /* One digest: GNU, or BSD when asked. */
  hex[FW_ALGORITHM_SHA256] = sha;
  g_assert_cmpint (fw_export_append_digests (out, FW_EXPORT_GNU, hex, NULL, 0, "a b", &error), ==, 1);
  g_assert_no_error (error);
  expected = g_strdup_printf ("%s  a b\n", sha);
  g_assert_cmpstr (out->str, ==, expected);
  g_string_truncate (out, 0);
  g_clear_pointer (&expected, g_free);
  g_assert_cmpint (fw_export_append_digests (out, FW_EXPORT_BSD, hex, NULL, 0, "a", &error), ==, 1);
  expected = g_strdup_printf ("SHA256 (a) = %s\n", sha);
  g_assert_cmpstr (out->str, ==, expected);
  g_clear_pointer (&expected, g_free);

  /* Several: BSD tags even in GNU, in the order given (as -a gives it),
   * else in FwAlgorithm order. */
  hex[FW_ALGORITHM_CRC32] = crc;
  g_string_truncate (out, 0);
  g_assert_cmpint (fw_export_append_digests (out, FW_EXPORT_GNU, hex, order, 2, "a", &error), ==, 2);
  expected = g_strdup_printf ("CRC32 (a) = %s\nSHA256 (a) = %s\n", crc, sha);
  g_assert_cmpstr (out->str, ==, expected);
  g_clear_pointer (&expected, g_free);
  g_string_truncate (out, 0);
  g_assert_cmpint (fw_export_append_digests (out, FW_EXPORT_GNU, hex, NULL, 0, "a", &error), ==, 2);
  expected = g_strdup_printf ("SHA256 (a) = %s\nCRC32 (a) = %s\n", sha, crc);
  g_assert_cmpstr (out->str, ==, expected);
  g_clear_pointer (&expected, g_free);

  /* A name with a backslash or a line break: escaped, as coreutils does. */
  hex[FW_ALGORITHM_CRC32] = NULL;
  g_string_truncate (out, 0);
  g_assert_cmpint (fw_export_append_digests (out, FW_EXPORT_GNU, hex, NULL, 0, "a\nb", &error), ==, 1);
  expected = g_strdup_printf ("\\%s  a\\nb\n", sha);
  g_assert_cmpstr (out->str, ==, expected);
  g_clear_pointer (&expected, g_free);

  /* SFV: the CRC32 alone, in uppercase; none, no line; a line break in
   * the name cannot be written, and nothing is. */
  g_string_assign (out, "kept\n");
  g_assert_cmpint (fw_export_append_digests (out, FW_EXPORT_SFV, hex, NULL, 0, "a", &error), ==, 0);
  g_assert_cmpstr (out->str, ==, "kept\n");
  hex[FW_ALGORITHM_CRC32] = crc;
  g_assert_cmpint (fw_export_append_digests (out, FW_EXPORT_SFV, hex, NULL, 0, "a", &error), ==, 1);
  g_assert_cmpstr (out->str, ==, "kept\na 3610A686\n");
  g_assert_cmpint (fw_export_append_digests (out, FW_EXPORT_SFV, hex, NULL, 0, "a\nb", &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_assert_cmpstr (out->str, ==, "kept\na 3610A686\n");
}

/* The CSV -------------------------------------------------------------------- */

typedef struct {
  char   *dir;
  FwPool *size_pool;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("fw-test-export-XXXXXX", &error);
  g_assert_no_error (error);
  f->size_pool = fw_pool_new (2);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->size_pool);
  fw_test_rmtree (f->dir);
  g_free (f->dir);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (parent, 0755);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Runs @job in this thread and applies its outcome, as a batch would. */
static FwJob *
run_job (Fixture *f,
         FwJob   *job)
{
  FwJobConfig config = { 65536, FALSE, NULL, f->size_pool };
  g_autoptr(GError) error = NULL;
  FwJobOutcome *outcome = fw_job_execute (job, &config, NULL, &error);

  fw_job_apply_outcome (job, outcome, error);
  return job;
}

static FwJob *
new_verify_job (const char *base_dir,
                const char *name,
                const char *hex)
{
  FwChecksumEntry *entry = g_new0 (FwChecksumEntry, 1);

  entry->line = 1;
  entry->format = FW_CHECKSUM_GNU;
  entry->algorithm = FW_ALGORITHM_SHA256;
  entry->digest_bits = 256;
  entry->hex = g_strdup (hex);
  entry->name = g_strdup (name);
  return fw_job_new_verify (entry, base_dir);
}

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  const char *sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";  /* "test" */
  const char *md5 = "098f6bcd4621d373cade4e832627b4f6";
  const char *zeros = "0000000000000000000000000000000000000000000000000000000000000000";
  g_autofree char *plain = write_file (f->dir, "plain", "test");
  g_autofree char *odd = write_file (f->dir, "a,\"b\"", "test");
  g_autofree char *tree = g_build_filename (f->dir, "tree", NULL);
  g_autofree char *in_tree = write_file (tree, "x", "test");
  g_autofree char *gone = g_build_filename (f->dir, "gone", NULL);
  g_autoptr(GListStore) jobs = g_list_store_new (FW_TYPE_JOB);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) cancel = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_autoptr(GFile) uri = g_file_new_for_uri ("sftp://host/x.iso");
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GString) expected = g_string_new ("path,kind,size,state,result\r\n");
  FwJob *job;

  /* Hash: one digest, then two; a name that needs quoting. */
  job = fw_job_new_for_path (FW_JOB_HASH, plain, 4);
  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  g_list_store_append (jobs, run_job (f, job));
  g_object_unref (job);
  g_string_append_printf (expected, "%s,hash,4,done,%s\r\n", plain, sha);

  job = fw_job_new_for_path (FW_JOB_HASH, odd, 4);
  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) | FW_ALGORITHM_BIT (FW_ALGORITHM_MD5));
  g_list_store_append (jobs, run_job (f, job));
  g_object_unref (job);
  g_string_append_printf (expected, "\"%s/a,\"\"b\"\"\",hash,4,done,md5:%s sha256:%s\r\n", f->dir, md5, sha);

  /* Failed: the error's message; queued and cancelled: no result. */
  job = fw_job_new_for_path (FW_JOB_HASH, gone, 0);
  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  g_list_store_append (jobs, run_job (f, job));
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_FAILED);
  g_string_append_printf (expected, "%s,hash,0,failed,%s\r\n", gone, fw_job_get_error (job)->message);
  g_assert_null (strpbrk (fw_job_get_error (job)->message, ",\"\r\n"));
  g_object_unref (job);

  job = fw_job_new_for_path (FW_JOB_HASH, plain, 4);
  g_list_store_append (jobs, job);
  g_object_unref (job);
  g_string_append_printf (expected, "%s,hash,4,queued,\r\n", plain);

  job = fw_job_new_for_path (FW_JOB_HASH, plain, 4);
  fw_job_apply_outcome (job, NULL, cancel);
  g_list_store_append (jobs, job);
  g_object_unref (job);
  g_string_append_printf (expected, "%s,hash,4,cancelled,\r\n", plain);

  /* A location without a path: its URI. */
  job = fw_job_new_failed (FW_JOB_HASH, uri, "No local path");
  g_list_store_append (jobs, job);
  g_object_unref (job);
  g_string_append (expected, "sftp://host/x.iso,hash,0,failed,No local path\r\n");

  /* A special file: skipped, with its reason. */
  {
    g_autoptr(GFile) special = g_file_new_for_path (plain);

    job = fw_job_new_skipped (FW_JOB_HASH, special, "Not a regular file");
    g_list_store_append (jobs, job);
    g_object_unref (job);
    g_string_append_printf (expected, "%s,hash,0,skipped,Not a regular file\r\n", plain);
  }

  /* Size: the disk usage in bytes, in both columns. */
  job = run_job (f, fw_job_new_for_path (FW_JOB_SIZE, tree, 0));
  g_list_store_append (jobs, job);
  g_assert_cmpint (fw_job_get_state (job), ==, FW_JOB_DONE);
  g_string_append_printf (expected, "%s,size,%" G_GUINT64_FORMAT ",done,%" G_GUINT64_FORMAT "\r\n",
                          tree, fw_job_get_size (job), fw_job_get_size (job));
  g_object_unref (job);

  /* Verify: ok, mismatch, and a missing file (failed, with its reason). */
  job = run_job (f, new_verify_job (f->dir, "plain", sha));
  g_list_store_append (jobs, job);
  g_object_unref (job);
  g_string_append_printf (expected, "%s,verify,4,done,ok\r\n", plain);

  job = run_job (f, new_verify_job (f->dir, "plain", zeros));
  g_list_store_append (jobs, job);
  g_object_unref (job);
  g_string_append_printf (expected, "%s,verify,4,done,mismatch\r\n", plain);

  job = run_job (f, new_verify_job (f->dir, "gone", zeros));
  g_list_store_append (jobs, job);
  g_assert_error (fw_job_get_error (job), G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_object_unref (job);
  g_string_append_printf (expected, "%s,verify,0,failed,%s\r\n", gone, g_strerror (ENOENT));

  csv = fw_export_build (G_LIST_MODEL (jobs), FW_EXPORT_CSV, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_bytes_get_data (csv, NULL), ==, expected->str);
  g_assert_cmpuint (g_bytes_get_size (csv), ==, expected->len);
}

/* Reads @csv as RFC 4180 does (fields quoted or not, CRLF records) into
 * records of fields; fails the test on anything else. */
static GPtrArray *
parse_csv (const char *csv,
           gsize       len)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *record = NULL;
  const char *p = csv, *end = csv + len;

  while (p < end)
    {
      GString *field = g_string_new (NULL);

      if (record == NULL)
        {
          record = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (records, record);
        }
      if (*p == '"')
        {
          for (p++;; p++)
            {
              g_assert_true (p < end);  /* a quote left open */
              if (*p == '"' && p + 1 < end && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (field, *p);
            }
          p++;
        }
      else
        for (; p < end && *p != ',' && *p != '\r'; p++)
          {
            g_assert_true (*p != '"' && *p != '\n');  /* only inside quotes */
            g_string_append_c (field, *p);
          }
      g_ptr_array_add (record, g_string_free (field, FALSE));
      g_assert_true (p < end);  /* every record ends in CRLF */
      if (*p == ',')
        p++;
      else
        {
          g_assert_true (p + 1 < end && p[0] == '\r' && p[1] == '\n');
          p += 2;
          record = NULL;
        }
    }
  return records;
}

/* Hash rows with an expected digest: five more columns, empty on the
 * other rows; a list with none keeps the five columns (/export/csv). */
static void
test_csv_expected (Fixture       *f,
                   gconstpointer  data)
{
  const char *sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";  /* "test" */
  const char *zeros = "0000000000000000000000000000000000000000000000000000000000000000";
  g_autofree char *plain = write_file (f->dir, "plain", "test");
  g_autofree char *odd = write_file (f->dir, "a,\"b\"\nc", "test");
  /* The checksum file the digest came from: a name as awkward. */
  g_autofree char *list = g_build_filename (f->dir, "SUMS, \"x\"\r\nof it", NULL);
  g_autoptr(GListStore) jobs = g_list_store_new (FW_TYPE_JOB);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GString) expected = g_string_new ("path,kind,size,state,result,expected,verdict,algorithm,list,line\r\n");
  FwExpected *e;
  FwJob *job;
  gsize len;
  const char *bytes;

  /* Pasted, one candidate, matching. */
  job = fw_job_new_for_path (FW_JOB_HASH, plain, 4);
  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  run_job (f, job);
  fw_job_set_expected (job, fw_expected_new (sha, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256)));
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_OK);
  g_list_store_append (jobs, job);
  g_object_unref (job);
  g_string_append_printf (expected, "%s,hash,4,done,%s,%s,matches,sha256,,\r\n", plain, sha, sha);

  /* From a checksum file's line 3, two candidates of its length, neither
   * matching: both named; the awkward names quoted. */
  job = fw_job_new_for_path (FW_JOB_HASH, odd, 4);
  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) | FW_ALGORITHM_BIT (FW_ALGORITHM_SHA3_256));
  run_job (f, job);
  e = fw_expected_new (zeros, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) | FW_ALGORITHM_BIT (FW_ALGORITHM_SHA3_256));
  e->source = FW_EXPECTED_LIST;
  e->list_path = g_strdup (list);
  e->line = 3;
  fw_job_set_expected (job, e);
  g_assert_cmpint (fw_job_get_verdict (job), ==, FW_JOB_VERDICT_MISMATCH);
  g_list_store_append (jobs, job);
  g_string_append_printf (expected, "\"%s/a,\"\"b\"\"\nc\",hash,4,done,sha256:%s sha3-256:%s,"
                          "%s,does not match,sha256 sha3-256,\"%s/SUMS, \"\"x\"\"\r\nof it\",3\r\n",
                          f->dir, sha, fw_job_get_digest (job, FW_ALGORITHM_SHA3_256), zeros, f->dir);
  g_object_unref (job);

  /* Not done yet: the digest, no verdict. Without one: empty columns. */
  job = fw_job_new_for_path (FW_JOB_HASH, plain, 4);
  fw_job_set_expected (job, fw_expected_new (sha, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256)));
  g_list_store_append (jobs, job);
  g_object_unref (job);
  g_string_append_printf (expected, "%s,hash,4,queued,,%s,,,,\r\n", plain, sha);

  job = fw_job_new_for_path (FW_JOB_HASH, plain, 4);
  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  g_list_store_append (jobs, run_job (f, job));
  g_object_unref (job);
  g_string_append_printf (expected, "%s,hash,4,done,%s,,,,,\r\n", plain, sha);

  /* A verify row keeps its own verdict in `result`. */
  job = run_job (f, new_verify_job (f->dir, "plain", sha));
  g_list_store_append (jobs, job);
  g_object_unref (job);
  g_string_append_printf (expected, "%s,verify,4,done,ok,,,,,\r\n", plain);

  csv = fw_export_build (G_LIST_MODEL (jobs), FW_EXPORT_CSV, NULL, &error);
  g_assert_no_error (error);
  bytes = g_bytes_get_data (csv, &len);
  g_assert_cmpstr (bytes, ==, expected->str);
  g_assert_cmpuint (len, ==, expected->len);

  /* Valid CSV: ten fields in every record, the names read back whole. */
  records = parse_csv (bytes, len);
  g_assert_cmpuint (records->len, ==, 6);
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (records, i))->len, ==, 10);
  {
    GPtrArray *row = g_ptr_array_index (records, 2);
    g_autofree char *odd_path = g_build_filename (f->dir, "a,\"b\"\nc", NULL);

    g_assert_cmpstr (g_ptr_array_index (row, 0), ==, odd_path);
    g_assert_cmpstr (g_ptr_array_index (row, 8), ==, list);
    g_assert_cmpstr (g_ptr_array_index (row, 9), ==, "3");
  }
}

/* The checksum formats of a list: done hash rows only, names relative to
 * the base folder; nothing to write is an error. */
static void
test_build_lines (Fixture       *f,
                  gconstpointer  data)
{
  const char *sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  g_autofree char *plain = write_file (f->dir, "sub/plain", "test");
  g_autoptr(GListStore) jobs = g_list_store_new (FW_TYPE_JOB);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *expected = NULL;
  FwJob *job;

  job = fw_job_new_for_path (FW_JOB_HASH, plain, 4);
  g_list_store_append (jobs, job);
  g_object_unref (job);
  bytes = fw_export_build (G_LIST_MODEL (jobs), FW_EXPORT_GNU, f->dir, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (bytes);
  g_clear_error (&error);

  fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256));
  run_job (f, job);
  job = run_job (f, new_verify_job (f->dir, "sub/plain", sha));
  g_list_store_append (jobs, job);
  g_object_unref (job);
  bytes = fw_export_build (G_LIST_MODEL (jobs), FW_EXPORT_GNU, f->dir, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("%s  sub/plain\n", sha);
  g_assert_cmpstr (g_bytes_get_data (bytes, NULL), ==, expected);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* No CRC32: nothing for SFV. */
  bytes = fw_export_build (G_LIST_MODEL (jobs), FW_EXPORT_SFV, f->dir, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (bytes);
}

/* A GNU file of one algorithm: its GNU lines alone, whatever else the
 * rows hold; which algorithms there are; the lists' usual names. */
static void
test_build_gnu (Fixture       *f,
                gconstpointer  data)
{
  /* "test": sha256sum's and md5sum's digests of it. */
  const char *sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  const char *md5 = "098f6bcd4621d373cade4e832627b4f6";
  g_autofree char *plain = write_file (f->dir, "a b", "test");
  g_autofree char *slash = write_file (f->dir, "back\\slash", "test");
  g_autoptr(GListStore) jobs = g_list_store_new (FW_TYPE_JOB);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *expected = NULL;
  const char *names[][2] = {
    { "md5", "MD5SUMS" }, { "sha1", "SHA1SUMS" }, { "sha256", "SHA256SUMS" },
    { "sha512", "SHA512SUMS" }, { "blake2b", "B2SUMS" }, { "sha3-256", "SHA3-256SUMS" },
    { "xxh3", "XXH3SUMS" }, { "crc32", "CRC32SUMS" },
  };

  g_assert_cmpuint (fw_export_get_algorithms (G_LIST_MODEL (jobs)), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      FwJob *job = fw_job_new_for_path (FW_JOB_HASH, i == 0 ? plain : slash, 4);

      fw_job_set_algorithms (job, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) | FW_ALGORITHM_BIT (FW_ALGORITHM_MD5));
      run_job (f, job);
      g_list_store_append (jobs, job);
      g_object_unref (job);
    }
  g_assert_cmpuint (fw_export_get_algorithms (G_LIST_MODEL (jobs)), ==,
                    FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256) | FW_ALGORITHM_BIT (FW_ALGORITHM_MD5));

  /* fw_export_build() keeps what the CLI prints: BSD tags for two. */
  bytes = fw_export_build (G_LIST_MODEL (jobs), FW_EXPORT_GNU, f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "SHA256 (a b) = "));
  g_clear_pointer (&bytes, g_bytes_unref);

  /* One algorithm: GNU lines, names escaped as coreutils does. */
  bytes = fw_export_build_gnu (G_LIST_MODEL (jobs), FW_ALGORITHM_MD5, f->dir, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("%s  a b\n\\%s  back\\\\slash\n", md5, md5);
  g_assert_cmpstr (g_bytes_get_data (bytes, NULL), ==, expected);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_pointer (&expected, g_free);
  bytes = fw_export_build_gnu (G_LIST_MODEL (jobs), FW_ALGORITHM_SHA256, f->dir, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("%s  a b\n\\%s  back\\\\slash\n", sha, sha);
  g_assert_cmpstr (g_bytes_get_data (bytes, NULL), ==, expected);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* An algorithm no row has: nothing to export. */
  bytes = fw_export_build_gnu (G_LIST_MODEL (jobs), FW_ALGORITHM_SHA1, f->dir, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (bytes);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *name = fw_export_gnu_file_name (fw_algorithm_from_name (names[i][0]));

      g_assert_cmpstr (name, ==, names[i][1]);
    }
}

/* Find Duplicates' CSV: a line per path, quoted as RFC 4180 says. */
static void
test_dupes_csv (void)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_dupes_group_free);
  FwDupesGroup *group = g_new0 (FwDupesGroup, 1);
  FwDupesGroup *empty = g_new0 (FwDupesGroup, 1);
  FwDupesFile files[] = {
    { (char *) "/d/a,b", 8, 100, G_GINT64_CONSTANT (1764950400123456789), 0, TRUE },
    { (char *) "/d/link", 8, 100, G_GINT64_CONSTANT (1764950400123456789), 0, TRUE },
    { (char *) "/d/\"q\"", 8, 101, G_GINT64_CONSTANT (1000000000), 1, FALSE },
  };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) none = NULL;

  group->size = 5;
  group->files = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_ptr_array_add (group->files, &files[i]);
  empty->files = g_ptr_array_new ();
  g_ptr_array_add (empty->files, &files[2]);
  g_ptr_array_add (groups, group);
  g_ptr_array_add (groups, empty);
  bytes = fw_export_build_dupes (groups);
  g_assert_cmpstr (g_bytes_get_data (bytes, NULL), ==,
                   "group,size,path,device,inode,linked,mtime\r\n"
                   "1,5,\"/d/a,b\",8,100,yes,2025-12-05T16:00:00.123456789Z\r\n"
                   "1,5,/d/link,8,100,yes,2025-12-05T16:00:00.123456789Z\r\n"
                   "1,5,\"/d/\"\"q\"\"\",8,101,no,1970-01-01T00:00:01.000000000Z\r\n"
                   "2,0,\"/d/\"\"q\"\"\",8,101,no,1970-01-01T00:00:01.000000000Z\r\n");
  /* The files are the test's: the groups must not free them. */
  g_ptr_array_set_size (group->files, 0);
  g_ptr_array_set_size (empty->files, 0);
  g_ptr_array_set_size (groups, 0);
  none = fw_export_build_dupes (groups);
  g_assert_cmpstr (g_bytes_get_data (none, NULL), ==, "group,size,path,device,inode,linked,mtime\r\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/digest-lines", test_digest_lines);
  g_test_add_func ("/export/dupes-csv", test_dupes_csv);
  g_test_add ("/export/csv", Fixture, NULL, fixture_setup, test_csv, fixture_teardown);
  g_test_add ("/export/csv-expected", Fixture, NULL, fixture_setup, test_csv_expected, fixture_teardown);
  g_test_add ("/export/build-lines", Fixture, NULL, fixture_setup, test_build_lines, fixture_teardown);
  g_test_add ("/export/build-gnu", Fixture, NULL, fixture_setup, test_build_gnu, fixture_teardown);
  return g_test_run ();
}
