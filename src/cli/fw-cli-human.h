/* fw-cli-human.h — sizes in du's units: block sizes and human-readable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FwCliHumanOpts:
 * @FW_CLI_HUMAN_AUTOSCALE: pick the largest power that fits (`-h`, `--si`)
 * @FW_CLI_HUMAN_SI: write a unit letter (K, M, …; k for 1000)
 * @FW_CLI_HUMAN_BASE_1024: powers of 1024, not 1000
 * @FW_CLI_HUMAN_B: append `B` (`iB` for powers of 1024)
 * @FW_CLI_HUMAN_GROUP_DIGITS: group digits as the locale does (a block
 *   size written with a leading `'`)
 *
 * gnulib's human.h options, as du uses them (always rounding up).
 */
typedef enum {
  FW_CLI_HUMAN_GROUP_DIGITS = 1 << 2,
  FW_CLI_HUMAN_AUTOSCALE    = 1 << 4,
  FW_CLI_HUMAN_BASE_1024    = 1 << 5,
  FW_CLI_HUMAN_SI           = 1 << 7,
  FW_CLI_HUMAN_B            = 1 << 8,
} FwCliHumanOpts;

/**
 * FwCliBlockSizeError:
 * @FW_CLI_BLOCK_SIZE_OK: parsed
 * @FW_CLI_BLOCK_SIZE_INVALID: not a size (du: "invalid -B argument")
 * @FW_CLI_BLOCK_SIZE_INVALID_SUFFIX: a number with a bad suffix (du:
 *   "invalid suffix in -B argument")
 * @FW_CLI_BLOCK_SIZE_OVERFLOW: too large (du: "-B argument … too large")
 */
typedef enum {
  FW_CLI_BLOCK_SIZE_OK,
  FW_CLI_BLOCK_SIZE_INVALID,
  FW_CLI_BLOCK_SIZE_INVALID_SUFFIX,
  FW_CLI_BLOCK_SIZE_OVERFLOW,
} FwCliBlockSizeError;

/**
 * fw_cli_block_size_parse:
 * @spec: (nullable): a block size as `-B` takes it (`1K`, `MB`, `'1`,
 *   `human-readable`, `si`, `0x400`), or %NULL for the environment's
 *   (`BLOCK_SIZE`, then `BLOCKSIZE`, then 512 with `POSIXLY_CORRECT`, else
 *   1024)
 * @opts: (out): its #FwCliHumanOpts
 * @block_size: (out): its size in bytes (the default one when invalid)
 *
 * gnulib's human_options(): du calls it with `DU_BLOCK_SIZE`'s value
 * first (ignoring its errors), then with each `-B`.
 *
 * Returns: what went wrong, if anything
 */
FwCliBlockSizeError fw_cli_block_size_parse (const char *spec,
                                             int        *opts,
                                             guint64    *block_size);

/* Enough for any guint64 with grouping, a decimal point and a unit. */
#define FW_CLI_HUMAN_BUFSIZE 128

/**
 * fw_cli_human_readable:
 * @n: a size in bytes
 * @opts: #FwCliHumanOpts
 * @block_size: the unit, in bytes (1 with %FW_CLI_HUMAN_AUTOSCALE)
 * @buf: room for %FW_CLI_HUMAN_BUFSIZE bytes
 *
 * Writes @n as du prints it (gnulib's human_readable() from 1-byte units,
 * rounded up: `4.0K`, `12M`, `37k`, `21kB`, `1MiB`, `3072`), with the
 * locale's decimal point.
 *
 * Returns: (transfer none): the text, inside @buf
 */
const char *fw_cli_human_readable (guint64  n,
                                   int      opts,
                                   guint64  block_size,
                                   char    *buf);

G_END_DECLS
