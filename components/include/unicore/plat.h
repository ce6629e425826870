/*
 * The platform interface: what every platform (components/plat/<name>/) exports
 * to the runtime above it, and the two upcalls platforms may make into the runtime.
 * Nothing above this line knows which platform it runs on.
 */
#ifndef UNICORE_PLAT_H
#define UNICORE_PLAT_H

#include <stddef.h>
#include <stdint.h>

/* What the platform found at boot, handed to the runtime by uc_main(). */
struct uc_boot_info {
	const char *cmdline;   /* boot command line, NUL-terminated; "" if none */
	uintptr_t heap_start;  /* free RAM for sbrk/mmap: [heap_start, heap_end) */
	uintptr_t heap_end;
	/* Hosted platforms (linuxu) pass the real process arguments and environment;
	 * others leave these NULL/0 and everything comes from cmdline. */
	int argc;
	char **argv;
	char **envp;
	/* linuxu run unbaked on the build machine (the wrapper's link output as
	 * ./prog): the host's system call entry, so that the program's files
	 * are the build machine's. NULL everywhere else. */
	long (*host_syscall)(long nr, long a, long b, long c, long d, long e, long f);
};

/* Exit statuses for crashes: 128 + the signal a Unix process would have died of. */
#define UC_STATUS_SEGV 139  /* page fault, general protection, stack guard page */
#define UC_STATUS_ILL  132  /* invalid opcode */
#define UC_STATUS_FPE  136  /* divide error */
#define UC_STATUS_ABRT 134  /* abort(), stack smashing detected */

/* ---- Upcalls: implemented by the runtime (libunicore.a). ---- */

/* Sets up the POSIX layer, runs main() and exits with its status. */
_Noreturn void uc_main(const struct uc_boot_info *boot);
/* Writes a crash report (NUL-terminated text) to stderr and ends with status. */
_Noreturn void uc_crash(const char *report, int status);

/* ---- Implemented by every platform. ---- */

/* x86_64 VM platforms share the arch entry (components/arch/x86_64): the boot
 * loader enters arch_start32 in 32-bit protected mode with eax = boot magic
 * (multiboot 0x2BADB002, PVH 0x336ec578) and ebx = the physical address of its
 * info block. The arch code enters long mode with an identity map, enables
 * SSE, installs the IDT and the stack (with a guard page) and calls: */
_Noreturn void plat_start(uint32_t magic, uintptr_t info);

/* Short platform name ("kvm", "xen", ...), for uname(). */
const char *plat_name(void);

/* Console. stream is 1 (stdout) or 2 (stderr); platforms with one console
 * device send both to it. Writes all len bytes before returning. */
void plat_console_write(int stream, const void *buf, size_t len);
/* Reads up to len bytes of console input. If block is 0 returns at once
 * (0 when nothing is waiting); otherwise waits for at least one byte.
 * Returns -1 at end of input (only hosted platforms have one). */
long plat_console_read(void *buf, size_t len, int block);
/* How many bytes of input the platform can take without losing any, once the
 * runtime asks for them (the framed channel's credit). */
size_t plat_console_rx_window(void);
/* Whether the console stream is a terminal a person watches (serial consoles
 * say yes; linuxu asks the kernel). The runtime says no when the framed channel
 * is in use, whatever this returns. */
int plat_console_isatty(int stream);

/* Clocks, in nanoseconds. Monotonic starts near 0 at boot; wall is since the
 * Unix epoch (0 if the platform has no wall clock). */
uint64_t plat_clock_monotonic_ns(void);
uint64_t plat_clock_wall_ns(void);
/* Idles until the monotonic clock reaches deadline_ns or console input arrives
 * (whichever first; may return early). */
void plat_wait_until(uint64_t deadline_ns);

/* Powers off, handing status to the host where the platform can (QEMU
 * isa-debug-exit, Xen SCHEDOP_shutdown, exit_group on linuxu). */
_Noreturn void plat_exit(int status);

#endif
