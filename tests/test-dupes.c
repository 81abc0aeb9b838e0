/* test-dupes.c — the duplicate finder's engine (fw-dupes.h): stages,
 * hard links, special files, changes during the scan, Cancel per stage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>

#include "fw-dupes-private.h"
#include "fw-test-gate.h"
#include "fw-test-unreadable.h"
#include "fw-test-util.h"

static char *dir;
static FwPool *pool;

/* dir/name with @len bytes: @seed's pattern, then @tweak (when not 0) at
 * byte @at. */
static char *
put (const char *name,
     gsize       len,
     guint32     seed,
     gsize       at,
     guint8      tweak)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree guint8 *data = g_malloc (len + 1);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) ((i * 131 + seed * 7 + (i >> 8)) & 0xff);
  if (tweak != 0 && at < len)
    data[at] ^= tweak;
  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  fw_test_write (path, data, len);
  return path;
}

static char *
sub (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

/* The groups as text: "SIZE:NAME,NAME;…" with names relative to dir and a
 * '*' after a linked one. */
static char *
groups_text (GPtrArray *groups)
{
  GString *s = g_string_new (NULL);
  gsize skip = strlen (dir) + 1;

  for (guint i = 0; i < groups->len; i++)
    {
      const FwDupesGroup *g = groups->pdata[i];

      g_string_append_printf (s, "%s%" G_GUINT64_FORMAT ":", i ? ";" : "", g->size);
      for (guint j = 0; j < g->files->len; j++)
        {
          const FwDupesFile *f = g->files->pdata[j];
          const char *name = g_str_has_prefix (f->path, dir) ? f->path + skip : f->path;

          g_string_append_printf (s, "%s%s%s", j ? "," : "", name, f->linked ? "*" : "");
        }
    }
  return g_string_free (s, FALSE);
}

static FwDupesResult *
scan_full (const char * const *paths,
           FwDupesFlags        flags,
           FwDupesHook         hook,
           gpointer            hook_data)
{
  g_autoptr(FwDupesScan) scan = fw_dupes_scan_new (paths, flags);
  g_autoptr(GError) error = NULL;
  FwDupesResult *result;

  if (hook != NULL)
    fw_dupes_scan_set_hook (scan, hook, hook_data);
  result = fw_dupes_scan_run (scan, pool, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static FwDupesResult *
scan_dir (FwDupesFlags flags)
{
  const char *paths[] = { dir, NULL };

  return scan_full (paths, flags, NULL, NULL);
}

static void
setup (void)
{
  dir = fw_test_mkdtemp ();
}

static void
teardown (void)
{
  fw_test_rmtree (dir);
  g_clear_pointer (&dir, g_free);
}

/* Which files a stage opened: the hook's record. */
typedef struct {
  GMutex     lock;
  GPtrArray *opened[FW_DUPES_STAGE_DONE + 1];
} Record;

static void
record_hook (FwDupesScan  *scan,
             FwDupesStage  stage,
             const char   *path,
             gpointer      data)
{
  Record *r = data;

  g_mutex_lock (&r->lock);
  if (path != NULL)
    g_ptr_array_add (r->opened[stage], g_path_get_basename (path));
  g_mutex_unlock (&r->lock);
}

static gboolean
opened (Record       *r,
        FwDupesStage  stage,
        const char   *name)
{
  for (guint i = 0; i < r->opened[stage]->len; i++)
    if (strcmp (r->opened[stage]->pdata[i], name) == 0)
      return TRUE;
  return FALSE;
}

static void
test_stages (void)
{
  const char *paths[2] = { NULL, NULL };
  Record r;
  g_autoptr(FwDupesResult) result = NULL;
  g_autofree char *text = NULL;
  gsize big = 64 * 1024;

  setup ();
  g_mutex_init (&r.lock);
  for (guint i = 0; i <= FW_DUPES_STAGE_DONE; i++)
    r.opened[i] = g_ptr_array_new_with_free_func (g_free);

  g_free (put ("unique", 1000, 1, 0, 0));
  /* Equal size, different content (in the first KiB). */
  g_free (put ("size-a", 5000, 2, 10, 0));
  g_free (put ("size-b", 5000, 2, 10, 0x55));
  /* Equal first and last KiB (and more), different middle. */
  g_free (put ("mid-a", big, 3, 0, 0));
  g_free (put ("mid-b", big, 3, big / 2, 0x01));
  /* True duplicates: small (settled by the edges) and large. */
  g_free (put ("small-1", 300, 4, 0, 0));
  g_free (put ("small-2", 300, 4, 0, 0));
  g_free (put ("dir/large-1", big, 5, 0, 0));
  g_free (put ("dir/large-2", big, 5, 0, 0));
  g_free (put ("dir/deep/large-3", big, 5, 0, 0));

  paths[0] = dir;
  result = scan_full (paths, FW_DUPES_RECURSIVE, record_hook, &r);
  text = groups_text (result->groups);
  g_assert_cmpstr (text, ==, "65536:dir/deep/large-3,dir/large-1,dir/large-2;300:small-1,small-2");
  g_assert_cmpuint (result->n_files, ==, 10);
  g_assert_cmpuint (result->notes->len, ==, 0);

  /* Each stage read only what the one before left. */
  g_assert_false (opened (&r, FW_DUPES_STAGE_EDGES, "unique"));
  g_assert_true (opened (&r, FW_DUPES_STAGE_EDGES, "size-a"));
  g_assert_false (opened (&r, FW_DUPES_STAGE_DIGEST, "size-a"));
  g_assert_false (opened (&r, FW_DUPES_STAGE_DIGEST, "small-1"));
  g_assert_true (opened (&r, FW_DUPES_STAGE_DIGEST, "mid-a"));
  g_assert_true (opened (&r, FW_DUPES_STAGE_DIGEST, "mid-b"));
  g_assert_true (opened (&r, FW_DUPES_STAGE_DIGEST, "large-3"));
  g_assert_cmpuint (r.opened[FW_DUPES_STAGE_COMPARE]->len, ==, 0);

  /* The group's figures. */
  {
    const FwDupesGroup *g = result->groups->pdata[0];

    g_assert_cmpuint (g->n_inodes, ==, 3);
    g_assert_cmpuint (g->wasted, ==, 2 * big);
  }

  /* Without -r: only the files directly in the folder. */
  {
    g_autoptr(FwDupesResult) flat = scan_dir (FW_DUPES_FLAGS_NONE);
    g_autofree char *flat_text = groups_text (flat->groups);

    g_assert_cmpstr (flat_text, ==, "300:small-1,small-2");
  }

  /* Byte by byte: the same groups, every candidate compared. */
  for (guint i = 0; i <= FW_DUPES_STAGE_DONE; i++)
    g_ptr_array_set_size (r.opened[i], 0);
  {
    g_autoptr(FwDupesResult) confirmed = scan_full (paths, FW_DUPES_RECURSIVE | FW_DUPES_COMPARE_BYTES,
                                                    record_hook, &r);
    g_autofree char *confirmed_text = groups_text (confirmed->groups);

    g_assert_cmpstr (confirmed_text, ==, text);
    g_assert_true (opened (&r, FW_DUPES_STAGE_COMPARE, "large-2"));
    g_assert_true (opened (&r, FW_DUPES_STAGE_COMPARE, "large-3"));
  }

  for (guint i = 0; i <= FW_DUPES_STAGE_DONE; i++)
    g_ptr_array_unref (r.opened[i]);
  g_mutex_clear (&r.lock);
  teardown ();
}

static void
link_or_fail (const char *from,
              const char *to)
{
  g_assert_cmpint (link (from, to), ==, 0);
}

static void
test_hardlinks (void)
{
  g_autofree char *outside = fw_test_mkdtemp ();
  g_autofree char *out_file = g_build_filename (outside, "out", NULL);
  g_autofree char *a = NULL, *b = NULL, *x = NULL, *y = NULL, *ol = NULL, *ol_copy = NULL;
  g_autofree char *text = NULL, *text_h = NULL;
  g_autoptr(FwDupesResult) result = NULL;
  g_autoptr(FwDupesResult) result_h = NULL;
  const FwDupesGroup *g;

  setup ();
  a = put ("a", 20000, 6, 0, 0);
  b = sub ("b");
  link_or_fail (a, b);
  g_free (put ("c", 20000, 6, 0, 0));
  /* Two links to one inode and no copy: a group only with -H. */
  x = put ("x", 3000, 7, 0, 0);
  y = sub ("y");
  link_or_fail (x, y);
  /* A link to a file outside the tree: one path inside, not linked there. */
  fw_test_write (out_file, "0123456789", 10);
  ol = sub ("ol");
  link_or_fail (out_file, ol);
  ol_copy = put ("ol-copy", 0, 0, 0, 0);
  g_assert_true (g_file_set_contents (ol_copy, "0123456789", 10, NULL));

  result = scan_dir (FW_DUPES_FLAGS_NONE);
  text = groups_text (result->groups);
  g_assert_cmpstr (text, ==, "20000:a*,b*,c;10:ol,ol-copy");
  g = result->groups->pdata[0];
  g_assert_cmpuint (g->n_inodes, ==, 2);
  g_assert_cmpuint (g->wasted, ==, 20000);
  g_assert_cmpuint (((FwDupesFile *) g->files->pdata[0])->inode_index, ==, 0);
  g_assert_cmpuint (((FwDupesFile *) g->files->pdata[1])->inode_index, ==, 0);
  g_assert_cmpuint (((FwDupesFile *) g->files->pdata[2])->inode_index, ==, 1);

  result_h = scan_dir (FW_DUPES_HARDLINKS_ARE_DUPLICATES);
  text_h = groups_text (result_h->groups);
  g_assert_cmpstr (text_h, ==, "20000:a*,b*,c;3000:x*,y*;10:ol,ol-copy");
  g = result_h->groups->pdata[1];
  g_assert_cmpuint (g->n_inodes, ==, 1);
  g_assert_cmpuint (g->wasted, ==, 0);

  fw_test_rmtree (outside);
  teardown ();
}

static void
test_special (void)
{
  g_autofree char *fifo = NULL, *link_path = NULL, *dir_link = NULL, *text = NULL;
  g_autoptr(FwDupesResult) result = NULL;
  const FwDupesNote *note;

  setup ();
  g_free (put ("a", 100, 8, 0, 0));
  g_free (put ("b", 100, 8, 0, 0));
  fifo = sub ("fifo");
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  link_path = sub ("link");
  g_assert_cmpint (symlink ("a", link_path), ==, 0);
  dir_link = sub ("dirlink");
  g_assert_cmpint (symlink (dir, dir_link), ==, 0);

  result = scan_dir (FW_DUPES_RECURSIVE);
  text = groups_text (result->groups);
  /* The symbolic links are not followed: not in a group, not walked. */
  g_assert_cmpstr (text, ==, "100:a,b");
  g_assert_cmpuint (result->n_symlinks, ==, 2);
  g_assert_cmpuint (result->notes->len, ==, 1);
  note = result->notes->pdata[0];
  g_assert_cmpint (note->kind, ==, FW_DUPES_NOTE_SPECIAL);
  g_assert_cmpstr (note->path, ==, fifo);
  teardown ();
}

static void
test_empty (void)
{
  g_autoptr(FwDupesResult) result = NULL;
  g_autoptr(FwDupesResult) skipped = NULL;
  g_autofree char *text = NULL, *text_n = NULL;

  setup ();
  g_free (put ("e1", 0, 0, 0, 0));
  g_free (put ("e2", 0, 0, 0, 0));
  g_free (put ("sub/e3", 0, 0, 0, 0));
  g_free (put ("a", 1, 9, 0, 0));
  g_free (put ("b", 1, 9, 0, 0));

  result = scan_dir (FW_DUPES_RECURSIVE);
  text = groups_text (result->groups);
  /* The empty files: one group, the last, though the smallest. */
  g_assert_cmpstr (text, ==, "1:a,b;0:e1,e2,sub/e3");
  skipped = scan_dir (FW_DUPES_RECURSIVE | FW_DUPES_SKIP_EMPTY);
  text_n = groups_text (skipped->groups);
  g_assert_cmpstr (text_n, ==, "1:a,b");
  teardown ();
}

static void
test_overlap (void)
{
  g_autofree char *inner = NULL, *text = NULL, *file = NULL, *dotted = NULL;
  g_autoptr(FwDupesResult) result = NULL;
  const char *paths[5];

  setup ();
  g_free (put ("a", 50, 10, 0, 0));
  g_free (put ("sub/b", 50, 10, 0, 0));
  inner = sub ("sub");
  file = sub ("sub/b");
  dotted = g_strconcat (dir, "/./sub/", NULL);
  paths[0] = dir;
  paths[1] = inner;
  paths[2] = file;
  paths[3] = dotted;
  paths[4] = NULL;
  result = scan_full (paths, FW_DUPES_RECURSIVE | FW_DUPES_HARDLINKS_ARE_DUPLICATES, NULL, NULL);
  text = groups_text (result->groups);
  g_assert_cmpstr (text, ==, "50:a,sub/b");
  teardown ();
}

/* Changes during the scan, made by the hook at one stage. */
typedef struct {
  FwDupesStage  stage;
  const char   *name;
  int           what;  /* 0 append, 1 same size new mtime, 2 remove */
} Change;

static void
change_hook (FwDupesScan  *scan,
             FwDupesStage  stage,
             const char   *path,
             gpointer      data)
{
  Change *c = data;
  g_autofree char *base = NULL;

  if (path == NULL || stage != c->stage)
    return;
  base = g_path_get_basename (path);
  if (strcmp (base, c->name) != 0)
    return;
  if (c->what == 0)
    {
      int fd = open (path, O_WRONLY | O_APPEND);

      g_assert_cmpint (fd, >=, 0);
      g_assert_cmpint (write (fd, "x", 1), ==, 1);
      close (fd);
    }
  else if (c->what == 1)
    {
      struct timespec times[2] = { { 0, UTIME_OMIT }, { 12345, 0 } };

      g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
    }
  else
    g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
check_change (FwDupesStage     stage,
              int              what,
              FwDupesNoteKind  kind,
              GIOErrorEnum     code)
{
  const char *paths[] = { NULL, NULL };
  Change c = { stage, "b", what };
  g_autoptr(FwDupesResult) result = NULL;
  g_autofree char *text = NULL;
  g_autofree char *b = NULL;
  const FwDupesNote *note;

  setup ();
  g_free (put ("a", 40000, 11, 0, 0));
  b = put ("b", 40000, 11, 0, 0);
  g_free (put ("c", 40000, 11, 0, 0));
  paths[0] = dir;
  result = scan_full (paths, FW_DUPES_FLAGS_NONE, change_hook, &c);
  text = groups_text (result->groups);
  /* b left its group; the rest went on. */
  g_assert_cmpstr (text, ==, "40000:a,c");
  g_assert_cmpuint (result->notes->len, ==, 1);
  note = result->notes->pdata[0];
  g_assert_cmpint (note->kind, ==, kind);
  g_assert_cmpstr (note->path, ==, b);
  g_assert_error (note->error, G_IO_ERROR, (gint) code);
  teardown ();
}

static void
test_changed (void)
{
  check_change (FW_DUPES_STAGE_EDGES, 0, FW_DUPES_NOTE_CHANGED, G_IO_ERROR_FAILED);
  check_change (FW_DUPES_STAGE_EDGES, 1, FW_DUPES_NOTE_CHANGED, G_IO_ERROR_FAILED);
  check_change (FW_DUPES_STAGE_DIGEST, 0, FW_DUPES_NOTE_CHANGED, G_IO_ERROR_FAILED);
  check_change (FW_DUPES_STAGE_DIGEST, 1, FW_DUPES_NOTE_CHANGED, G_IO_ERROR_FAILED);
  /* Vanished: an error on that file. */
  check_change (FW_DUPES_STAGE_EDGES, 2, FW_DUPES_NOTE_ERROR, G_IO_ERROR_NOT_FOUND);
  check_change (FW_DUPES_STAGE_DIGEST, 2, FW_DUPES_NOTE_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Cancel in each stage: the hook holds the stage at a gate, the test
 * cancels, opens the gate, and the run must end cancelled in that stage,
 * no later stage started. */
typedef struct {
  FwTestGate    gate;
  FwDupesStage  stage;
  gint          held;
  gint          later;
} Hold;

static void
hold_hook (FwDupesScan  *scan,
           FwDupesStage  stage,
           const char   *path,
           gpointer      data)
{
  Hold *h = data;

  if (stage > h->stage)
    g_atomic_int_inc (&h->later);
  if (stage == h->stage && g_atomic_int_compare_and_exchange (&h->held, 0, 1))
    fw_test_gate_pass (&h->gate);
}

typedef struct {
  FwDupesScan  *scan;
  GCancellable *cancellable;
  GError       *error;
  FwDupesResult *result;
} Runner;

static gpointer
runner_main (gpointer data)
{
  Runner *r = data;

  r->result = fw_dupes_scan_run (r->scan, pool, r->cancellable, &r->error);
  return NULL;
}

static void
check_cancel (FwDupesStage stage)
{
  const char *paths[] = { NULL, NULL };
  Hold h = { 0 };
  Runner r = { 0 };
  GThread *thread;
  FwDupesProgress progress;

  setup ();
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%u", i);

      g_free (put (name, 30000, 12, 0, 0));
    }
  paths[0] = dir;
  fw_test_gate_init (&h.gate);
  h.stage = stage;
  r.scan = fw_dupes_scan_new (paths, FW_DUPES_COMPARE_BYTES);
  r.cancellable = g_cancellable_new ();
  fw_dupes_scan_set_hook (r.scan, hold_hook, &h);
  thread = g_thread_new ("scan", runner_main, &r);

  fw_test_gate_wait_running (&h.gate, 1);
  fw_dupes_scan_get_progress (r.scan, &progress);
  g_assert_cmpint (progress.stage, ==, stage);
  g_cancellable_cancel (r.cancellable);
  fw_test_gate_open (&h.gate);
  g_thread_join (thread);

  g_assert_null (r.result);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_atomic_int_get (&h.later), ==, 0);
  fw_dupes_scan_get_progress (r.scan, &progress);
  g_assert_cmpint (progress.stage, ==, stage);

  g_clear_error (&r.error);
  g_object_unref (r.scan);
  g_object_unref (r.cancellable);
  fw_test_gate_clear (&h.gate);
  teardown ();
}

static void
test_cancel (void)
{
  check_cancel (FW_DUPES_STAGE_WALK);
  check_cancel (FW_DUPES_STAGE_SIZE);
  check_cancel (FW_DUPES_STAGE_EDGES);
  check_cancel (FW_DUPES_STAGE_DIGEST);
  check_cancel (FW_DUPES_STAGE_COMPARE);
}

/* Notes are published as they happen: with the digest stage held at a
 * gate, the FIFO met by the walk and the unreadable file met by the edge
 * stage are takeable (a few at a time), counted in the progress, and the
 * result holds them too once the gate opens. */
typedef struct {
  FwTestGate gate;
  gint       held;
} NotesHold;

static void
notes_hook (FwDupesScan  *scan,
            FwDupesStage  stage,
            const char   *path,
            gpointer      data)
{
  NotesHold *h = data;

  /* On the worker, before it opens: mode 000 holds for root too. */
  fw_test_drop_dac_override ();
  if (stage == FW_DUPES_STAGE_DIGEST && g_atomic_int_compare_and_exchange (&h->held, 0, 1))
    fw_test_gate_pass (&h->gate);
}

static gpointer
notes_runner_main (gpointer data)
{
  Runner *r = data;

  r->result = fw_dupes_scan_run (r->scan, g_object_get_data (G_OBJECT (r->scan), "pool"), NULL, &r->error);
  return NULL;
}

static void
test_notes_live (void)
{
  const char *paths[] = { NULL, NULL };
  /* A pool of the test's own: its threads (and their dropped
   * capabilities) end with it. */
  g_autoptr(FwPool) one = fw_pool_new (1);
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_dupes_note_free);
  g_autofree char *fifo = NULL, *secret = NULL, *text = NULL;
  NotesHold h = { 0 };
  Runner r = { 0 };
  GThread *thread;
  FwDupesProgress progress;
  const FwDupesNote *note;

  setup ();
  g_free (put ("big-1", 40000, 18, 0, 0));
  g_free (put ("big-2", 40000, 18, 0, 0));
  g_free (put ("other", 100, 19, 0, 0));
  secret = put ("secret", 100, 20, 0, 0);
  g_assert_cmpint (chmod (secret, 0), ==, 0);
  fifo = sub ("fifo");
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  paths[0] = dir;
  fw_test_gate_init (&h.gate);
  r.scan = fw_dupes_scan_new (paths, FW_DUPES_FLAGS_NONE);
  g_object_set_data (G_OBJECT (r.scan), "pool", one);
  fw_dupes_scan_set_hook (r.scan, notes_hook, &h);
  thread = g_thread_new ("scan", notes_runner_main, &r);

  fw_test_gate_wait_running (&h.gate, 1);
  fw_dupes_scan_get_progress (r.scan, &progress);
  g_assert_cmpint (progress.stage, ==, FW_DUPES_STAGE_DIGEST);
  g_assert_cmpuint (progress.notes, ==, 2);
  /* At most one, then the rest, then nothing new. */
  g_assert_cmpuint (fw_dupes_scan_take_notes (r.scan, taken, 1), ==, 1);
  g_assert_cmpuint (fw_dupes_scan_take_notes (r.scan, taken, 100), ==, 1);
  g_assert_cmpuint (fw_dupes_scan_take_notes (r.scan, taken, 100), ==, 0);
  note = taken->pdata[0];
  g_assert_cmpint (note->kind, ==, FW_DUPES_NOTE_SPECIAL);
  g_assert_cmpstr (note->path, ==, fifo);
  note = taken->pdata[1];
  g_assert_cmpint (note->kind, ==, FW_DUPES_NOTE_ERROR);
  g_assert_cmpstr (note->path, ==, secret);
  g_assert_error (note->error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);

  fw_test_gate_open (&h.gate);
  g_thread_join (thread);
  g_assert_no_error (r.error);
  text = groups_text (r.result->groups);
  g_assert_cmpstr (text, ==, "40000:big-1,big-2");
  g_assert_cmpuint (r.result->notes->len, ==, 2);
  g_assert_cmpstr (((FwDupesNote *) r.result->notes->pdata[1])->path, ==, secret);
  g_assert_cmpuint (fw_dupes_scan_take_notes (r.scan, taken, 100), ==, 0);
  fw_dupes_scan_get_progress (r.scan, &progress);
  g_assert_cmpuint (progress.notes, ==, 2);

  fw_dupes_result_free (r.result);
  g_object_unref (r.scan);
  fw_test_gate_clear (&h.gate);
  teardown ();
}

/* Pause in a stage: the hook pauses the pool at the stage's first file
 * (the walk's: its first folder); the worker must then park before its
 * next file or folder (held at fw_pool_pause_point()) with nothing more
 * opened, and finish when resumed. The walk runs on the pool too, so
 * that Pause holds it: it opens one folder here, the reading stages
 * four files. */
typedef struct {
  FwPool       *pool;
  FwDupesStage  stage;
  gint          paused;
  gint          opened;
} PauseAt;

static void
pause_hook (FwDupesScan  *scan,
            FwDupesStage  stage,
            const char   *path,
            gpointer      data)
{
  PauseAt *p = data;

  if (stage != p->stage)
    return;
  g_atomic_int_inc (&p->opened);
  if (g_atomic_int_compare_and_exchange (&p->paused, 0, 1))
    fw_pool_pause (p->pool);
}

static gpointer
paused_runner_main (gpointer data)
{
  Runner *r = data;

  r->result = fw_dupes_scan_run (r->scan, ((PauseAt *) g_object_get_data (G_OBJECT (r->scan), "pause"))->pool,
                                 NULL, &r->error);
  return NULL;
}

static void
check_pause (FwDupesStage stage,
             gint         n_opened)
{
  const char *paths[] = { NULL, NULL };
  g_autoptr(FwPool) one = fw_pool_new (1);
  PauseAt p = { one, stage, 0, 0 };
  Runner r = { 0 };
  GThread *thread;
  FwPoolCounters counters = { 0 };
  FwDupesProgress progress;
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  setup ();
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%u", i);

      g_free (put (name, 30000, 16, 0, 0));
    }
  paths[0] = dir;
  r.scan = fw_dupes_scan_new (paths, FW_DUPES_FLAGS_NONE);
  g_object_set_data (G_OBJECT (r.scan), "pause", &p);
  fw_dupes_scan_set_hook (r.scan, pause_hook, &p);
  thread = g_thread_new ("scan", paused_runner_main, &r);

  /* Waits for the worker to park (no sleep decides anything: the pool's
   * own count of held items does). */
  while (counters.held == 0 && g_get_monotonic_time () < deadline)
    {
      fw_pool_get_counters (one, &counters);
      if (counters.held == 0)
        g_usleep (1000);
    }
  g_assert_cmpuint (counters.held, ==, 1);
  g_assert_cmpint (g_atomic_int_get (&p.opened), ==, 1);
  fw_dupes_scan_get_progress (r.scan, &progress);
  g_assert_cmpint (progress.stage, ==, stage);
  g_assert_cmpuint (progress.files_done, <, 4);

  fw_pool_resume (one);
  g_thread_join (thread);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.result->groups->len, ==, 1);
  g_assert_cmpint (g_atomic_int_get (&p.opened), ==, n_opened);
  fw_dupes_result_free (r.result);
  g_object_unref (r.scan);
  teardown ();
}

static void
test_pause (void)
{
  check_pause (FW_DUPES_STAGE_WALK, 1);
  check_pause (FW_DUPES_STAGE_EDGES, 4);
  check_pause (FW_DUPES_STAGE_DIGEST, 4);
}

/* Groups are published as they settle, largest size first: with one
 * worker, when the smaller class is hashed the larger one's group is
 * already there for the window to take. */
typedef struct {
  FwDupesScan *scan;
  guint        seen_before_small;
  gboolean     checked;
} Stream;

static void
stream_hook (FwDupesScan  *scan,
             FwDupesStage  stage,
             const char   *path,
             gpointer      data)
{
  Stream *s = data;
  g_autofree char *base = NULL;
  g_autoptr(GPtrArray) taken = NULL;

  if (stage != FW_DUPES_STAGE_DIGEST || path == NULL)
    return;
  base = g_path_get_basename (path);
  if (!g_str_has_prefix (base, "small") || s->checked)
    return;
  taken = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_dupes_group_free);
  s->seen_before_small = fw_dupes_scan_take_groups (scan, taken);
  g_assert_cmpuint (((FwDupesGroup *) taken->pdata[0])->size, ==, 50000);
  s->checked = TRUE;
}

static void
test_streaming (void)
{
  const char *paths[] = { NULL, NULL };
  g_autoptr(FwPool) one = fw_pool_new (1);
  g_autoptr(FwDupesScan) scan = NULL;
  g_autoptr(FwDupesResult) result = NULL;
  g_autoptr(GPtrArray) rest = g_ptr_array_new_with_free_func ((GDestroyNotify) fw_dupes_group_free);
  g_autoptr(GError) error = NULL;
  Stream s = { 0 };
  FwDupesProgress progress;

  setup ();
  g_free (put ("large-1", 50000, 13, 0, 0));
  g_free (put ("large-2", 50000, 13, 0, 0));
  g_free (put ("small-1", 20000, 14, 0, 0));
  g_free (put ("small-2", 20000, 14, 0, 0));
  paths[0] = dir;
  scan = fw_dupes_scan_new (paths, FW_DUPES_FLAGS_NONE);
  fw_dupes_scan_set_hook (scan, stream_hook, &s);
  result = fw_dupes_scan_run (scan, one, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (s.checked);
  g_assert_cmpuint (s.seen_before_small, ==, 1);
  g_assert_cmpuint (fw_dupes_scan_take_groups (scan, rest), ==, 1);
  g_assert_cmpuint (((FwDupesGroup *) rest->pdata[0])->size, ==, 20000);
  g_assert_cmpuint (result->groups->len, ==, 2);
  fw_dupes_scan_get_progress (scan, &progress);
  g_assert_cmpint (progress.stage, ==, FW_DUPES_STAGE_DONE);
  g_assert_cmpuint (progress.groups, ==, 2);
  g_assert_cmpuint (progress.files_found, ==, 4);
  teardown ();
}

static void
on_async_done (GObject      *source,
               GAsyncResult *res,
               gpointer      data)
{
  FwDupesResult **out = data;
  g_autoptr(GError) error = NULL;

  *out = fw_dupes_scan_run_finish (FW_DUPES_SCAN (source), res, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  const char *paths[] = { NULL, NULL };
  g_autoptr(FwDupesScan) scan = NULL;
  g_autoptr(FwDupesResult) result = NULL;
  g_autofree char *text = NULL;

  setup ();
  g_free (put ("a", 9000, 15, 0, 0));
  g_free (put ("b", 9000, 15, 0, 0));
  paths[0] = dir;
  scan = fw_dupes_scan_new (paths, FW_DUPES_FLAGS_NONE);
  fw_dupes_scan_set_algorithm (scan, FW_ALGORITHM_SHA256);
  fw_dupes_scan_run_async (scan, pool, NULL, on_async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  text = groups_text (result->groups);
  g_assert_cmpstr (text, ==, "9000:a,b");
  /* The SHA-256's first bytes are the group's digest. */
  {
    g_autofree char *path = sub ("a");
    g_autoptr(FwDigestResult) d = fw_digest_path (path, FW_ALGORITHM_BIT (FW_ALGORITHM_SHA256), 0,
                                                  NULL, NULL, NULL, NULL);
    const FwDupesGroup *g = result->groups->pdata[0];
    g_autofree char *hex = g_strdup_printf ("%02x%02x%02x%02x", g->digest[0], g->digest[1],
                                            g->digest[2], g->digest[3]);

    g_assert_true (g_str_has_prefix (d->hex[FW_ALGORITHM_SHA256], hex));
  }
  teardown ();
}

/* A digest shorter than 128 bits is confirmed byte by byte. */
static void
test_short_digest (void)
{
  const char *paths[] = { NULL, NULL };
  g_autoptr(FwDupesScan) scan = NULL;
  g_autoptr(FwDupesResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Record r;

  setup ();
  g_mutex_init (&r.lock);
  for (guint i = 0; i <= FW_DUPES_STAGE_DONE; i++)
    r.opened[i] = g_ptr_array_new_with_free_func (g_free);
  g_free (put ("a", 20000, 17, 0, 0));
  g_free (put ("b", 20000, 17, 0, 0));
  paths[0] = dir;
  scan = fw_dupes_scan_new (paths, FW_DUPES_FLAGS_NONE);
  fw_dupes_scan_set_algorithm (scan, FW_ALGORITHM_CRC32);
  fw_dupes_scan_set_hook (scan, record_hook, &r);
  result = fw_dupes_scan_run (scan, pool, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->groups->len, ==, 1);
  g_assert_true (opened (&r, FW_DUPES_STAGE_COMPARE, "b"));
  for (guint i = 0; i <= FW_DUPES_STAGE_DONE; i++)
    g_ptr_array_unref (r.opened[i]);
  g_mutex_clear (&r.lock);
  teardown ();
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fw_digest_init ();
  pool = fw_pool_new (2);

  g_test_add_func ("/dupes/stages", test_stages);
  g_test_add_func ("/dupes/hardlinks", test_hardlinks);
  g_test_add_func ("/dupes/special", test_special);
  g_test_add_func ("/dupes/empty", test_empty);
  g_test_add_func ("/dupes/overlap", test_overlap);
  g_test_add_func ("/dupes/changed", test_changed);
  g_test_add_func ("/dupes/cancel", test_cancel);
  g_test_add_func ("/dupes/pause", test_pause);
  g_test_add_func ("/dupes/notes-live", test_notes_live);
  g_test_add_func ("/dupes/streaming", test_streaming);
  g_test_add_func ("/dupes/async", test_async);
  g_test_add_func ("/dupes/short-digest", test_short_digest);

  status = g_test_run ();
  g_object_unref (pool);
  return status;
}
