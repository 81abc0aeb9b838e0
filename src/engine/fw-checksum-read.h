/* fw-checksum-read.h — reading checksum files (GNU, BSD tag, SFV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fw-digest.h"

G_BEGIN_DECLS

/**
 * SECTION:fw-checksum-read
 * @title: FwChecksumReader
 * @short_description: the line parser of checksum files
 *
 * An #FwChecksumReader turns the lines of one or more checksum files into
 * #FwChecksumEntry values. It reads three formats, line by line:
 *
 * - GNU, as `sha256sum` writes it: `HEX  NAME` (text), `HEX *NAME`
 *   (binary), `HEX NAME` (the "BSD reversed" form of `md5 -r`), and the
 *   escaped form where the line starts with a backslash and the name holds
 *   `\\\\`, `\\n` or `\\r`.
 * - BSD tag, as `sha256sum --tag` and `cksum` write it:
 *   `TAG (NAME) = HEX`, with any algorithm on any line, `TAG-BITS` length
 *   suffixes (`BLAKE2b-256`, `SHA3-256`) and OpenSSL's `TAG(NAME)= HEX`.
 * - SFV: `NAME CRC32HEX`, `;` comments. Used when the checksum file's name
 *   ends in `.sfv`, or when the first line that is not blank starts with
 *   `;`.
 *
 * Where coreutils (9.1, `sha256sum -c` and `cksum -c`) accepts a GNU or BSD
 * line, the reader reads it exactly as coreutils does, name bytes
 * included: a name may start with spaces, may hold any byte but NUL, and
 * is never converted to UTF-8. A BSD tag line is read as `cksum -c`
 * reads it, which takes a little more than `sha256sum -c` does (a tab or
 * two blanks between the tag and the parenthesis, `TAG-BITS` suffixes,
 * base-0 numbers in them). Leniency is only for lines coreutils
 * rejects: blanks after a BSD digest; tagged and untagged lines in one
 * file, and tags of any algorithm (where `sha256sum -c` takes only its own
 * tag and `cksum -c` only tagged lines); untagged lines of any length
 * coreutils knows when the file's name does not fix the algorithm (where
 * `sha256sum -c` takes only 64 digits); algorithms coreutils lacks
 * (SHA3-256, XXH3, CRC32 …); SFV.
 *
 * The algorithm of an untagged GNU line comes from, in order: the override
 * given to fw_checksum_reader_new(); the checksum file's name
 * (fw_checksum_algorithm_from_filename()); the digest's length, with
 * coreutils' choice (32 hex digits md5, 40 sha1, 56 sha224, 64 sha256, 96
 * sha384, 128 sha512).
 *
 * An untagged line read as BLAKE3 (by the override, or a `B3SUMS`,
 * `*.b3` or `*.blake3` name) is read as `b3sum -c` reads it: its digest
 * may have any even number of hex digits (`b3sum -l N`), and a carriage
 * return before the line's newline belongs to the name (b3sum writes it
 * raw). A `BLAKE3-BITS` tag may be longer than 256 bits (the output is
 * extendable).
 *
 * A reader is not thread-safe: use it from one thread. It keeps state
 * across lines (coreutils refuses to mix the plain and "reversed" GNU
 * forms), so feed it the lines of a file in order; the CLI reuses one
 * reader for all its FILE arguments, as coreutils does.
 */

/**
 * FwChecksumLineKind:
 * @FW_CHECKSUM_LINE_ENTRY: the line is a checksum entry
 * @FW_CHECKSUM_LINE_IGNORED: a comment or a blank line
 * @FW_CHECKSUM_LINE_MALFORMED: an improperly formatted line
 */
typedef enum {
  FW_CHECKSUM_LINE_ENTRY,
  FW_CHECKSUM_LINE_IGNORED,
  FW_CHECKSUM_LINE_MALFORMED,
} FwChecksumLineKind;

/**
 * FwChecksumEntry:
 * @line: the line number in its file, from 1
 * @format: the line's format
 * @algorithm: the algorithm
 * @digest_bits: the digest's length in bits, as written (for example 256
 *   for `BLAKE2b-256`, or less than the algorithm's length for a
 *   truncated `SHA256-128` tag that coreutils accepts)
 * @hex: the expected digest, lowercase hex, @digest_bits / 4 digits
 * @name: the file name, unescaped, bytes as in the checksum file
 *   (NUL-terminated; not necessarily UTF-8)
 * @binary: the line had the `*` binary marker
 * @escaped: the line started with a backslash (the name was escaped)
 *
 * One line of a checksum file. Plain data, owned by whoever holds it;
 * free with fw_checksum_entry_free(). Safe to hand to another thread.
 */
typedef struct {
  guint             line;
  FwChecksumFormat  format;
  FwAlgorithm       algorithm;
  guint             digest_bits;
  char             *hex;
  char             *name;
  gboolean          binary;
  gboolean          escaped;
} FwChecksumEntry;

/* Frees @entry and its strings; %NULL is ignored. */
void fw_checksum_entry_free (FwChecksumEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwChecksumEntry, fw_checksum_entry_free)

/**
 * fw_checksum_algorithm_from_filename:
 * @filename: (nullable): a checksum file's name or path, any encoding
 *
 * The algorithm a checksum file's name names: `SHA256SUMS`,
 * `sha256sums.txt`, `*.sha256`, `*.sha256sum`, `MD5SUMS`, `*.md5`,
 * `*.sha3-256`, `B2SUMS`, `*.b2`, `*.blake2b`, `B3SUMS`, `*.b3`, `*.blake3`,
 * `*.xxh3`, `*.sfv` (crc32), …
 * Case-insensitive; only the last path component counts.
 *
 * Returns: the algorithm, or %FW_ALGORITHM_INVALID when the name says
 *   nothing
 */
FwAlgorithm fw_checksum_algorithm_from_filename (const char *filename);

/**
 * fw_checksum_algorithm_from_hex_length:
 * @n_hex: the number of hex digits of an untagged digest
 *
 * coreutils' choice of algorithm for a digest of that length: 32 md5, 40
 * sha1, 56 sha224, 64 sha256, 96 sha384, 128 sha512.
 *
 * Returns: the algorithm, or %FW_ALGORITHM_INVALID
 */
FwAlgorithm fw_checksum_algorithm_from_hex_length (gsize n_hex);

typedef struct _FwChecksumReader FwChecksumReader;

/**
 * FwChecksumReadFlags:
 * @FW_CHECKSUM_READ_DEFAULT: read lines as coreutils does
 * @FW_CHECKSUM_READ_CLEAR_SIGNED: accept a PGP clear-signed list (RFC 4880,
 *   section 7), as distributions publish them (Fedora's `*-CHECKSUM`):
 *   when the first line that is not blank is
 *   `-----BEGIN PGP SIGNED MESSAGE-----`, the armour header lines (`Hash:
 *   SHA256`, which names the signature's digest, never the list's
 *   algorithm) up to the first blank line, and the signature block from
 *   `-----BEGIN PGP SIGNATURE-----` to `-----END PGP SIGNATURE-----` are
 *   ignored (not malformed), and a line of the signed text starting with
 *   `- ` is read without those two bytes (dash-escaping undone). The
 *   signature is NOT checked: fw_checksum_reader_is_clear_signed() says
 *   the file was signed so that the user can be told so.
 *
 * How a reader reads. `fileworks-cli check` uses the default, so that it
 * stays exactly `sha256sum -c` (which counts the armour as malformed
 * lines); the window's Verify and the sibling finder (fw-sibling.h) ask for
 * %FW_CHECKSUM_READ_CLEAR_SIGNED.
 */
typedef enum {
  FW_CHECKSUM_READ_DEFAULT      = 0,
  FW_CHECKSUM_READ_CLEAR_SIGNED = 1 << 0,
} FwChecksumReadFlags;

/**
 * fw_checksum_reader_new:
 * @filename: (nullable): the checksum file's name (only its name is used,
 *   to guess the algorithm of untagged lines and whether it is SFV); %NULL
 *   when unknown (standard input)
 * @override: the algorithm of every untagged line, or
 *   %FW_ALGORITHM_INVALID to guess it
 *
 * Returns: (transfer full): a new reader; free with
 *   fw_checksum_reader_free()
 */
FwChecksumReader *fw_checksum_reader_new (const char   *filename,
                                          FwAlgorithm   override);

/**
 * fw_checksum_reader_begin_file:
 * @self: a reader
 * @filename: (nullable): the next checksum file's name
 *
 * Starts the next checksum file with the same reader: resets the line
 * number and the format guess, keeps the override and the state coreutils
 * keeps across files.
 */
void fw_checksum_reader_begin_file (FwChecksumReader *self,
                                    const char       *filename);

/* %NULL is ignored. */
void fw_checksum_reader_free (FwChecksumReader *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwChecksumReader, fw_checksum_reader_free)

/**
 * fw_checksum_reader_parse_line:
 * @self: a reader
 * @line: (array length=length): one line as read, with or without its
 *   `\n` (a `\r` before it is dropped too); may hold any byte, NUL too
 * @length: the line's length in bytes
 * @out_entry: (out) (optional) (transfer full): the entry, for
 *   %FW_CHECKSUM_LINE_ENTRY
 *
 * Parses the next line of the current file and counts it.
 *
 * Returns: what the line is
 */
FwChecksumLineKind fw_checksum_reader_parse_line (FwChecksumReader  *self,
                                                  const char        *line,
                                                  gsize              length,
                                                  FwChecksumEntry  **out_entry);

/* Sets how @self reads the following lines (default:
 * %FW_CHECKSUM_READ_DEFAULT). Call it before the first line of a file. */
void fw_checksum_reader_set_flags (FwChecksumReader    *self,
                                   FwChecksumReadFlags  flags);

/* Whether the current file started with a PGP clear-signed message's
 * armour (only with %FW_CHECKSUM_READ_CLEAR_SIGNED; the signature is not
 * checked). */
gboolean fw_checksum_reader_is_clear_signed (FwChecksumReader *self);

/* The line number of the last line parsed in the current file (from 1). */
guint fw_checksum_reader_get_line (FwChecksumReader *self);

/**
 * fw_checksum_reader_get_type_tag:
 * @self: a reader
 *
 * The algorithm tag coreutils names in its "improperly formatted %s
 * checksum line" warning: the override's or the file name's algorithm
 * when there is one, "CRC32" in an SFV file, else that of the last line
 * whose algorithm was recognised, else "SHA256".
 *
 * Returns: (transfer none): a tag such as "SHA256"
 */
const char *fw_checksum_reader_get_type_tag (FwChecksumReader *self);

/**
 * FwChecksumList:
 * @entries: (element-type FwChecksumEntry): the entries, in line order
 * @malformed: (element-type guint): line numbers of malformed lines
 * @clear_signed: the file is PGP clear-signed (read with
 *   %FW_CHECKSUM_READ_CLEAR_SIGNED only); its signature was not checked
 *
 * A whole checksum file, parsed. Free with fw_checksum_list_free().
 */
typedef struct {
  GPtrArray *entries;
  GArray    *malformed;
  gboolean   clear_signed;
} FwChecksumList;

/* Frees the list, its entries and line numbers; %NULL is ignored. */
void fw_checksum_list_free (FwChecksumList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwChecksumList, fw_checksum_list_free)

/**
 * fw_checksum_parse_data:
 * @data: (array length=length): a whole checksum file's contents
 * @length: its length
 * @filename: (nullable): as for fw_checksum_reader_new()
 * @override: as for fw_checksum_reader_new()
 *
 * Parses a checksum file held in memory. Never fails: malformed lines are
 * listed in the result. Any thread.
 *
 * Returns: (transfer full): the entries and malformed lines
 */
FwChecksumList *fw_checksum_parse_data (const char  *data,
                                        gsize        length,
                                        const char  *filename,
                                        FwAlgorithm  override);

/* fw_checksum_parse_data() with @flags (#FwChecksumReadFlags). */
FwChecksumList *fw_checksum_parse_data_full (const char          *data,
                                             gsize                length,
                                             const char          *filename,
                                             FwAlgorithm          override,
                                             FwChecksumReadFlags  flags);

/**
 * fw_checksum_parse_file:
 * @path: the checksum file
 * @override: as for fw_checksum_reader_new()
 * @cancellable: (nullable): checked between lines
 * @error: return location for an error (G_IO_ERROR)
 *
 * Reads and parses a checksum file, line by line (memory grows with the
 * number of entries, not with the file's lines). Blocking; any thread.
 *
 * Returns: (transfer full): the entries and malformed lines, or %NULL
 *   when the file cannot be read
 */
FwChecksumList *fw_checksum_parse_file (const char    *path,
                                        FwAlgorithm    override,
                                        GCancellable  *cancellable,
                                        GError       **error);

/* fw_checksum_parse_file() with @flags (#FwChecksumReadFlags). */
FwChecksumList *fw_checksum_parse_file_full (const char           *path,
                                             FwAlgorithm           override,
                                             FwChecksumReadFlags   flags,
                                             GCancellable         *cancellable,
                                             GError              **error);

G_END_DECLS
