/*
 * The stub platform: defines the whole platform interface (unicore/plat.h)
 * so that linking a fermented program against it finds every undefined
 * symbol the real platforms do not provide. Nothing here is meant to run:
 * a program linked with it stops at the first platform call.
 */
#include <stddef.h>
#include <stdint.h>
#include <unicore/plat.h>

static _Noreturn void unusable(void)
{
	__builtin_trap();
}

void arch_start32(void) { unusable(); }
_Noreturn void plat_start(uint32_t magic, uintptr_t info) { unusable(); }
const char *plat_name(void) { unusable(); }
void plat_console_write(int stream, const void *buf, size_t len) { unusable(); }
long plat_console_read(void *buf, size_t len, int block) { unusable(); }
size_t plat_console_rx_window(void) { unusable(); }
int plat_console_isatty(int stream) { unusable(); }
uint64_t plat_clock_monotonic_ns(void) { unusable(); }
uint64_t plat_clock_wall_ns(void) { unusable(); }
void plat_wait_until(uint64_t deadline_ns) { unusable(); }
_Noreturn void plat_exit(int status) { unusable(); }
int plat_net_probe(struct plat_net_info *info) { unusable(); }
int plat_net_send(const void *frame, size_t len) { unusable(); }
long plat_net_recv(void *buf, size_t cap) { unusable(); }
int plat_host_wait(struct plat_host_pollfd *fds, int n, uint64_t deadline_ns) { unusable(); }
void plat_set_thread_pointer(uintptr_t tp) { unusable(); }
int plat_protect_page(uintptr_t page, int prot) { unusable(); }
int plat_preempt_timer(uint64_t slice_ns) { unusable(); }
