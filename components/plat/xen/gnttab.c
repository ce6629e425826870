/*
 * Grant tables, version 1: we map the table's frames into our physical
 * address space (XENMEM_add_to_physmap, XENMAPSPACE_grant_table) and fill in
 * entries that let another domain map or copy one of our pages. The first 8
 * references are reserved (the toolstack puts the console's and xenstore's
 * rings in 0 and 1); the rest are handed out from a free list.
 */
#include <errno.h>
#include <unicore/plat.h>
#include "platform.h"
#include "hypercall.h"

#define FRAMES 4
#define ENTRIES (FRAMES * PAGE_SIZE / sizeof(struct grant_entry_v1))
#define RESERVED 8

/* Xen replaces these pages of RAM with the grant table's frames. */
static char table_pages[FRAMES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static volatile struct grant_entry_v1 *table;
static uint16_t next_free[ENTRIES];   /* free list, 0 ends it (0 is reserved) */
static uint16_t free_head;

static long grant_table_op(int cmd, void *arg, unsigned int count)
{
	return hypercall3(__HYPERVISOR_grant_table_op, cmd, (unsigned long)arg, count);
}

int gnttab_init(void)
{
	struct gnttab_query_size size = { .dom = DOMID_SELF };
	unsigned int frames = FRAMES;

	if (table)
		return 0;
	if (grant_table_op(GNTTABOP_query_size, &size, 1) != 0 || size.status != 0)
		return -ENODEV;
	if (size.max_nr_frames < frames)
		frames = size.max_nr_frames;
	for (unsigned int i = 0; i < frames; i++) {
		struct xen_add_to_physmap map = {
			.domid = DOMID_SELF, .space = XENMAPSPACE_grant_table,
			.idx = i, .gpfn = (uintptr_t)table_pages[i] / PAGE_SIZE,
		};
		if (hyp_memory_op(XENMEM_add_to_physmap, &map) != 0)
			return i == 0 ? -ENODEV : 0;
		/* Entries of this frame are ours to hand out. */
		for (size_t ref = i * (PAGE_SIZE / sizeof *table); ref < (i + 1) * (PAGE_SIZE / sizeof *table); ref++) {
			if (ref < RESERVED)
				continue;
			next_free[ref] = free_head;
			free_head = (uint16_t)ref;
		}
		table = (volatile struct grant_entry_v1 *)table_pages;
	}
	return 0;
}

int gnttab_grant(uint16_t domid, unsigned long pfn, int readonly)
{
	uint16_t ref = free_head;

	if (!table || ref == 0)
		return -ENOSPC;
	free_head = next_free[ref];
	table[ref].frame = (uint32_t)pfn;
	table[ref].domid = domid;
	/* The other side may use the entry as soon as the flags say so. */
	__atomic_store_n(&table[ref].flags, GTF_permit_access | (readonly ? GTF_readonly : 0), __ATOMIC_RELEASE);
	return ref;
}

int gnttab_end(int ref)
{
	uint16_t flags;

	if (!table || ref < RESERVED || (size_t)ref >= ENTRIES)
		return -EINVAL;
	flags = table[ref].flags;
	do {
		if (flags & (GTF_reading | GTF_writing))
			return -EBUSY;
	} while (!__atomic_compare_exchange_n(&table[ref].flags, &flags, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	next_free[ref] = free_head;
	free_head = (uint16_t)ref;
	return 0;
}
