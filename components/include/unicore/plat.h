/*
 * The platform interface: what every platform (components/plat/<name>/) exports
 * to the runtime above it, and the upcalls platforms may make into the runtime.
 * Nothing above this line knows which platform it runs on.
 */
#ifndef UNICORE_PLAT_H
#define UNICORE_PLAT_H

#include <stddef.h>
#include <stdint.h>

/* What the platform found at boot, handed to the runtime by uc_main(). */
/* The longest boot command line a VM platform takes, in bytes (without the
 * NUL); a longer one is refused at boot, never cut (unicore run checks first). */
#define UC_CMDLINE_MAX 32767

struct uc_boot_info {
	const char *cmdline;   /* boot command line, NUL-terminated; "" if none */
	uintptr_t heap_start;  /* free RAM for sbrk/mmap: [heap_start, heap_end) */
	uintptr_t heap_end;
	/* Hosted platforms (linuxu) pass the real process arguments and environment;
	 * others leave these NULL/0 and everything comes from cmdline. */
	int argc;
	char **argv;
	char **envp;
	/* linuxu: the host kernel's system call entry (Linux's numbers and
	 * structures, -errno in Linux's numbering; a call interrupted by a
	 * signal is made again), for the runtime's host sockets and host files.
	 * NULL everywhere else. */
	long (*host_syscall)(long nr, long a, long b, long c, long d, long e, long f);
	/* linuxu run unbaked on the build machine (the wrapper's link output as
	 * ./prog): 1, the program's files are the build machine's, through
	 * host_syscall. 0 everywhere else. */
	int host_files;
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
/* The preemption tick (see plat_preempt_timer): pc is the interrupted
 * program counter. May switch to another thread and come back much later;
 * called on the interrupted thread's stack with everything the interrupted
 * code needs (all registers, FPU/SSE state) saved by the platform and
 * interrupts (or the tick signal) able to nest: the runtime ignores ticks
 * that land in its own code or the platform's. */
void uc_preempt_tick(uintptr_t pc);

/* A synchronous fault in the program: what the platform knows of it. */
#define UC_FAULT_SEGV 1   /* page fault, general protection: SIGSEGV */
#define UC_FAULT_BUS  2   /* alignment check: SIGBUS */
#define UC_FAULT_FPE  3   /* divide error, x87/SIMD exception: SIGFPE */
#define UC_FAULT_ILL  4   /* invalid opcode: SIGILL */
/* The registers in glibc's <sys/ucontext.h> order (REG_R8 = 0 ... REG_CR2 = 22). */
#define UC_FAULT_NGREG 23
struct uc_fault {
	int kind;          /* UC_FAULT_* */
	int code;          /* si_code, Linux's values (SEGV_MAPERR 1, SEGV_ACCERR 2, ...) */
	uintptr_t addr;    /* si_addr: the faulting address (instruction for FPE/ILL) */
	uint64_t gregs[UC_FAULT_NGREG];
	const void *fpu;   /* FXSAVE image (512 bytes) of the interrupted code, or NULL */
};
/* A fault: if the program has a handler for its signal (sigaction), runs it
 * (on the alternate stack when asked) and resumes the program where the
 * handler's ucontext says (by default, re-executing the faulting
 * instruction) without ever returning; the handler may also siglongjmp away.
 * Returns when the program has no handler (or cannot take it: a stack
 * overflow without an alternate stack): the platform then reports the crash
 * as before. Called on the platform's fault stack, interrupts as the
 * interrupted code had them. */
void uc_fault(struct uc_fault *f);

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
 * device send both to it. Writes all len bytes before returning.
 * With the framed channel (docs/architecture.md) the line carries frames for
 * a program on the host, not text for a person, so the runtime writes
 *   PLAT_CONSOLE_WIRE:   the frames: on the line (as stdout), never on a screen;
 *   PLAT_CONSOLE_SCREEN: the application's bytes they carry, for a screen of
 *                        the machine itself only; platforms without one ignore them. */
#define PLAT_CONSOLE_WIRE 3
#define PLAT_CONSOLE_SCREEN 4
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
/* Idles until the monotonic clock reaches deadline_ns, console input arrives
 * or a network frame arrives (whichever first; may return early). */
void plat_wait_until(uint64_t deadline_ns);

/* Threads (components/posix/thread). Points the thread pointer (%fs base
 * on x86_64) at tp: word 0 of the TCB there is tp itself. */
void plat_set_thread_pointer(uintptr_t tp);
/* Sets what the program may do with the 4 KiB page at page: PLAT_PROT_NONE
 * (no access: thread stack guard pages, so that a stack overflow faults; the
 * crash report names a fault in such a page a stack overflow), PLAT_PROT_READ
 * or PLAT_PROT_READ | PLAT_PROT_WRITE (mprotect of mmap'd pages). Returns 0,
 * or -EINVAL / -ENOMEM / -ENOSYS when the platform cannot. */
#define PLAT_PROT_NONE  0
#define PLAT_PROT_READ  1
#define PLAT_PROT_WRITE 2
int plat_protect_page(uintptr_t page, int prot);
/* Arms a periodic preemption tick every slice_ns (0: disarms): the
 * platform's timer interrupt calls uc_preempt_tick. Returns 0, or -ENOSYS
 * where the platform has no timer interrupt yet: threads then switch only
 * when they block or yield. */
int plat_preempt_timer(uint64_t slice_ns);

/* ---- Network device (kvm, baremetal: virtio-net). ---- */
struct plat_net_info { uint8_t mac[6]; uint16_t mtu; };
/* 0 and fills info when the platform has a NIC; -ENODEV when it has none. */
int plat_net_probe(struct plat_net_info *info);
/* Queues one Ethernet frame (no FCS) for sending, copying it: 0, -EAGAIN when the
 * transmit ring is full, -EMSGSIZE when longer than mtu + 14. */
int plat_net_send(const void *frame, size_t len);
/* Copies the next received frame into buf: its length, or 0 when none is waiting
 * (a frame longer than cap is dropped and counted). */
long plat_net_recv(void *buf, size_t cap);

/* ---- Host descriptors (linuxu: the host kernel's; others: -ENOSYS). ---- */
/* The runtime makes its host calls (sockets, files) itself, through
 * uc_boot_info.host_syscall; the platform waits for the descriptors. */
/* One host descriptor to watch: struct pollfd's layout, Linux's event bits. */
struct plat_host_pollfd { int fd; short events; short revents; };
/* Like plat_wait_until, and also returns when one of the n host descriptors
 * is ready (revents filled). -ENOSYS where there is no host kernel. */
int plat_host_wait(struct plat_host_pollfd *fds, int n, uint64_t deadline_ns);

/* Powers off, handing status to the host where the platform can (QEMU
 * isa-debug-exit, Xen SCHEDOP_shutdown, exit_group on linuxu). */
_Noreturn void plat_exit(int status);

#endif
