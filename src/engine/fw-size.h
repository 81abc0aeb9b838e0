/* fw-size.h — the size job: a parallel, du-compatible disk usage scanner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-exclude.h"
#include "fw-pool.h"

G_BEGIN_DECLS

/**
 * SECTION:fw-size
 * @title: FwSizeScan
 * @short_description: how much room a file or folder takes, as `du -s`
 *   counts it, scanned in parallel on an #FwPool
 *
 * An #FwSizeScan sizes one item (a file or a folder) once. A folder is
 * walked in parallel: every folder of the tree is one item of an
 * #FwPoolStream on the given pool, and a folder's job pushes its subfolders
 * (a push from inside the pool never blocks). Entries are read with
 * `openat()`, `fdopendir()` and `fstatat()` relative to their folder's
 * descriptor; symbolic links are never followed.
 *
 * What is counted, exactly as `du -s` (GNU coreutils, default `-P`) counts
 * it: every entry's disk usage (`st_blocks × 512`) and apparent size
 * (`st_size`), the item's own entry and every folder's own entry included;
 * a file with several hard links once per scan, by device and inode. With
 * %FW_SIZE_ONE_FILE_SYSTEM, entries on another file system than the item's
 * are skipped entirely (`du -x`).
 *
 * Failures never stop a scan. An entry that cannot be examined (`lstat`
 * fails: unreadable parent, vanished meanwhile) is not counted and is
 * reported as %FW_SIZE_ERROR_ACCESS ("cannot access"); a folder that cannot
 * be opened or listed (no permission, removed meanwhile) keeps its own size
 * and is reported as %FW_SIZE_ERROR_READ_DIR ("cannot read directory"),
 * exactly where and how du reports them. The result is then
 * #FwSizeResult.incomplete with the number of such errors.
 *
 * ## Folders seen twice, and the order of errors
 *
 * A folder whose device and inode are those of a folder on its own path
 * (the item or one of its ancestors: a bind mount of a folder inside
 * itself) is not entered and not counted, as du leaves out such a cycle
 * without a word. A folder met twice on different paths (a bind mount that
 * is no cycle) is counted twice, as du counts it.
 *
 * Although folders are listed in parallel, #FwSizeResult.errors is sorted
 * into the order in which du, a sequential walk (gnulib's fts), meets the
 * entries: depth first, a folder's entries in `readdir()` order, except in
 * a folder of more than 10,000 entries on a file system other than tmpfs,
 * NFS and CIFS, whose entries fts takes in batches of 100,000, each sorted
 * by inode number. So the same tree gives the same messages, in the same
 * order, on every run, as du prints them.
 *
 * Open descriptors are bounded: a folder keeps its descriptor open for its
 * subfolders to open themselves relative to it only while the scan's budget
 * allows (see fw_size_scan_set_max_open_folders()); past the budget its
 * subfolders are reopened by a relative path from the nearest ancestor still
 * open, so a tree 10,000 folders deep, or 100,000 folders wide, never runs
 * out of descriptors and never waits.
 *
 * ## Threads and ownership
 *
 * - fw_size_scan_new(), the setters and fw_size_scan_run() or
 *   fw_size_scan_run_async() are called from one thread (the owner's: a
 *   batch worker in the window, the main thread in the CLI), the setters
 *   before the scan runs. A scan runs once.
 * - fw_size_scan_get_progress() may be called from any thread at any time.
 * - The folder hook runs in the threads of the pool the scan runs on,
 *   several at once.
 * - fw_size_scan_run_async()'s callback runs in the thread-default main
 *   context of the thread that called it; fw_size_scan_run() blocks the
 *   calling thread, which must not be a worker of the same pool.
 * - The #FwSizeResult belongs to the caller, who frees it with
 *   fw_size_result_free(); it shares nothing with the scan.
 * - While a scan runs, its stream holds a reference on the pool. A run
 *   (blocking or not) ends only once no folder job of it runs any more:
 *   after a cancel, the jobs already running finish their folder first
 *   (queued folders are dropped at once), so the hook, the scan and the
 *   stream outlive every job.
 *
 * ## In the window
 *
 * One scan per dropped item (its own hard-link set), run by the batch's
 * worker that has the item's job (fw_job_size_run()): the worker blocks in
 * fw_size_scan_run() while the scan's folders run on a second pool, the
 * batch's size pool (a worker of the batch's own pool would wait on work
 * queued behind it). A folder hook stores the disk usage counted so far in
 * the job's byte counter, which the main thread reads on its ~30 Hz tick:
 * |[<!-- language="C" -->
 * // in a worker of the batch's pool:
 * scan = fw_size_scan_new (path, FW_SIZE_KEEP_LARGEST);
 * fw_size_scan_set_folder_hook (scan, progress_hook, bytes_done, NULL);
 * result = fw_size_scan_run (scan, size_pool, cancellable, &error);
 * // progress_hook (a size pool thread, before each folder):
 * //   fw_size_scan_get_progress (scan, &progress);
 * //   __atomic_store_n (bytes_done, progress.disk_usage, __ATOMIC_RELAXED);
 * // result->disk_usage, ->incomplete, ->errors, ->largest (detail view),
 * // handed to the main thread with the job's outcome
 * ]|
 *
 * ## On the command line
 *
 * `fileworks-cli size` runs a few scans at once with
 * fw_size_scan_run_async() on one pool, from its main context, and polls
 * fw_size_scan_get_progress() from a timeout for `--progress`. Several
 * items are scanned with %FW_SIZE_RECORD_ENTRIES and credited in order
 * with fw_size_link_set_credit(), as `du -s A B …` credits its arguments.
 */

#define FW_TYPE_SIZE_SCAN (fw_size_scan_get_type ())

G_DECLARE_FINAL_TYPE (FwSizeScan, fw_size_scan, FW, SIZE_SCAN, GObject)

/**
 * FwSizeFlags:
 * @FW_SIZE_FLAGS_NONE: defaults
 * @FW_SIZE_ONE_FILE_SYSTEM: skip entries on another file system than the
 *   item's own (`du -x`); the item itself is never skipped
 * @FW_SIZE_RECORD_ENTRIES: keep every counted entry's device and inode in
 *   the result, so that fw_size_link_set_credit() can credit entries shared
 *   between several items to the first one, as du does for its arguments
 *   (costs about 32 bytes per entry; the CLI uses it when given several
 *   items, the window never)
 * @FW_SIZE_KEEP_LARGEST: keep the item's largest direct children in
 *   #FwSizeResult.largest (the window's Largest Items; the CLI never
 *   asks); without it that array stays empty. Costs a name and a few
 *   counters for each direct child folder and for %FW_SIZE_N_LARGEST
 *   files, however many files the item holds
 * @FW_SIZE_RECORD_TREE: keep the item's tree in #FwSizeResult.tree: every
 *   folder, every entry that could not be examined, and every file with
 *   several links (whose place decides where du counts it), each folder's
 *   other entries summed (`fileworks-cli du`; see #FwSizeNode)
 * @FW_SIZE_RECORD_FILES: with %FW_SIZE_RECORD_TREE, keep every entry as a
 *   node (`du -a`; about 80 bytes and the name per entry)
 * @FW_SIZE_RECORD_LARGEST_FILES: with %FW_SIZE_RECORD_TREE (the window's
 *   tree): also keep, per folder, its %FW_SIZE_N_KEPT_FILES largest files
 *   (by disk usage) as nodes, the others summed as before; and the
 *   %FW_SIZE_N_LARGEST_FILES largest files of the whole scan in
 *   #FwSizeResult.largest_files (and by apparent size in
 *   #FwSizeResult.largest_files_apparent). Memory stays bounded by the number of
 *   folders, however many files they hold
 */
typedef enum {
  FW_SIZE_FLAGS_NONE      = 0,
  FW_SIZE_ONE_FILE_SYSTEM = 1 << 0,
  FW_SIZE_RECORD_ENTRIES  = 1 << 1,
  FW_SIZE_KEEP_LARGEST    = 1 << 2,
  FW_SIZE_RECORD_TREE     = 1 << 3,
  FW_SIZE_RECORD_FILES    = 1 << 4,
  FW_SIZE_RECORD_LARGEST_FILES = 1 << 5,
} FwSizeFlags;

/* With %FW_SIZE_RECORD_LARGEST_FILES: the files kept as nodes per folder,
 * and the largest files kept for the whole scan. */
#define FW_SIZE_N_KEPT_FILES    32
#define FW_SIZE_N_LARGEST_FILES 100

/**
 * FwSizeErrorKind:
 * @FW_SIZE_ERROR_ACCESS: an entry could not be examined (`lstat` failed);
 *   it is not counted. du: "cannot access 'PATH': REASON"
 * @FW_SIZE_ERROR_READ_DIR: a folder could not be opened or listed; its own
 *   size is counted, its contents are not. du: "cannot read directory
 *   'PATH': REASON"
 */
typedef enum {
  FW_SIZE_ERROR_ACCESS,
  FW_SIZE_ERROR_READ_DIR,
} FwSizeErrorKind;

/**
 * FwSizeError:
 * @kind: what failed
 * @path: the entry's path, spelled as du spells it (the item's path as
 *   given, then `/`-separated names)
 * @error: the reason, in `G_IO_ERROR` (from errno); its message is
 *   `strerror (errnum)`
 * @errnum: the errno value
 *
 * One entry a scan could not read. Owned by its #FwSizeResult.
 */
typedef struct {
  FwSizeErrorKind  kind;
  char            *path;
  GError          *error;
  int              errnum;
  /*< private >*/
  guint64          key_dev;
  guint64          key_ino;
  gboolean         has_key;
  guint64         *order;       /* where a sequential walk meets it */
  guint            n_order;
} FwSizeError;

/**
 * fw_size_error_to_string:
 * @error: an error of a result
 *
 * Returns: (transfer full): du's line for it, without the program name:
 *   "cannot access 'PATH': REASON" or "cannot read directory 'PATH':
 *   REASON"
 */
char *fw_size_error_to_string (const FwSizeError *error);

/**
 * FwSizeChild:
 * @name: the direct child's name (file name bytes, not necessarily UTF-8)
 * @disk_usage: its disk usage in bytes (a folder's: its whole subtree)
 * @apparent_size: its apparent size in bytes
 * @is_dir: whether it is a folder
 *
 * One of an item's largest direct children. Owned by its #FwSizeResult.
 */
typedef struct {
  char     *name;
  guint64   disk_usage;
  guint64   apparent_size;
  gboolean  is_dir;
} FwSizeChild;

/**
 * FwSizeNodeKind:
 * @FW_SIZE_NODE_FILE: a regular file
 * @FW_SIZE_NODE_DIR: a folder
 * @FW_SIZE_NODE_OTHER: a symbolic link, FIFO, socket or device
 * @FW_SIZE_NODE_UNKNOWN: an entry that could not be examined (see
 *   #FwSizeNode.errnum)
 */
typedef enum {
  FW_SIZE_NODE_FILE,
  FW_SIZE_NODE_DIR,
  FW_SIZE_NODE_OTHER,
  FW_SIZE_NODE_UNKNOWN,
} FwSizeNodeKind;

typedef struct _FwSizeNode FwSizeNode;

/**
 * FwSizeNode:
 * @name: the entry's name (file name bytes); the tree's root: the item's
 *   path as du prints it. It lies in the node's own block, freed with the
 *   node: never free or replace it apart
 * @parent: (nullable): the folder it is in, %NULL for the root
 * @kind: what it is
 * @disk_usage: its own entry's disk usage in bytes (`st_blocks × 512`),
 *   nothing of what a folder holds
 * @apparent_size: its own entry's apparent size (`st_size`)
 * @mtime: its modification time, seconds since the epoch
 * @dev: its device
 * @ino: its inode
 * @nlink: its number of links
 * @errnum: 0, or why it could not be read: for %FW_SIZE_NODE_UNKNOWN, why
 *   it could not be examined (du: "cannot access"); for a folder, why it
 *   could not be opened or listed to the end (du: "cannot read
 *   directory"): it then keeps its own size and what was listed
 * @rest_disk_usage: a folder's entries that are no node, summed (files
 *   with one link, without %FW_SIZE_RECORD_FILES)
 * @rest_apparent_size: likewise, apparent sizes
 * @rest_mtime: the latest modification time among them (0 if none)
 * @n_rest: how many they are
 * @children: (array length=n_children): a folder's entries kept as nodes,
 *   in the order du's walk meets them (see fw-size-order.c: readdir's
 *   order, or by inode number in a batch of more than 10,000 entries
 *   where fts sorts)
 * @n_children: their number
 * @counted: whether the scan counted this entry (%FALSE for a file with
 *   several links counted at another of its names, and for an entry that
 *   could not be examined)
 * @total_disk_usage: what the entry counts for in the scan: its own disk
 *   usage if counted, for a folder its whole subtree (set once the folder
 *   completes), less what fw_size_tree_remove() took out since
 * @total_apparent_size: likewise, apparent sizes
 * @total_files: entries that are no folder, counted in the subtree
 *   (the "other" entries included)
 * @total_dirs: folders in the subtree, itself included
 * @latest_mtime: the latest modification time in the subtree
 *
 * One entry of a scan's tree (%FW_SIZE_RECORD_TREE). Hard links, the
 * `--exclude` patterns and `-x` are applied as follows: entries excluded
 * or on another file system are not in the tree at all; a file with
 * several links is a node at each of its names, so that its first name
 * in du's order can be told (du counts it there, once); a folder met on
 * its own path (a cycle) is no node. The nodes belong to their
 * #FwSizeResult, the folders' fields are final once the folder completes
 * (see fw_size_scan_set_tree_hook()).
 */
struct _FwSizeNode {
  char            *name;
  FwSizeNode      *parent;
  FwSizeNodeKind   kind;
  guint64          disk_usage;
  guint64          apparent_size;
  gint64           mtime;
  guint64          dev;
  guint64          ino;
  guint64          nlink;
  int              errnum;
  guint64          rest_disk_usage;
  guint64          rest_apparent_size;
  gint64           rest_mtime;
  guint64          n_rest;
  FwSizeNode     **children;
  guint            n_children;
  gboolean         counted;
  guint64          total_disk_usage;
  guint64          total_apparent_size;
  guint64          total_files;
  guint64          total_dirs;
  gint64           latest_mtime;
  /*< private >*/
  gint             pending;
};

/**
 * FwSizeFile:
 * @folder: the folder node it is in (owned by the tree)
 * @name: its name (file name bytes)
 * @disk_usage: its disk usage in bytes
 * @apparent_size: its apparent size in bytes
 * @mtime: its modification time, seconds since the epoch
 * @mtime_ns: its modification time, nanoseconds since the epoch (what
 *   fw_trash_file_if_unchanged() compares)
 * @nlink: its number of links
 *
 * One of a scan's largest files (%FW_SIZE_RECORD_LARGEST_FILES). Free
 * with fw_size_file_free().
 */
typedef struct {
  FwSizeNode *folder;
  char       *name;
  guint64     disk_usage;
  guint64     apparent_size;
  gint64      mtime;
  gint64      mtime_ns;
  guint64     nlink;
} FwSizeFile;

void        fw_size_file_free (FwSizeFile *file);
FwSizeFile *fw_size_file_copy (const FwSizeFile *file);

/**
 * fw_size_node_get_path:
 * @node: a node
 *
 * Returns: (transfer full): its path: the root's name (the item's path),
 *   then the names down to @node, `/`-separated
 */
char       *fw_size_node_get_path (const FwSizeNode *node);

/**
 * fw_size_node_find_child:
 * @folder: a folder node
 * @name: a name
 *
 * Returns: (nullable): @folder's child node named @name
 */
FwSizeNode *fw_size_node_find_child (const FwSizeNode *folder,
                                     const char       *name);

/**
 * FwSizeTreeHook:
 * @scan: the scan
 * @folder: a folder whose subtree is complete: its node and every node
 *   below it are final
 * @user_data: the hook's data
 *
 * Called in a pool thread once a folder and everything under it is
 * listed: a stream of folders in post-order (a folder after all of its
 * subfolders, though not in du's order between siblings). The node
 * belongs to the scan; the hook may read it and everything below it.
 */
typedef void (*FwSizeTreeHook) (FwSizeScan *scan,
                                FwSizeNode *folder,
                                gpointer    user_data);

/* How many direct children FwSizeResult.largest keeps. */
#define FW_SIZE_N_LARGEST 20

/**
 * FwSizeResult:
 * @path: the item's path as du prints it (two or more trailing slashes
 *   trimmed to one)
 * @is_dir: whether the item is a folder
 * @disk_usage: bytes allocated on disk (`du -s --block-size=1`)
 * @apparent_size: bytes of content (`du -s -b`)
 * @n_files: regular files counted (the item itself included)
 * @n_dirs: folders counted (the item itself included)
 * @n_others: other entries counted: symlinks, FIFOs, sockets, devices
 * @incomplete: whether some entries could not be read (@errors is not empty)
 * @errors: (element-type FwSizeError): the entries that could not be read,
 *   in the order `du` reports them (see "Folders seen twice, and the order
 *   of errors" above)
 * @largest: (element-type FwSizeChild): with %FW_SIZE_KEEP_LARGEST, up to
 *   %FW_SIZE_N_LARGEST direct children of a folder, largest disk usage
 *   first (empty for a file, and without the flag)
 * @excluded: whether the item itself matched the scan's exclude patterns:
 *   nothing was read and du prints nothing for it
 * @tree: (nullable): with %FW_SIZE_RECORD_TREE, the item's node (a folder
 *   with its tree, or a file); %NULL when excluded
 * @largest_files: (element-type FwSizeFile): with
 *   %FW_SIZE_RECORD_LARGEST_FILES, the %FW_SIZE_N_LARGEST_FILES largest
 *   regular files counted under the item (by disk usage, largest first;
 *   a file with several links at the name where it was counted); else
 *   empty
 * @largest_files_apparent: (element-type FwSizeFile): likewise, the
 *   %FW_SIZE_N_LARGEST_FILES largest by apparent size, largest first (a
 *   sparse file large in content but small on disk is here, not in
 *   @largest_files)
 *
 * What a scan found. Free with fw_size_result_free().
 */
typedef struct {
  char      *path;
  gboolean   is_dir;
  guint64    disk_usage;
  guint64    apparent_size;
  guint64    n_files;
  guint64    n_dirs;
  guint64    n_others;
  gboolean   incomplete;
  GPtrArray *errors;
  GPtrArray *largest;
  gboolean   excluded;
  FwSizeNode *tree;
  GPtrArray *largest_files;
  GPtrArray *largest_files_apparent;
  /*< private >*/
  guint64    dev;
  guint64    ino;
  GArray    *entries;
} FwSizeResult;

/**
 * fw_size_result_free:
 * @result: (nullable): a result
 *
 * Frees @result, its errors and its children.
 */
void fw_size_result_free (FwSizeResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwSizeResult, fw_size_result_free)

/**
 * FwSizeProgress:
 * @entries: entries counted so far
 * @folders: folders listed so far
 * @disk_usage: disk usage counted so far, in bytes
 * @apparent_size: apparent size counted so far, in bytes
 */
typedef struct {
  guint64 entries;
  guint64 folders;
  guint64 disk_usage;
  guint64 apparent_size;
} FwSizeProgress;

/**
 * FwSizeFolderHook:
 * @scan: the scan
 * @path: the folder's path, as du spells it
 * @n_opened: how many folders this scan had begun opening before this one
 * @user_data: the hook's data
 *
 * Called in a pool thread just before a folder is opened (the item's own
 * folder included). A seam for fault injection in tests: it may remove or
 * lock the folder, or cancel the scan. Several may run at once.
 */
typedef void (*FwSizeFolderHook) (FwSizeScan  *scan,
                                  const char  *path,
                                  guint64      n_opened,
                                  gpointer     user_data);

/**
 * fw_size_scan_new:
 * @path: the file or folder to size, as the user gave it (a path relative
 *   to the current directory is resolved when the scan runs)
 * @flags: options
 *
 * Makes a scan of one item. Nothing is read until it runs.
 *
 * Returns: (transfer full): a new scan
 */
FwSizeScan   *fw_size_scan_new              (const char          *path,
                                             FwSizeFlags          flags);

/**
 * fw_size_scan_get_path:
 * @self: a scan
 *
 * Returns: the item's path, as du prints it (two or more trailing slashes
 *   trimmed to one)
 */
const char   *fw_size_scan_get_path         (FwSizeScan          *self);

/**
 * fw_size_scan_set_folder_hook:
 * @self: a scan that has not run
 * @hook: (nullable): called before each folder is opened, in pool threads
 * @user_data: its data
 * @destroy: (nullable): frees @user_data once no job can call @hook
 *
 * Sets the hook called before each folder (see #FwSizeFolderHook): the
 * tests' fault-injection seam, and the window's progress tap (see
 * fw_job_size_run()).
 */
void          fw_size_scan_set_folder_hook  (FwSizeScan          *self,
                                             FwSizeFolderHook     hook,
                                             gpointer             user_data,
                                             GDestroyNotify       destroy);

/**
 * fw_size_scan_set_exclude:
 * @self: a scan that has not run
 * @exclude: (nullable) (transfer none): patterns, which must outlive the
 *   run and not change while it runs
 *
 * Leaves out every entry whose path (as du spells it, the item's path
 * first) matches @exclude, as `du --exclude` does: an excluded folder is
 * not read, an excluded entry reports no error, and an excluded item is
 * not even examined (#FwSizeResult.excluded).
 */
void          fw_size_scan_set_exclude      (FwSizeScan          *self,
                                             const FwExclude     *exclude);

/**
 * fw_size_scan_set_exclude_relative:
 * @self: a scan that has not run
 * @exclude: (nullable) (transfer none): patterns, which must outlive the
 *   run and not change while it runs
 *
 * Like fw_size_scan_set_exclude(), with du's rules, but each entry's path
 * is matched from below the item: `sub/file`, not `ITEM/sub/file`; the
 * item itself is never excluded. So `.*` on an item inside `~/.local`
 * leaves out its hidden entries and keeps the rest (the window's
 * "exclude-patterns", as fw_walk_set_exclude_relative() for hashing).
 * The CLI's `size` and `du` keep fw_size_scan_set_exclude(), du's
 * whole paths. The last of the two setters called wins.
 */
void          fw_size_scan_set_exclude_relative (FwSizeScan      *self,
                                                 const FwExclude *exclude);

/**
 * fw_size_scan_set_tree_hook:
 * @self: a scan that has not run, with %FW_SIZE_RECORD_TREE
 * @hook: (nullable): called as each folder completes, in pool threads
 * @user_data: its data
 * @destroy: (nullable): frees @user_data with the scan's state
 *
 * Sets the hook that streams the tree's folders in post-order as they
 * complete (see #FwSizeTreeHook): the window's tree shows them as they
 * come.
 */
void          fw_size_scan_set_tree_hook    (FwSizeScan          *self,
                                             FwSizeTreeHook       hook,
                                             gpointer             user_data,
                                             GDestroyNotify       destroy);

/**
 * fw_size_scan_get_largest_files:
 * @self: a scan with %FW_SIZE_RECORD_LARGEST_FILES
 *
 * The largest files found so far, while the scan runs (any thread; a
 * copy taken under a lock, at most %FW_SIZE_N_LARGEST_FILES entries). Their
 * folder nodes belong to the scan's tree: valid while the scan (or its
 * result's tree) lives.
 *
 * Returns: (transfer container) (element-type FwSizeFile): largest first
 */
GPtrArray    *fw_size_scan_get_largest_files (FwSizeScan       *self);

/**
 * fw_size_scan_get_largest_files_apparent:
 * @self: a scan with %FW_SIZE_RECORD_LARGEST_FILES
 *
 * As fw_size_scan_get_largest_files(), the largest files by apparent
 * size (`st_size`): the scan keeps both lists as it goes, so the
 * window's Apparent Sizes switches lists without a second scan.
 *
 * Returns: (transfer container) (element-type FwSizeFile): largest first
 */
GPtrArray    *fw_size_scan_get_largest_files_apparent (FwSizeScan *self);

/**
 * fw_size_scan_set_max_open_folders:
 * @self: a scan that has not run
 * @max_open: how many folder descriptors the scan may keep open for their
 *   subfolders, or 0 for the default (a quarter of `RLIMIT_NOFILE`'s soft
 *   limit when the scan starts, between 4 and 1024)
 *
 * Bounds the descriptors kept open between jobs. Whatever this bound, the
 * scans of the process together keep at most the default one (the CLI
 * runs several at once). Besides those, each running folder job has one or
 * two open while it runs.
 */
void          fw_size_scan_set_max_open_folders (FwSizeScan      *self,
                                                 guint            max_open);

/**
 * fw_size_scan_get_max_open_folders:
 * @self: a scan
 *
 * Returns: the bound set, or the one chosen when the scan started, or 0
 */
guint         fw_size_scan_get_max_open_folders (FwSizeScan      *self);

/**
 * fw_size_scan_get_peak_open_folders:
 * @self: a scan
 *
 * Returns: the most folder descriptors kept open at once so far (at most
 *   fw_size_scan_get_max_open_folders())
 */
guint         fw_size_scan_get_peak_open_folders (FwSizeScan     *self);

/**
 * fw_size_scan_get_progress:
 * @self: a scan
 * @progress: (out caller-allocates): what it has counted so far
 *
 * Reads the live counters. Any thread, any time, lock-free; a folder's
 * entries are added in steps of at most 1024.
 */
void          fw_size_scan_get_progress     (FwSizeScan          *self,
                                             FwSizeProgress      *progress);

/**
 * fw_size_scan_run:
 * @self: a scan that has not run
 * @pool: the pool to run the folders on
 * @cancellable: (nullable): checked before each folder
 * @error: return location for an error
 *
 * Sizes the item, blocking the calling thread until every folder is done
 * (the calling thread must not be a worker of @pool: it would wait on work
 * queued behind it). Uses a %FW_POOL_STREAM_PULL stream: no main context
 * is involved. Returns only once no job of the scan runs any more (after
 * a cancel, within one folder's listing).
 *
 * Fails with %G_IO_ERROR_CANCELLED when @cancellable fires before every
 * folder was listed; when the item itself cannot be examined, with the
 * #GIOErrorEnum of its errno and du's message (e.g. "cannot access 'x': No
 * such file or directory"); with %G_IO_ERROR_INVALID_ARGUMENT for an empty
 * path. Entries inside the item that cannot be read never fail the scan:
 * see #FwSizeResult.errors.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
FwSizeResult *fw_size_scan_run              (FwSizeScan          *self,
                                             FwPool              *pool,
                                             GCancellable        *cancellable,
                                             GError             **error);

/**
 * fw_size_scan_run_async:
 * @self: a scan that has not run
 * @pool: the pool to run the folders on
 * @cancellable: (nullable): checked before each folder
 * @callback: called when the scan is over
 * @user_data: its data
 *
 * Sizes the item on @pool without blocking. @callback runs in the
 * thread-default main context of the calling thread, once no job of the
 * scan runs any more (after a cancel, within one folder's listing); call
 * fw_size_scan_run_finish() there. Meanwhile fw_size_scan_get_progress()
 * tells how far it got. The calling thread's main context must run.
 */
void          fw_size_scan_run_async        (FwSizeScan          *self,
                                             FwPool              *pool,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);

/**
 * fw_size_scan_run_finish:
 * @self: the scan
 * @result: the #GAsyncResult given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full): the result, or %NULL with @error set (see
 *   fw_size_scan_run() for the errors)
 */
FwSizeResult *fw_size_scan_run_finish       (FwSizeScan          *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/**
 * FwSizeLinkSet:
 *
 * The devices and inodes already credited to earlier items, for crediting
 * several items' results in order the way du credits its arguments:
 * fw_size_link_set_credit() on each result (scanned with
 * %FW_SIZE_RECORD_ENTRIES, in any order or in parallel), in the items'
 * order. Used from one thread.
 */
typedef struct _FwSizeLinkSet FwSizeLinkSet;

/**
 * fw_size_link_set_new:
 *
 * Returns: (transfer full): an empty set, to credit several items' results
 *   in order with fw_size_link_set_credit()
 */
FwSizeLinkSet *fw_size_link_set_new    (void);

/**
 * fw_size_link_set_free:
 * @set: (nullable): a set
 *
 * Frees @set.
 */
void           fw_size_link_set_free   (FwSizeLinkSet *set);

/**
 * fw_size_link_set_credit:
 * @set: the entries credited to earlier items
 * @result: the next item's result, scanned with %FW_SIZE_RECORD_ENTRIES
 * @disk_usage: (out): its disk usage, less what earlier items hold
 * @apparent_size: (out): its apparent size, likewise
 * @errors: (out) (transfer container) (element-type FwSizeError): its
 *   errors that du reports, those in parts that earlier items already
 *   covered left out (the elements belong to @result)
 *
 * Credits one item as `du -s A B …` credits its arguments: an entry (file
 * or folder) already counted for an earlier item is not counted again; an
 * item whose own entry was already counted (repeated, or inside an earlier
 * item) is skipped altogether and du prints no line for it.
 *
 * Returns: %FALSE when the item is skipped altogether (the out values are
 *   then 0 and an empty array)
 */
gboolean       fw_size_link_set_credit (FwSizeLinkSet  *set,
                                        FwSizeResult   *result,
                                        guint64        *disk_usage,
                                        guint64        *apparent_size,
                                        GPtrArray     **errors);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwSizeLinkSet, fw_size_link_set_free)

G_END_DECLS
