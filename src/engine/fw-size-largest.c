/* fw-size-largest.c — the item's largest direct children
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only with FW_SIZE_KEEP_LARGEST (the window's Largest Items; the CLI
 * never asks). The item's own folder job notes each direct child as a
 * candidate (its own entry), and gives each child folder a slot that the
 * jobs of its subtree add to. Once the scan is over, a child's size is its
 * entry plus its slot; the FW_SIZE_N_LARGEST largest become
 * FwSizeResult.largest.
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

void
fw_size_largest_collect (FwSizeState *state,
                         GPtrArray   *largest)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (fw_size_child_free);

  if (state->candidates == NULL)
    return;
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
