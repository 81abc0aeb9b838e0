/* fuzz-checksum-read.c — libFuzzer target of the checksum-file reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the checksum file's name (which steers the format
 * and algorithm guess) and the override; the rest is the file. Checks the
 * reader's promises on every entry, so that a broken invariant crashes.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fw-checksum-read.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *const names[] = {
  NULL, "SHA256SUMS", "x.md5", "files.sfv", "B2SUMS", "x.sha3-256",
  "sums.txt", "X.SFV",
  /* 16 names, so that a selector below 8 or with bit 3 clear picks what
   * it picked when there were 8 */
  "B3SUMS", "x.b3", "x.blake3", "b3sums.txt", "x.xxh3", "MD5SUMS",
  "x.blake2s", "x.crc32",
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(FwChecksumList) list = NULL;
  const char *name;
  FwAlgorithm override = FW_ALGORITHM_INVALID;
  guint8 selector;

  if (size < 1)
    return 0;
  selector = data[0];
  name = names[selector % G_N_ELEMENTS (names)];
  if (selector & 0x80)
    override = (FwAlgorithm) ((selector >> 3) % FW_N_ALGORITHMS);
  data++;
  size--;

  list = fw_checksum_parse_data ((const char *) data, size, name, override);
  g_assert (list != NULL);

  for (guint i = 0; i < list->entries->len; i++)
    {
      const FwChecksumEntry *entry = g_ptr_array_index (list->entries, i);

      g_assert (entry->name != NULL);
      g_assert (entry->hex != NULL);
      g_assert (entry->algorithm >= 0 && entry->algorithm < FW_N_ALGORITHMS);
      g_assert (entry->digest_bits > 0 && entry->digest_bits % 8 == 0);
      g_assert (strlen (entry->hex) == entry->digest_bits / 4);
      for (const char *p = entry->hex; *p != '\0'; p++)
        g_assert (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));
      g_assert (entry->line >= 1);
      g_assert (strlen (entry->name) <= size);
    }
  for (guint i = 0; i < list->malformed->len; i++)
    g_assert (g_array_index (list->malformed, guint, i) >= 1);

  return 0;
}
