/*
 * Start of a linuxu program: what the kernel put on the stack, the stack
 * protector's canary from AT_RANDOM, a thread pointer, the heap, the crash
 * handlers, then the runtime. Compiled without the stack protector: the
 * canary changes under this code's feet.
 */
#include <string.h>
#include <unicore/plat.h>
#include "syscall.h"

#define AT_NULL 0
#define AT_RANDOM 25
#define MIB (1024ul * 1024)
#define DEFAULT_MEM_MIB 1024

extern uintptr_t __stack_chk_guard;
/* The image note (docs/architecture.md), placed by link.ld; absent before
 * baking. */
extern const char __linuxu_image_note_start[] __attribute__((weak));
extern const char __linuxu_image_note_end[] __attribute__((weak));

/* The thread control block %fs points at: word 0 is its own address (the
 * x86_64 TLS ABI), word 5 (%fs:0x28) the canary for code built with the
 * default TLS stack guard. */
static uintptr_t tcb[8] __attribute__((aligned(64)));

static uint64_t read_u64(const void *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static void set_canary(const uintptr_t *auxv)
{
	for (; auxv[0] != AT_NULL; auxv += 2) {
		if (auxv[0] == AT_RANDOM) {
			/* A zero low byte stops string overflows from copying it. */
			__stack_chk_guard = read_u64((const void *)auxv[1]) & ~(uintptr_t)0xff;
			return;
		}
	}
	__stack_chk_guard = 0xff0a000000000000ul;
}

static void set_thread_pointer(void)
{
	tcb[0] = (uintptr_t)tcb;
	tcb[5] = __stack_chk_guard;
	lx_syscall(SYS_arch_prctl, LX_ARCH_SET_FS, tcb, 0);
}

/* The memory the image was baked for (mem= in its note), in MiB. */
static unsigned long mem_mib(void)
{
	const char *p = __linuxu_image_note_start, *end = __linuxu_image_note_end;
	unsigned long mib = 0;

	if (!p)
		return DEFAULT_MEM_MIB;
	for (; p + 4 < end; p++) {
		if ((p[-1] == '\n' || p[-1] == 0) && memcmp(p, "mem=", 4) == 0) {
			for (p += 4; p < end && *p >= '0' && *p <= '9'; p++)
				mib = mib * 10 + (*p - '0');
			return mib ? mib : DEFAULT_MEM_MIB;
		}
	}
	return DEFAULT_MEM_MIB;
}

static uintptr_t map_heap(size_t len)
{
	/* PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE: only
	 * the pages the program touches cost anything. */
	long p = lx_syscall6(SYS_mmap, 0, len, 3, 0x02 | 0x20 | 0x4000, -1, 0);
	if (p < 0 && p > -4096)
		uc_crash("linuxu: cannot reserve memory for the heap", UC_STATUS_ABRT);
	return p;
}

/* uc_boot_info.host_syscall: a call interrupted by the tick or the crash
 * handlers' signals is made again. */
static long host_syscall(long nr, long a, long b, long c, long d, long e, long f)
{
	long r;

	do
		r = lx_syscall6(nr, a, b, c, d, e, f);
	while (r == -LX_EINTR);
	return r;
}

_Noreturn void linuxu_start(uintptr_t *sp)
{
	struct uc_boot_info boot = { .cmdline = "" };
	char **envp;
	size_t heap_len;

	boot.argc = (int)sp[0];
	boot.argv = (char **)(sp + 1);
	envp = boot.argv + boot.argc + 1;
	boot.envp = envp;
	/* A process has no boot command line: UNICORE_BOOT= stands in for it
	 * (runtime options such as unicore.net.dns=, from unicore run). */
	for (; *envp; envp++)
		if (memcmp(*envp, "UNICORE_BOOT=", 13) == 0)
			boot.cmdline = *envp + 13;
	set_canary((const uintptr_t *)(envp + 1));
	set_thread_pointer();

	struct lx_timespec ts;
	lx_syscall(SYS_clock_gettime, LX_CLOCK_MONOTONIC, &ts, 0);
	linuxu_boot_ns = ts.tv_sec * 1000000000ull + ts.tv_nsec;
	linuxu_crash_init();

	heap_len = mem_mib() * MIB;
	boot.heap_start = map_heap(heap_len);
	boot.heap_end = boot.heap_start + heap_len;
	boot.host_syscall = host_syscall;
	/* Not baked (no image note): the wrapper's link output run as ./prog. */
	if (__linuxu_image_note_start == __linuxu_image_note_end)
		boot.host_files = 1;
	uc_main(&boot);
}

const char *plat_name(void)
{
	return "linuxu";
}
