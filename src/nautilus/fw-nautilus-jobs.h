/* fw-nautilus-jobs.h — which Fileworks jobs fit a selection in Files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * FwNautilusJob:
 * @FW_NAUTILUS_JOB_HASH: `fileworks --hash`: files, and folders (their files)
 * @FW_NAUTILUS_JOB_SIZE: `fileworks --size`: folders or files, each as a whole
 * @FW_NAUTILUS_JOB_VERIFY: `fileworks --verify`: every item is a checksum file
 * @FW_NAUTILUS_JOB_COMPARE: `fileworks --compare`: exactly two files
 * @FW_NAUTILUS_JOB_COMPARE_FOLDERS: `fileworks --compare`: exactly two
 *   folders (the app compares two folders as folders)
 * @FW_NAUTILUS_JOB_DUPES: `fileworks --dupes`: one or more folders, every
 *   item a folder; in the Flatpak they are shared writable, so that Move
 *   to Trash can work (fw_nautilus_job_permissions())
 *
 * The jobs the Files menu offers, in menu order; each is a command-line
 * mode of the app (fw-application.c's mode_options). A new job is a
 * value here, a row in fw-nautilus-jobs.c's table and a mode of the app.
 */
typedef enum {
  FW_NAUTILUS_JOB_HASH,
  FW_NAUTILUS_JOB_SIZE,
  FW_NAUTILUS_JOB_VERIFY,
  FW_NAUTILUS_JOB_COMPARE,
  FW_NAUTILUS_JOB_COMPARE_FOLDERS,
  FW_NAUTILUS_JOB_DUPES,
  FW_NAUTILUS_N_JOBS,
} FwNautilusJob;

/* One selected item, as the menu sees it. */
typedef struct {
  const char *path;       /* a local path Fileworks can open (native or GVfs-FUSE) */
  gboolean    is_folder;
} FwNautilusItem;

/* Whether @job fits the @n_items selected (each readable by path). */
gboolean    fw_nautilus_job_fits            (FwNautilusJob         job,
                                             const FwNautilusItem *items,
                                             guint                 n_items);
/* The app's option for @job, without its dashes ("hash"; "compare" for
 * both comparisons). */
const char *fw_nautilus_job_option          (FwNautilusJob         job);
/* @job's own name, unique ("compare-folders"): its menu item is
 * "Fileworks::ID". */
const char *fw_nautilus_job_id              (FwNautilusJob         job);
/* What the Documents portal grants the Flatpak on a folder given to
 * @job: "read", and "write" too for Find Duplicates (the trash portal
 * trashes only a file the app can open for writing). NULL-terminated,
 * static. */
const char * const *fw_nautilus_job_permissions (FwNautilusJob     job);
/* The menu item's label (header capitalization, translated) and tip. */
const char *fw_nautilus_job_label           (FwNautilusJob         job);
const char *fw_nautilus_job_tip             (FwNautilusJob         job);

/* Whether a file named @basename looks like a checksum file: the
 * engine's rule (fw_batch_is_checksum_file(), fw-expand.c and
 * fw_checksum_algorithm_from_filename()) restated, so that the module
 * loaded into Files links neither the engine nor OpenSSL;
 * tests/test-nautilus.c checks that both agree. */
gboolean    fw_nautilus_is_checksum_name    (const char           *basename);

/* The argument vector that starts the job: @program --OPTION PATH…
 * (free with g_strfreev()). */
char      **fw_nautilus_job_argv            (FwNautilusJob         job,
                                             const char           *program,
                                             const char * const   *paths);

G_END_DECLS
