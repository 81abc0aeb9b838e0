/* fw-size-tree.c — the tree of a size scan (FW_SIZE_RECORD_TREE)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A folder's job makes a node for each entry it keeps (fw-size-folder.c)
 * and, once listed, puts them in du's order (fw-size-order.c's places:
 * readdir's order, or by inode in a batch fts sorts). Each node is written
 * by one job only: its fields by its parent's job before the folder is
 * pushed, its children and sums by its own job. A folder completes once
 * its listing and every subfolder's subtree are over (FwSizeNode.pending:
 * 1 for the listing, plus one per subfolder), which streams the folders in
 * post-order to the tree hook; the window's tree grows from it.
 */
#include "config.h"

#include <string.h>

#include "fw-size-private.h"

static FwSizeNode *
node_alloc (FwSizeNode *parent,
            const char *name)
{
  FwSizeNode *node = g_new0 (FwSizeNode, 1);

  node->name = g_strdup (name);
  node->parent = parent;
  node->pending = 1;
  return node;
}

FwSizeNode *
fw_size_node_new (FwSizeNode        *parent,
                  const char        *name,
                  const struct stat *st)
{
  FwSizeNode *node = node_alloc (parent, name);

  node->kind = S_ISDIR (st->st_mode) ? FW_SIZE_NODE_DIR
             : S_ISREG (st->st_mode) ? FW_SIZE_NODE_FILE
             : FW_SIZE_NODE_OTHER;
  node->disk_usage = (guint64) st->st_blocks * 512;
  node->apparent_size = st->st_size > 0 ? (guint64) st->st_size : 0;
  node->mtime = st->st_mtime;
  node->dev = st->st_dev;
  node->ino = st->st_ino;
  node->nlink = st->st_nlink;
  return node;
}

FwSizeNode *
fw_size_node_new_error (FwSizeNode *parent,
                        const char *name,
                        int         errnum)
{
  FwSizeNode *node = node_alloc (parent, name);

  node->kind = FW_SIZE_NODE_UNKNOWN;
  node->errnum = errnum;
  return node;
}

typedef struct {
  guint64     place[2];
  FwSizeNode *node;
} Placed;

static gint
compare_placed (gconstpointer a,
                gconstpointer b)
{
  const Placed *x = a, *y = b;

  if (x->place[0] != y->place[0])
    return x->place[0] < y->place[0] ? -1 : 1;
  if (x->place[1] != y->place[1])
    return x->place[1] < y->place[1] ? -1 : 1;
  return 0;
}

void
fw_size_node_set_children (FwSizeNode          *node,
                           GPtrArray           *children,
                           const guint64       *met,
                           const FwSizeListing *listing)
{
  node->n_children = children->len;
  if (children->len == 0)
    return;
  if (listing->fs_may_sort)
    {
      /* fts sorts some batches by inode: sort by place (stable: a place
       * is unique within a folder). */
      g_autofree Placed *placed = g_new (Placed, children->len);

      for (guint i = 0; i < children->len; i++)
        {
          fw_size_listing_place (listing, met[2 * i], met[2 * i + 1], placed[i].place);
          placed[i].node = g_ptr_array_index (children, i);
        }
      qsort (placed, children->len, sizeof (Placed),
             (int (*) (const void *, const void *)) compare_placed);
      for (guint i = 0; i < children->len; i++)
        children->pdata[i] = placed[i].node;
    }
  node->children = (FwSizeNode **) g_ptr_array_steal (children, NULL);
}

void
fw_size_node_done (FwSizeState *state,
                   FwSizeNode  *node)
{
  while (node != NULL && g_atomic_int_dec_and_test (&node->pending))
    {
      if (state->tree_hook != NULL)
        {
          g_autoptr(FwSizeScan) scan = g_weak_ref_get (&state->hook_scan);

          if (scan != NULL)
            state->tree_hook (scan, node, state->tree_hook_data);
        }
      node = node->parent;
    }
}

void
fw_size_node_free (FwSizeNode *node)
{
  g_autoptr(GPtrArray) stack = NULL;

  if (node == NULL)
    return;
  stack = g_ptr_array_new ();
  g_ptr_array_add (stack, node);
  while (stack->len > 0)
    {
      FwSizeNode *n = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      for (guint i = 0; i < n->n_children; i++)
        g_ptr_array_add (stack, n->children[i]);
      g_free (n->children);
      g_free (n->name);
      g_free (n);
    }
}
