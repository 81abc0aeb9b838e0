/* fw-size-largest.c — the item's largest direct children
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only with FW_SIZE_KEEP_LARGEST (the window's Largest Items; the CLI
 * never asks). The item's own folder job notes each direct child folder
 * as a candidate (its own entry) and gives it a slot that the jobs of its
 * subtree add to; of its other children it keeps only the
 * FW_SIZE_N_LARGEST largest so far, whose sizes are final when listed: a
 * child not among them has that many larger ones and can never be among
 * the largest. Once the scan is over, a folder's size is its entry plus
 * its slot; the FW_SIZE_N_LARGEST largest of the folders and the kept
 * files become FwSizeResult.largest.
 */
#include "config.h"

#include <string.h>

#include "fw-size-private.h"

void
fw_size_child_free (gpointer data)
{
  FwSizeChild *child = data;

  if (child == NULL)
    return;
  g_free (child->name);
  g_free (child);
}

void
fw_size_candidate_clear (gpointer data)
{
  g_free (((FwSizeCandidate *) data)->name);
}

/* Largest disk usage first, then apparent size, then name. */
static gint
compare_children (gconstpointer a,
                  gconstpointer b)
{
  const FwSizeChild *x = *(FwSizeChild * const *) a;
  const FwSizeChild *y = *(FwSizeChild * const *) b;

  if (x->disk_usage != y->disk_usage)
    return x->disk_usage > y->disk_usage ? -1 : 1;
  if (x->apparent_size != y->apparent_size)
    return x->apparent_size > y->apparent_size ? -1 : 1;
  return strcmp (x->name, y->name);
}

/* compare_children()'s order, on candidates' own entries. */
static gint
compare_candidates (const FwSizeCandidate *x,
                    const FwSizeCandidate *y)
{
  if (x->disk != y->disk)
    return x->disk > y->disk ? -1 : 1;
  if (x->apparent != y->apparent)
    return x->apparent > y->apparent ? -1 : 1;
  return strcmp (x->name, y->name);
}

void
fw_size_largest_note (FwSizeState *state,
                      const char  *name,
                      guint64      disk,
                      guint64      apparent,
                      gboolean     is_dir,
                      int          slot)
{
  FwSizeCandidate c = { (char *) name, disk, apparent, is_dir, slot };
  GArray *top = state->top_files;
  guint i;

  if (is_dir)
    {
      c.name = g_strdup (name);
      g_array_append_val (state->candidates, c);
      return;
    }
  /* Most files of a wide folder stop here, at the smallest kept. */
  if (top->len == FW_SIZE_N_LARGEST &&
      compare_candidates (&c, &g_array_index (top, FwSizeCandidate, top->len - 1)) >= 0)
    return;
  for (i = top->len; i > 0; i--)
    if (compare_candidates (&c, &g_array_index (top, FwSizeCandidate, i - 1)) >= 0)
      break;
  c.name = g_strdup (name);
  g_array_insert_val (top, i, c);
  if (top->len > FW_SIZE_N_LARGEST)
    g_array_remove_index (top, top->len - 1);
}

void
fw_size_largest_collect (FwSizeState *state,
                         GPtrArray   *largest)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (fw_size_child_free);

  if (state->candidates == NULL)
    return;
  g_array_append_vals (state->candidates, state->top_files->data, state->top_files->len);
  /* The names moved with the structures. */
  g_array_set_clear_func (state->top_files, NULL);
  g_array_set_size (state->top_files, 0);
  g_array_set_clear_func (state->top_files, fw_size_candidate_clear);
  for (guint i = 0; i < state->candidates->len; i++)
    {
      FwSizeCandidate *c = &g_array_index (state->candidates, FwSizeCandidate, i);
      FwSizeChild *child = g_new0 (FwSizeChild, 1);

      child->name = g_steal_pointer (&c->name);
      child->is_dir = c->is_dir;
      child->disk_usage = c->disk;
      child->apparent_size = c->apparent;
      if (c->slot >= 0)
        {
          child->disk_usage += __atomic_load_n (&state->slots[c->slot].disk, __ATOMIC_RELAXED);
          child->apparent_size += __atomic_load_n (&state->slots[c->slot].apparent, __ATOMIC_RELAXED);
        }
      g_ptr_array_add (all, child);
    }
  g_ptr_array_sort (all, compare_children);
  for (guint i = 0; i < all->len && i < FW_SIZE_N_LARGEST; i++)
    g_ptr_array_add (largest, g_steal_pointer (&g_ptr_array_index (all, i)));
}
