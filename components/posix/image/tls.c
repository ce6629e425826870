/*
 * Thread-local storage of the main thread (x86_64 TLS ABI, variant II, local
 * exec): the platform points %fs at __unicore_tcb (link.ld reserves it in
 * .bss with room below it); the TLS block ends there, holding a copy of
 * .tdata followed by zeroed .tbss. C and C++ thread-local variables and
 * libstdc++'s exception globals live there.
 */
#include <string.h>
#include <unicore/plat.h>
#include "posix/image/image.h"
#include "posix/core/core.h"

/* The room link.ld reserves below the TCB is the block rounded up to this. */
#define TLS_RESERVE_ALIGN 64

void uc_tls_init(void)
{
	uintptr_t start = uc_image_addr(__unicore_tls_start);
	uintptr_t size = uc_image_addr(__unicore_tls_end) - start;
	uintptr_t init = uc_image_addr(__unicore_tdata_end) - start;
	uintptr_t align = uc_image_addr(__unicore_tls_align);
	char *block;

	if (!size)
		return;
	if (align > TLS_RESERVE_ALIGN)
		uc_crash("unicore: thread-local data aligned to more than 64 bytes is not supported", UC_STATUS_ABRT);
	if (!align)
		align = 1;
	/* As the linker computed the offsets: tp - round_up(size, align). */
	block = (char *)__unicore_tcb - ((size + align - 1) & ~(align - 1));
	memcpy(block, __unicore_tls_start, init);
	memset(block + init, 0, size - init);
}
