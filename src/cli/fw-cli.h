/* fw-cli.h — the fileworks-cli front end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fw-exclude.h"

G_BEGIN_DECLS

/**
 * fw_cli_run:
 * @argc: the argument count, as main() got it
 * @argv: (array length=argc): the arguments, as main() got them
 *
 * Runs `fileworks-cli`: picks the command named by argv[1] and runs it.
 * Writes to standard output and standard error only; never modifies a
 * file it reads.
 *
 * Returns: the process exit status
 */
int fw_cli_run (int argc, char **argv);

/* Each command: argv[0] is the command's name. Returns the exit status. */
int fw_cli_hash_main  (int argc, char **argv);
int fw_cli_check_main (int argc, char **argv);
int fw_cli_size_main  (int argc, char **argv);
int fw_cli_du_main    (int argc, char **argv);
int fw_cli_compare_main (int argc, char **argv);
/* `compare -r A B`: diff -rq (fw-cli-compare-tree.c). */
int fw_cli_compare_tree_main (const char *path_a, const char *path_b,
                              const FwExclude *exclude);
int fw_cli_dupes_main (int argc, char **argv);

/* Prints "fileworks-cli CMD: MESSAGE" and the --help hint on stderr, as
 * coreutils does for wrong usage. Returns 1, the status to exit with. */
int fw_cli_usage_error (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* The first failed write on standard output ends the run at once (issue
 * 25, item 4): says "write error" once, as fw_cli_run() would at the end,
 * and exits with the command's status for it, without waiting for the
 * work still running (which writes nothing more). For commands that
 * cannot stop their work cleanly; `hash` cancels its stream instead. */
G_GNUC_NORETURN void fw_cli_exit_write_error (const char *command);

G_END_DECLS
