/* fw-expected.h — an expected digest: what the user pasted, or what a
 * checksum file beside the file lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fw-digest.h"

G_BEGIN_DECLS

/**
 * FwExpectedSource:
 * @FW_EXPECTED_PASTED: typed or pasted into the window's field
 * @FW_EXPECTED_CLIPBOARD: taken from the clipboard (the user accepted the
 *   window's offer, or chose Compare With Clipboard)
 * @FW_EXPECTED_LIST: a line of a checksum file beside the file
 *   (#FwExpected's @list_path and @line)
 *
 * Where an expected digest came from: the window words the verdict after
 * it ("Matches the SHA-256 digest you pasted", "Matches SHA256SUMS, line 3").
 */
typedef enum {
  FW_EXPECTED_PASTED,
  FW_EXPECTED_CLIPBOARD,
  FW_EXPECTED_LIST,
} FwExpectedSource;

/**
 * FwExpected:
 * @hex: the digest, lowercase hex
 * @algorithms: the candidates: one bit when the text named the algorithm
 *   (@named), else every algorithm whose digest is that long
 * @named: the text said which algorithm (a BSD tag, `sha256:`)
 * @name: (nullable): the file name a GNU or BSD line gave with it
 * @source: where it came from
 * @list_path: (nullable): %FW_EXPECTED_LIST: the checksum file
 * @line: %FW_EXPECTED_LIST: the line that lists the file, from 1
 * @clear_signed: %FW_EXPECTED_LIST: the list is PGP clear-signed, and its
 *   signature was not checked
 *
 * Plain data, any thread; copy with fw_expected_copy().
 */
typedef struct {
  char             *hex;
  FwAlgorithmSet    algorithms;
  gboolean          named;
  char             *name;
  FwExpectedSource  source;
  char             *list_path;
  guint             line;
  gboolean          clear_signed;
} FwExpected;

/**
 * fw_expected_parse:
 * @text: what the user pasted
 * @error: return location for why it is no digest
 *
 * Reads one expected digest from pasted text, surrounding white space
 * ignored:
 *
 * - bare hex, any case, with or without spaces or colons between its
 *   digits (`AB:CD…`, `abcd ef01…`);
 * - a GNU line, `HEX  NAME` or `HEX *NAME` (sha256sum's; a leading `\`
 *   of an escaped name allowed);
 * - a BSD line, `TAG (NAME) = HEX` (`sha256sum --tag`'s);
 * - `ALGORITHM:HEX` (`sha256:…`), the algorithm by its command-line name,
 *   BSD tag or display name, any case;
 * - the standard base64 of the digest's bytes (`cksum --base64`), alone,
 *   after `ALGORITHM:` or in a GNU or BSD line. Text that is all hex is
 *   read as hex.
 *
 * The algorithm is the one the text names; else every algorithm whose
 * digest has that length is a candidate (from the algorithm table, BLAKE3
 * at its current length, fw_digest_get_blake3_length()). Pure: any thread.
 *
 * Returns: (transfer full) (nullable): the digest with its source
 *   %FW_EXPECTED_PASTED, or %NULL with @error set (%FW_ENGINE_ERROR:
 *   %FW_ENGINE_ERROR_MALFORMED, or %FW_ENGINE_ERROR_UNKNOWN_ALGORITHM for
 *   a tag or prefix naming none; the message, translated, says why for
 *   the user)
 */
FwExpected     *fw_expected_parse  (const char        *text,
                                    GError           **error);

/* A digest with its candidates, as a checksum file gives them (@hex any
 * case, copied lowercase). Source %FW_EXPECTED_PASTED until set. */
FwExpected     *fw_expected_new    (const char        *hex,
                                    FwAlgorithmSet     algorithms);
FwExpected     *fw_expected_copy   (const FwExpected  *expected);
void            fw_expected_free   (FwExpected        *expected);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwExpected, fw_expected_free)

/* Every algorithm whose digest is @n_bytes long (0 for none). */
FwAlgorithmSet  fw_expected_algorithms_for_length (gsize n_bytes);

/**
 * fw_expected_match:
 * @expected: the expected digest
 * @hex: (array fixed-size=FW_N_ALGORITHMS): a file's digests, lowercase
 *   hex, %NULL where not computed
 * @tried: (out) (optional): the candidates that were computed
 *
 * Returns: the candidate whose digest is @expected's, or
 *   %FW_ALGORITHM_INVALID
 */
FwAlgorithm     fw_expected_match  (const FwExpected  *expected,
                                    const char *const *hex,
                                    FwAlgorithmSet    *tried);

G_END_DECLS
