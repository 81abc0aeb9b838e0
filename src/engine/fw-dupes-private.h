/* fw-dupes-private.h — what the duplicate finder's files share, and its
 * test hook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-dupes.h"

G_BEGIN_DECLS

/* One path found by the walk. Kept small: one array of these is the scan's
 * only per-file memory (the path's bytes live in a GStringChunk). */
typedef struct {
  const char *path;
  guint64     size;
  guint64     dev;
  guint64     ino;
  gint64      mtime_ns;
  /* After the walk: the index of the first entry of its inode (itself for
   * the inode's leader), and the leader's count of paths. */
  guint32     leader;
  guint32     n_links;
} FwDupesEntry;

/* A file (an inode's leader) still in the running after the size stage. */
typedef enum {
  FW_DUPES_CANDIDATE_OK,
  FW_DUPES_CANDIDATE_DROPPED,   /* changed or failed: a note says why */
  FW_DUPES_CANDIDATE_SETTLED,   /* published (or not a duplicate) */
} FwDupesCandidateState;

typedef struct {
  guint32  entry;
  guint32  class_id;    /* files of one size (then of one edge digest) */
  guint8   state;
  guint8   complete;    /* the edge digest covered the whole file */
  guint8   edges[16];
  guint8   digest[32];
} FwDupesCandidate;

/* Called by a worker before it opens a file in a reading stage, and by the
 * walking thread once per folder (WALK) and once at the size stage (SIZE,
 * path NULL). For tests: change a file, or hold the stage at a gate. */
typedef void (*FwDupesHook) (FwDupesScan  *scan,
                             FwDupesStage  stage,
                             const char   *path,
                             gpointer      user_data);

void fw_dupes_scan_set_hook (FwDupesScan *self,
                             FwDupesHook  hook,
                             gpointer     user_data);

/* The shared state of one run (fw-dupes.c owns it; the walk and the
 * readers fill it). */
typedef struct {
  FwDupesScan   *scan;
  const char * const *operands;
  FwDupesFlags   flags;
  FwAlgorithm    algorithm;
  GCancellable  *cancellable;
  FwDupesHook    hook;
  gpointer       hook_data;

  GStringChunk  *strings;
  GArray        *entries;      /* FwDupesEntry */
  GArray        *candidates;   /* FwDupesCandidate */
  /* The digest stage: per class, its first candidate, its length and how
   * many are still to hash (atomic); NULL when classes settle at the end. */
  guint         *class_first;
  guint         *class_len;
  guint         *class_remaining;

  guint64        n_symlinks;   /* the walk's thread only */

  /* Progress, atomics. */
  int            stage;
  guint64        files_found;
  guint64        files_total;
  guint64        files_done;
  guint64        bytes_total;
  guint64        bytes_done;
} FwDupesRun;

void     fw_dupes_file_free       (FwDupesFile      *file);

/* fw-dupes.c: @group joins the scan's published groups (any thread). */
void     fw_dupes_scan_publish    (FwDupesScan      *self,
                                   FwDupesGroup     *group);

/* fw-dupes-stage.c: every stage after the walk's start, in order; FALSE
 * when cancelled. Publishes the groups. */
gboolean fw_dupes_run_stages      (FwDupesRun       *run,
                                   FwPool           *pool);
void     fw_dupes_run_set_stage   (FwDupesRun       *run,
                                   FwDupesStage      stage,
                                   guint64           files_total,
                                   guint64           bytes_total);

/* fw-dupes.c: publishes a note on the scan (any thread; takes @error). */
void     fw_dupes_run_note        (FwDupesRun       *run,
                                   FwDupesNoteKind   kind,
                                   const char       *path,
                                   GError           *error);

/* fw-dupes-walk.c: every operand into run->entries. FALSE when cancelled. */
gboolean fw_dupes_walk            (FwDupesRun          *run,
                                   const char * const  *operands);

/* fw-dupes-read.c: one candidate through one reading stage, in a worker.
 * Sets the candidate's state (and notes) itself. */
void     fw_dupes_read_edges      (FwDupesRun       *run,
                                   FwDupesCandidate *candidate);
void     fw_dupes_read_digest     (FwDupesRun       *run,
                                   FwDupesCandidate *candidate);
/* TRUE when @b's content is @a's; FALSE when it differs or @b failed (then
 * @b is dropped with a note). */
gboolean fw_dupes_read_compare    (FwDupesRun       *run,
                                   FwDupesCandidate *a,
                                   FwDupesCandidate *b);

G_END_DECLS
