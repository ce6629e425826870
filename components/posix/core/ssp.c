/*
 * The stack protector's canary and failure path. The platform sets the
 * canary at boot, before any protected function returns. Newlib's libc.a
 * has a definition of both symbols too; whichever archive the link searches
 * first provides them (both end in the same crash, status 134).
 */
#include <stdint.h>
#include <unicore/plat.h>

uintptr_t __stack_chk_guard;

_Noreturn void __stack_chk_fail(void)
{
	uc_crash("unicore: stack smashing detected", UC_STATUS_ABRT);
}
