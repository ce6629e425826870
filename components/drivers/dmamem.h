/*
 * Memory for device rings and buffers, owned by the platform: taken at boot
 * from the top of the RAM that would otherwise become the runtime's heap, so
 * drivers need no allocator from the runtime. Identity-mapped: the address is
 * the physical address devices are given.
 */
#ifndef UNICORE_DRIVERS_DMAMEM_H
#define UNICORE_DRIVERS_DMAMEM_H

#include <stddef.h>
#include <unicore/plat.h>

/* Allocations come off boot->heap_end; only before uc_main(boot). */
void dmamem_init(struct uc_boot_info *boot);
/* size bytes, page aligned, zeroed; NULL if that would leave the heap smaller
 * than DMAMEM_HEAP_MIN. */
void *dmamem_alloc(size_t size);

#define DMAMEM_HEAP_MIN (1024 * 1024)

#endif
