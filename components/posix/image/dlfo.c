/*
 * What libgcc's unwinder and the C++ runtime ask the dynamic linker: there is
 * one image, linked by bake with --eh-frame-hdr. libgcc_eh (glibc 2.35 and
 * later builds) finds unwind tables through _dl_find_object only; programs
 * and libraries that walk the objects use dl_iterate_phdr.
 */
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include "posix/image/image.h"

/* The one "shared object" C++ destructors registered with __cxa_atexit
 * belong to (crtbegin.o defines it elsewhere; there are no crt files here). */
void *__dso_handle = &__dso_handle;

static int has_eh_frame_hdr(void)
{
	/* An image without unwind tables gets an empty section (version 1 otherwise). */
	return uc_image_addr(__unicore_eh_frame_hdr_end) > uc_image_addr(__unicore_eh_frame_hdr) && __unicore_eh_frame_hdr[0] == 1;
}

int _dl_find_object(void *pc, struct dl_find_object *result)
{
	if ((char *)pc < __unicore_image_start || (char *)pc >= _end || !has_eh_frame_hdr())
		return -1;
	*result = (struct dl_find_object){
		.dlfo_map_start = __unicore_image_start,
		.dlfo_map_end = _end,
		.dlfo_eh_frame = __unicore_eh_frame_hdr,
	};
	return 0;
}

/* The program headers a loader would have seen, made from the link.ld symbols. */
static int image_phdrs(ElfW(Phdr) *ph)
{
	int n = 0;
	uintptr_t tls = uc_image_addr(__uc_tls_start);

	ph[n++] = (ElfW(Phdr)){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W | PF_X,
		.p_vaddr = uc_image_addr(__unicore_image_start), .p_paddr = uc_image_addr(__unicore_image_start),
		.p_memsz = _end - __unicore_image_start, .p_filesz = _end - __unicore_image_start, .p_align = 4096 };
	if (has_eh_frame_hdr())
		ph[n++] = (ElfW(Phdr)){ .p_type = PT_GNU_EH_FRAME, .p_flags = PF_R,
			.p_vaddr = uc_image_addr(__unicore_eh_frame_hdr), .p_paddr = uc_image_addr(__unicore_eh_frame_hdr),
			.p_memsz = __unicore_eh_frame_hdr_end - __unicore_eh_frame_hdr,
			.p_filesz = __unicore_eh_frame_hdr_end - __unicore_eh_frame_hdr, .p_align = 4 };
	if (uc_image_addr(__uc_tls_end) > tls)
		ph[n++] = (ElfW(Phdr)){ .p_type = PT_TLS, .p_flags = PF_R,
			.p_vaddr = tls, .p_paddr = tls,
			.p_memsz = uc_image_addr(__uc_tls_end) - tls, .p_filesz = uc_image_addr(__uc_tdata_end) - tls,
			.p_align = uc_image_addr(__uc_tls_align) };
	return n;
}

int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *, size_t, void *), void *data)
{
	static ElfW(Phdr) phdrs[3];
	struct dl_phdr_info info = { .dlpi_addr = 0, .dlpi_name = "", .dlpi_phdr = phdrs, .dlpi_adds = 1 };

	info.dlpi_phnum = image_phdrs(phdrs);
	return callback(&info, sizeof info, data);
}
