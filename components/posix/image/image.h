/*
 * The image's layout, as every platform's link.ld describes it (symbols
 * defined there; docs/architecture.md, "Image symbols"). Internal to libunicore.a.
 */
#ifndef UNICORE_POSIX_IMAGE_H
#define UNICORE_POSIX_IMAGE_H

#include <stdint.h>

/* Weak: a program is stub-linked (and configure-tested) before bake defines them.
 * The whole loaded image: [__unicore_image_start, _end). */
extern char __unicore_image_start[] __attribute__((weak)), _end[] __attribute__((weak));
/* .eh_frame_hdr (bake links with --eh-frame-hdr): [start, end). */
extern char __unicore_eh_frame_hdr[] __attribute__((weak)), __unicore_eh_frame_hdr_end[] __attribute__((weak));
/* The TLS template: .tdata [tls_start, tdata_end), then .tbss up to tls_end;
 * tls_align is an absolute symbol holding the segment's alignment. */
extern char __uc_tls_start[] __attribute__((weak)), __uc_tdata_end[] __attribute__((weak)),
	__uc_tls_end[] __attribute__((weak));
extern char __uc_tls_align[] __attribute__((weak));

static inline uintptr_t uc_image_addr(const void *sym)
{
	return (uintptr_t)sym;
}

#endif
