/* fw-cli-check-private.h — what fw-cli-check.c shares with fw-cli-check-unlisted.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fw-audit.h"
#include "fw-exclude.h"
#include "fw-pool.h"

G_BEGIN_DECLS

/* fw-cli-check.c: a message on standard error, after what standard
 * output holds ("fileworks-cli: …"); the first failed write to standard
 * output ends the run (issue 25, item 4). */
void      fw_cli_check_diagnostic       (const char      *format,
                                         ...) G_GNUC_PRINTF (1, 2);
void      fw_cli_check_write            (void);

/* fw-cli-check-unlisted.c: the walk of the current folder, on a thread
 * of its own from fw_cli_check_unlisted_walk() (@exclude, which may be
 * empty, must outlive it); fw_cli_check_unlisted_poll() hands what it
 * found to @audit once it is done (it does not wait), so that the entries
 * added later are matched as they come; fw_cli_check_unlisted_report()
 * waits for it. */
typedef struct _FwCliWalk FwCliWalk;

FwCliWalk *fw_cli_check_unlisted_walk  (const FwExclude *exclude);
void       fw_cli_check_unlisted_poll  (FwCliWalk       *walk,
                                        FwAudit         *audit);
/* After every list: takes the walk and @audit (with every entry added),
 * runs the audit on @pool and prints, unless @status_only, one line per
 * file no list names, in byte order of the names:
 *
 *   NEW<TAB>NAME
 *   MOVED<TAB>OLD<TAB>NEW
 *
 * then the warnings' counts. Returns whether nothing is new or moved. */
gboolean   fw_cli_check_unlisted_report (FwCliWalk      *walk,
                                         FwAudit        *audit,
                                         FwPool         *pool,
                                         gboolean        status_only);

G_END_DECLS
