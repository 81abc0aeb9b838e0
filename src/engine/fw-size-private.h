/* fw-size-private.h — what the size scanner's units share (not for the UI)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scanner is split by concept:
 *
 * | unit                  | holds                                                 |
 * | --------------------- | ----------------------------------------------------- |
 * | fw-size.c             | #FwSizeScan, its shared state, runs, results          |
 * | fw-size-folder.c      | one folder's job: list it, count it, push subfolders  |
 * | fw-size-fd-budget.c   | the descriptors kept as anchors, opening from one     |
 * | fw-size-hardlinks.c   | files with several links counted once; FwSizeLinkSet  |
 * | fw-size-largest.c     | the item's largest direct children                    |
 * | fw-size-tree.c        | the tree's nodes (FW_SIZE_RECORD_TREE): making,      |
 * |                       | ordering as du, completing in post-order, freeing    |
 * | fw-size-top.c         | the scan's largest files (a bounded min-heap), and   |
 * |                       | each folder's largest files kept as nodes             |
 * | fw-size-order.c       | where du's sequential walk meets an entry; errors     |
 * |                       | sorted into that order                                |
 *
 * How the scan works
 *
 * Shared state (FwSizeState) is reference counted: the scan object, the run
 * and every folder item hold a reference, so that folder jobs still running
 * after a cancel (the pool does not wait for them) touch only live memory.
 *
 * A folder item (FwSizeDir) knows its parent (for paths), its name, and an
 * "anchor": the nearest ancestor whose descriptor is open and that the item
 * holds (FwSizeDir.holds counts them; the last release closes it). The item
 * opens itself by the relative path from its anchor (usually just its name:
 * the anchor is its parent). A folder with subfolders keeps its descriptor
 * as their anchor if the budget of kept descriptors allows; otherwise its
 * subfolders take its own anchor. An item releases its anchor only once its
 * subfolders hold theirs, so an anchor is always open when used.
 *
 * A folder whose device and inode are those of the listing folder or one
 * of its ancestors (a cycle: a bind mount of a folder inside itself) is
 * neither counted nor entered, as du does; the items' parent pointers are
 * the current path of a sequential walk. Within one mount the folders form
 * a tree (Linux has no hard links to folders), so only below a mount
 * point is the path looked at.
 *
 * Errors are kept with where a sequential walk (du's) would meet their
 * entry: the places of the folders on its path, then its own place among
 * its folder's entries (fw-size-order.c). The scan sorts them once it is
 * over, so they come out in du's order whatever the threads did.
 *
 * Totals are summed per folder and added once per folder to the live
 * counters; with FW_SIZE_KEEP_LARGEST (the window's Largest Items), the
 * subtree of each direct child folder of the item has its own slot, and
 * the item's job keeps its child folders and its FW_SIZE_N_LARGEST largest
 * other children: nothing per file, however wide the folder.
 *
 * Atomics: the 64-bit counters and the `skipped` flag with the `__atomic_*_n`
 * builtins (GLib has no 64-bit atomics), the int counters with
 * `g_atomic_int_*`. Statistics are relaxed; what decides the end of a scan
 * (`outstanding`, `skipped`) is sequentially consistent.
 */
#pragma once

#include <dirent.h>
#include <sys/stat.h>

#include "fw-size.h"

G_BEGIN_DECLS

/* One counted entry, kept with FW_SIZE_RECORD_ENTRIES (FwSizeResult.entries). */
typedef struct {
  guint64 dev;
  guint64 ino;
  guint64 disk;
  guint64 apparent;
} FwSizeEntry;

/* The subtree of one direct child folder of the item (added atomically). */
typedef struct {
  guint64 disk;
  guint64 apparent;
} FwSizeSlot;

/* A direct child of the item: its own entry, and its slot if a folder. */
typedef struct {
  char     *name;
  guint64   disk;
  guint64   apparent;
  gboolean  is_dir;
  int       slot;
} FwSizeCandidate;

typedef struct _FwSizeDir FwSizeDir;

typedef struct {
  gint              ref_count;

  char             *root_path;     /* trimmed as du trims it */
  FwSizeFlags       flags;
  guint64           root_dev;
  guint64           root_ino;
  guint             max_open;
  guint             process_max;   /* the default bound, for all scans */

  const FwExclude  *exclude;       /* not owned; NULL: nothing excluded */
  gsize             exclude_offset; /* 0: du's whole paths; else where the
                                     * path below the item starts
                                     * (fw_size_scan_set_exclude_relative()) */
  FwSizeNode       *tree;          /* FW_SIZE_RECORD_TREE: the item's node */
  FwSizeTreeHook    tree_hook;
  gpointer          tree_hook_data;
  GDestroyNotify    tree_hook_destroy;

  FwSizeFolderHook  hook;
  gpointer          hook_data;
  GDestroyNotify    hook_destroy;
  GWeakRef          hook_scan;

  GTask            *task;          /* fw_size_scan_run_async(), until stopped */
  gboolean          stopped;       /* under lock: no folder job runs any more */
  GCond             stopped_cond;
  /* Not a reference: the run owns the stream, and the pool keeps a stream
   * alive while its jobs run, so it is valid inside every folder job. */
  FwPoolStream     *stream;

  /* Live counters (atomic). */
  guint64           entries;
  guint64           folders;
  guint64           disk;
  guint64           apparent;
  guint64           n_files;
  guint64           n_dirs;
  guint64           n_others;
  guint64           n_opened;
  gint              outstanding;   /* folders pushed and not finished */
  gboolean          skipped;       /* a folder was left out: cancelled */
  gint              open_kept;     /* descriptors kept as anchors */
  gint              peak_open;

  /* With FW_SIZE_KEEP_LARGEST (NULL without): set by the item's own
   * folder job, read after the scan. */
  FwSizeSlot       *slots;
  GArray           *candidates;    /* FwSizeCandidate: its child folders */
  GArray           *top_files;     /* FwSizeCandidate: its largest other
                                    * children so far, largest first */

  /* With FW_SIZE_RECORD_LARGEST_FILES: the largest files so far, a
   * min-heap of FwSizeFile* under `lock`; its smallest disk usage once
   * full (atomic), so that most files are refused without the lock. */
  GPtrArray        *top;
  guint64           top_floor;
  gboolean          top_full;
  /* The same by apparent size (Largest Files with Apparent Sizes on). */
  GPtrArray        *top_apparent;
  guint64           top_apparent_floor;
  gboolean          top_apparent_full;

  GMutex            lock;          /* guards what follows */
  GHashTable       *links;         /* FwSizeDevIno* of multiply linked files seen */
  GPtrArray        *errors;        /* FwSizeError* */
  GArray           *entries_rec;   /* FwSizeEntry, with FW_SIZE_RECORD_ENTRIES */
} FwSizeState;

struct _FwSizeDir {
  gint          ref_count;
  FwSizeState  *state;            /* a reference */
  FwSizeDir    *parent;           /* a reference; NULL for the item */
  char         *name;             /* for the item: its path */
  guint         depth;
  int           slot;             /* -1 for the item itself */
  guint64       dev;
  guint64       ino;
  /* One bit per folder on its path (itself included), by device and
   * inode: a folder whose bit is clear is on no cycle, without walking
   * the ancestors (see dir_on_path() in fw-size-folder.c). */
  guint64       path_bits;
  /* Whether it was reached through a mount point (itself or an
   * ancestor): only then can a subfolder be on its path (a cycle). */
  gboolean      below_mount;
  /* Its place among its parent's entries in du's walk (fw-size-order.c). */
  guint64       place[2];
  /* With FW_SIZE_RECORD_TREE: its node (owned by the tree). */
  FwSizeNode   *node;

  FwSizeDir    *anchor;           /* a reference and a hold, NULL = cwd */
  /* As an anchor: */
  DIR          *dirp;
  gint          holds;
};

/* A folder's listing, for the places of its entries (fw-size-order.c). */
typedef struct {
  guint64  n_entries;
  gboolean fs_may_sort;
} FwSizeListing;

/* fw-size.c: the shared state */
FwSizeState *fw_size_state_ref       (FwSizeState     *state);
void         fw_size_state_unref     (FwSizeState     *state);
/* A new error (@path taken), its order not set yet. */
FwSizeError *fw_size_error_new       (FwSizeErrorKind  kind,
                                      char            *path,
                                      int              errnum,
                                      guint64          key_dev,
                                      guint64          key_ino,
                                      gboolean         has_key);
/* Adds @n errors, their order set, to the scan's list (taken). */
void         fw_size_state_add_errors (FwSizeState    *state,
                                       FwSizeError   **errors,
                                       guint           n);
/* A folder job is over (or was dropped): the last one closes the stream. */
void         fw_size_state_finish_one (FwSizeState    *state);

/* fw-size-folder.c: folder items and their job */
FwSizeDir   *fw_size_dir_ref         (FwSizeDir       *dir);
/* The bit of a folder's device and inode in FwSizeDir.path_bits. */
guint64      fw_size_dir_path_bit    (guint64          dev,
                                      guint64          ino);
void         fw_size_dir_unref       (FwSizeDir       *dir);
/* The stream's item free function: for items that never ran (dropped on
 * cancel) as well as for those that did. */
void         fw_size_dir_item_free   (gpointer         data);
gpointer     fw_size_folder_job      (gpointer         item,
                                      GCancellable    *cancellable,
                                      gpointer         user_data,
                                      GError         **error);

/* fw-size-fd-budget.c: descriptors kept as anchors */
/* The default bound: a quarter of RLIMIT_NOFILE's soft limit, 4 to 1024. */
guint        fw_size_fd_budget_default  (void);
/* Whether @state may keep one more descriptor (counted if so). */
gboolean     fw_size_fd_budget_try_keep (FwSizeState  *state);
/* Drops one hold on @anchor (nullable): the last one closes its
 * descriptor and returns it to the budget. Drops the reference too. */
void         fw_size_anchor_release     (FwSizeDir    *anchor);
/* Opens @dir relative to its anchor. Returns a descriptor or -1 with errno. */
int          fw_size_dir_open           (FwSizeDir    *dir);

/* fw-size-hardlinks.c: multiply linked files */
GHashTable  *fw_size_devino_set_new  (void);
/* Whether @st's file was seen already in this scan (noted if not). */
gboolean     fw_size_link_seen       (FwSizeState       *state,
                                      const struct stat *st);

/* fw-size-largest.c: the item's largest direct children */
void         fw_size_child_free      (gpointer          data);
void         fw_size_candidate_clear (gpointer          data);
/* In the item's own folder job, with FW_SIZE_KEEP_LARGEST: one direct
 * child (@slot: its slot if a folder, else -1). */
void         fw_size_largest_note    (FwSizeState      *state,
                                      const char       *name,
                                      guint64           disk,
                                      guint64           apparent,
                                      gboolean          is_dir,
                                      int               slot);
/* Once every folder job has finished: the candidates, their slots added,
 * sorted into @largest (of FwSizeChild, at most FW_SIZE_N_LARGEST). */
void         fw_size_largest_collect (FwSizeState      *state,
                                      GPtrArray        *largest);

/* fw-size-tree.c: the tree's nodes */
/* A node for an entry of @parent (nullable: the root), from its lstat. */
FwSizeNode  *fw_size_node_new        (FwSizeNode          *parent,
                                      const char          *name,
                                      const struct stat   *st);
/* A file node whose data is counted at another of its names. */
void         fw_size_node_set_uncounted (FwSizeNode       *node);
/* A node for an entry that could not be examined. */
FwSizeNode  *fw_size_node_new_error  (FwSizeNode          *parent,
                                      const char          *name,
                                      int                  errnum);
/* A folder's listing is over: its nodes (taken) with their readdir index
 * and d_ino (@met: pairs of guint64), put in du's order. */
void         fw_size_node_set_children (FwSizeNode        *node,
                                        GPtrArray         *children,
                                        const guint64     *met,
                                        const FwSizeListing *listing);
/* One of @node's pending parts is over (its listing, or a subfolder's
 * subtree): the last one completes it, calls the tree hook, and passes
 * on to its parent. */
void         fw_size_node_done       (FwSizeState         *state,
                                      FwSizeNode          *node);
/* Frees @node and everything under it (no recursion: any depth). */
void         fw_size_node_free       (FwSizeNode          *node);

/* fw-size-top.c: the largest files */
/* A counted regular file of @folder: kept if among the largest so far. */
void         fw_size_top_offer       (FwSizeState         *state,
                                      FwSizeNode          *folder,
                                      const char          *name,
                                      const struct stat   *st);
/* Whether a file of @disk bytes on disk and @apparent bytes long is
 * refused at once: each heap (by disk usage, by apparent size) is full
 * and its smallest no smaller (no lock; fw_size_top_offer() looks
 * again). */
static inline gboolean
fw_size_top_refuses (FwSizeState *state,
                     guint64      disk,
                     guint64      apparent)
{
  return __atomic_load_n (&state->top_full, __ATOMIC_RELAXED) &&
         disk <= __atomic_load_n (&state->top_floor, __ATOMIC_RELAXED) &&
         __atomic_load_n (&state->top_apparent_full, __ATOMIC_RELAXED) &&
         apparent <= __atomic_load_n (&state->top_apparent_floor, __ATOMIC_RELAXED);
}
/* The largest so far, copies, largest first. */
GPtrArray   *fw_size_top_snapshot    (FwSizeState         *state);
/* The same, the largest by apparent size (largest first). */
GPtrArray   *fw_size_top_snapshot_apparent (FwSizeState   *state);

/* A kept file: its lstat and name, made a node only once its folder is
 * listed (a file pushed out costs no node). */
typedef struct {
  struct stat st;
  guint64     met[2];      /* its readdir index and d_ino */
  char        name[256];   /* d_name's size: NAME_MAX + 1 */
} FwSizeKeptFile;

/* One folder's largest files, kept while it is listed (on the folder
 * job's stack: about 13 KiB, no allocation). */
typedef struct {
  FwSizeKeptFile files[FW_SIZE_N_KEPT_FILES];
  guint          len;
  guint          smallest;  /* once full: the first of the smallest kept */
  guint64        floor;     /* once full: its disk usage */
} FwSizeKeptFiles;
void         fw_size_kept_init       (FwSizeKeptFiles     *kept);
/* Whether a file of @disk bytes is none of the folder's largest: they
 * are all kept and the smallest is no smaller (it goes to the other
 * files, without fw_size_kept_offer()). */
static inline gboolean
fw_size_kept_refuses (const FwSizeKeptFiles *kept,
                      guint64                disk)
{
  return kept->len >= FW_SIZE_N_KEPT_FILES && disk <= kept->floor;
}
/* A file of @folder that is no node otherwise: kept if among the
 * folder's largest so far, else (or the one it pushes out) summed in
 * @folder's other files. */
void         fw_size_kept_offer      (FwSizeKeptFiles     *kept,
                                      FwSizeNode          *folder,
                                      const char          *name,
                                      const struct stat   *st,
                                      guint64              index,
                                      guint64              d_ino);
/* The kept files made nodes of @folder, appended with their pairs to
 * @nodes and @nodes_met; none kept any more. */
void         fw_size_kept_finish     (FwSizeKeptFiles     *kept,
                                      FwSizeNode          *folder,
                                      GPtrArray           *nodes,
                                      GArray              *nodes_met);

/* fw-size-order.c: where du's walk meets an entry */
/* Once @dir_fd's folder is listed: @n_entries names but `.` and `..`. */
void         fw_size_listing_init    (FwSizeListing       *listing,
                                      int                  dir_fd,
                                      guint64              n_entries);
/* The place of the entry @index (in readdir's order), inode @d_ino. */
void         fw_size_listing_place   (const FwSizeListing *listing,
                                      guint64              index,
                                      guint64              d_ino,
                                      guint64              place[2]);
/* Sets @error's order: @dir's path, then @place (nullable: @dir itself). */
void         fw_size_error_set_order (FwSizeError         *error,
                                      FwSizeDir           *dir,
                                      const guint64       *place);
/* Sorts errors whose order is set into du's order. */
void         fw_size_errors_sort     (GPtrArray           *errors);

G_END_DECLS
