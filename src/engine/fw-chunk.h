/* fw-chunk.h — how many small files go to a worker at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The chunking policy, written once for `fileworks-cli hash` and the
 * app's batch (its feeder thread). Small files travel to a pool in chunks:
 * one hand-off (and one registry entry) for many files. A chunk holds
 * consecutive files, run in order by one worker: at most
 * FW_CHUNK_MAX_JOBS files (fewer for a short queue, see
 * fw_chunk_sizes_for_queue()) and FW_CHUNK_MAX_BYTES bytes. A file of that
 * size or more, or one of unknown size, travels alone, so that the workers
 * share large files.
 *
 * Filling one chunk, from any thread (the state is the caller's):
 *
 *   FwChunkFill fill;
 *
 *   fw_chunk_fill_init (&fill, max_jobs);
 *   while (!fw_chunk_fill_is_full (&fill) && (item = peek ()) != NULL)
 *     {
 *       if (!fw_chunk_fill_add (&fill, item->size, travels_alone (item)))
 *         break;   // item starts the next chunk
 *       take (item);
 *     }
 *
 * Inline: the feeder and the CLI's producer run it once per file.
 */
#define FW_CHUNK_MAX_JOBS  64
#define FW_CHUNK_MAX_BYTES (256 * 1024)

/* @size: in bytes, or -1 when unknown (a pipe, a device, standard input).
 * Whether a file of @size travels in a chunk of its own. */
static inline gboolean
fw_chunk_size_travels_alone (gint64 size)
{
  return size < 0 || size >= FW_CHUNK_MAX_BYTES;
}

typedef struct {
  guint    max_jobs;
  guint    n;
  guint64  bytes;
  gboolean closed;   /* took an item that travels alone */
} FwChunkFill;

static inline void
fw_chunk_fill_init (FwChunkFill *fill,
                    guint        max_jobs)
{
  fill->max_jobs = MAX (max_jobs, 1);
  fill->n = 0;
  fill->bytes = 0;
  fill->closed = FALSE;
}

/* Whether the chunk takes no more items. */
static inline gboolean
fw_chunk_fill_is_full (const FwChunkFill *fill)
{
  return fill->closed || fill->n >= fill->max_jobs;
}

/* @bytes: the item's size (0 when unknown: @alone says how it travels)
 * @alone: it travels alone (see fw_chunk_size_travels_alone(); a caller
 *   may have reasons of its own, such as the batch's folders)
 *
 * Adds an item to a chunk that is not full; FALSE when it does not fit and
 * starts the next chunk instead. The first item always fits. */
static inline gboolean
fw_chunk_fill_add (FwChunkFill *fill,
                   guint64      bytes,
                   gboolean     alone)
{
  if (fill->n > 0 && (alone || fill->bytes + bytes > FW_CHUNK_MAX_BYTES))
    return FALSE;
  fill->n++;
  fill->bytes += bytes;
  fill->closed = alone;
  return TRUE;
}

void   fw_chunk_sizes_for_queue   (guint  queue,
                                   guint *chunk_jobs,
                                   guint *queued_chunks);
guint  fw_chunk_max_for_backlog   (guint  chunk_jobs,
                                   guint  backlog,
                                   guint  n_workers);

G_END_DECLS
