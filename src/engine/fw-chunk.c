/* fw-chunk.c — how many small files go to a worker at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-chunk.h"

/**
 * fw_chunk_sizes_for_queue:
 * @queue: how many files may wait ahead of the workers (at least 1): the
 *   CLI's `--queue`, the window's "queue-capacity" preference
 * @chunk_jobs: (out): the most files a chunk may hold: @queue / 8, from 1
 *   to %FW_CHUNK_MAX_JOBS
 * @queued_chunks: (out): the pool's queue capacity in chunks, so that
 *   about @queue files wait
 *
 * Any thread.
 */
void
fw_chunk_sizes_for_queue (guint  queue,
                          guint *chunk_jobs,
                          guint *queued_chunks)
{
  guint jobs = CLAMP (queue / 8, 1, FW_CHUNK_MAX_JOBS);

  *chunk_jobs = jobs;
  *queued_chunks = MAX (1, queue / jobs);
}

/**
 * fw_chunk_max_for_backlog:
 * @chunk_jobs: from fw_chunk_sizes_for_queue()
 * @backlog: files known and not yet handed to the pool
 * @n_workers: the pool's workers
 *
 * For a producer that knows its backlog (the batch's feeder; the CLI's
 * producer walks lazily and does not): a chunk takes at most a quarter of
 * each worker's share of the backlog, so that a few files, or the last
 * ones of a batch, still spread over every worker, and a file that reads
 * slowly for its size holds up only the few behind it.
 *
 * Returns: the most files the next chunk may hold, at least 1
 */
guint
fw_chunk_max_for_backlog (guint chunk_jobs,
                          guint backlog,
                          guint n_workers)
{
  return MIN (chunk_jobs, MAX (1, backlog / (4 * MAX (n_workers, 1))));
}
