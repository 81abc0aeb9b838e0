/* fw-digest-algorithm.c — the algorithms: names, tags, lengths, costs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One table says, for each FwAlgorithm, how the CLI and coreutils name
 * it, how long its digest is, which library computes it (a lane's kind,
 * see fw-digest-lane.c), what it costs per byte relative to the others
 * (the reader balances its bins by it, see fw-digest.c) and the standard
 * name the window shows ("SHA-256" where the BSD tag is "SHA256").
 */
#include "config.h"

#include <string.h>

#include "fw-digest-lane-private.h"

const FwAlgorithmInfo fw_algorithm_info[FW_N_ALGORITHMS] = {
  [FW_ALGORITHM_MD5]      = { "md5",      "MD5",      16, FW_DIGEST_KIND_EVP,    "MD5",         16, "MD5"       },
  [FW_ALGORITHM_SHA1]     = { "sha1",     "SHA1",     20, FW_DIGEST_KIND_EVP,    "SHA1",        8,  "SHA-1"     },
  [FW_ALGORITHM_SHA224]   = { "sha224",   "SHA224",   28, FW_DIGEST_KIND_EVP,    "SHA224",      7,  "SHA-224"   },
  [FW_ALGORITHM_SHA256]   = { "sha256",   "SHA256",   32, FW_DIGEST_KIND_EVP,    "SHA256",      7,  "SHA-256"   },
  [FW_ALGORITHM_SHA384]   = { "sha384",   "SHA384",   48, FW_DIGEST_KIND_EVP,    "SHA384",      15, "SHA-384"   },
  [FW_ALGORITHM_SHA512]   = { "sha512",   "SHA512",   64, FW_DIGEST_KIND_EVP,    "SHA512",      15, "SHA-512"   },
  [FW_ALGORITHM_SHA3_256] = { "sha3-256", "SHA3-256", 32, FW_DIGEST_KIND_EVP,    "SHA3-256",    25, "SHA3-256"  },
  [FW_ALGORITHM_SHA3_512] = { "sha3-512", "SHA3-512", 64, FW_DIGEST_KIND_EVP,    "SHA3-512",    45, "SHA3-512"  },
  [FW_ALGORITHM_BLAKE2B]  = { "blake2b",  "BLAKE2b",  64, FW_DIGEST_KIND_EVP,    "BLAKE2B-512", 12, "BLAKE2b"   },
  [FW_ALGORITHM_BLAKE2S]  = { "blake2s",  "BLAKE2s",  32, FW_DIGEST_KIND_EVP,    "BLAKE2S-256", 20, "BLAKE2s"   },
  [FW_ALGORITHM_BLAKE3]   = { "blake3",   "BLAKE3",   32, FW_DIGEST_KIND_BLAKE3, NULL,          2,  "BLAKE3"    },
  [FW_ALGORITHM_XXH64]    = { "xxh64",    "XXH64",    8,  FW_DIGEST_KIND_XXH64,  NULL,          2,  "XXH64"     },
  [FW_ALGORITHM_XXH3]     = { "xxh3",     "XXH3",     8,  FW_DIGEST_KIND_XXH3,   NULL,          1,  "XXH3"      },
  [FW_ALGORITHM_XXH128]   = { "xxh128",   "XXH128",   16, FW_DIGEST_KIND_XXH128, NULL,          1,  "XXH128"    },
  [FW_ALGORITHM_CRC32]    = { "crc32",    "CRC32",    4,  FW_DIGEST_KIND_CRC32,  NULL,          3,  "CRC32"     },
};

const char *
fw_algorithm_get_name (FwAlgorithm algorithm)
{
  g_return_val_if_fail ((guint) algorithm < FW_N_ALGORITHMS, NULL);
  return fw_algorithm_info[algorithm].name;
}

const char *
fw_algorithm_get_display_name (FwAlgorithm algorithm)
{
  g_return_val_if_fail ((guint) algorithm < FW_N_ALGORITHMS, NULL);
  return fw_algorithm_info[algorithm].display_name;
}

const char *
fw_algorithm_get_tag (FwAlgorithm algorithm)
{
  g_return_val_if_fail ((guint) algorithm < FW_N_ALGORITHMS, NULL);
  return fw_algorithm_info[algorithm].tag;
}

gsize
fw_algorithm_get_length (FwAlgorithm algorithm)
{
  g_return_val_if_fail ((guint) algorithm < FW_N_ALGORITHMS, 0);
  return fw_algorithm_info[algorithm].length;
}

FwAlgorithm
fw_algorithm_from_name (const char *name)
{
  g_return_val_if_fail (name != NULL, FW_ALGORITHM_INVALID);
  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    if (g_ascii_strcasecmp (name, fw_algorithm_info[i].name) == 0)
      return (FwAlgorithm) i;
  return FW_ALGORITHM_INVALID;
}

FwAlgorithm
fw_algorithm_from_tag (const char *tag)
{
  g_return_val_if_fail (tag != NULL, FW_ALGORITHM_INVALID);
  /* Exact first (coreutils' spelling), then any case. */
  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    if (strcmp (tag, fw_algorithm_info[i].tag) == 0)
      return (FwAlgorithm) i;
  for (guint i = 0; i < FW_N_ALGORITHMS; i++)
    if (g_ascii_strcasecmp (tag, fw_algorithm_info[i].tag) == 0)
      return (FwAlgorithm) i;
  return FW_ALGORITHM_INVALID;
}

guint
fw_algorithm_set_count (FwAlgorithmSet set)
{
  return (guint) __builtin_popcount (set & FW_ALL_ALGORITHMS);
}

FwAlgorithm
fw_algorithm_set_first (FwAlgorithmSet set)
{
  set &= FW_ALL_ALGORITHMS;
  if (set == 0)
    return FW_ALGORITHM_INVALID;
  return (FwAlgorithm) __builtin_ctz (set);
}
