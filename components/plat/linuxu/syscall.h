/*
 * Linux x86_64 system calls, made directly: the numbers and structures the
 * linuxu platform uses. Calls return -errno on failure, as the kernel does.
 */
#ifndef LINUXU_SYSCALL_H
#define LINUXU_SYSCALL_H

#include <stddef.h>
#include <stdint.h>

#define SYS_read 0
#define SYS_write 1
#define SYS_mmap 9
#define SYS_rt_sigaction 13
#define SYS_rt_sigprocmask 14
#define SYS_ioctl 16
#define SYS_getpid 39
#define SYS_kill 62
#define SYS_sigaltstack 131
#define SYS_arch_prctl 158
#define SYS_clock_gettime 228
#define SYS_clock_nanosleep 230
#define SYS_exit_group 231
#define SYS_ppoll 271

#define LX_EINTR 4
#define LX_EAGAIN 11

#define LX_CLOCK_REALTIME 0
#define LX_CLOCK_MONOTONIC 1
#define LX_TIMER_ABSTIME 1
#define LX_ARCH_SET_FS 0x1002
#define LX_TCGETS 0x5401
#define LX_POLLIN 1
#define LX_POLLOUT 4

struct lx_timespec {
	long tv_sec;
	long tv_nsec;
};

struct lx_pollfd {
	int fd;
	short events;
	short revents;
};

static inline long lx_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define lx_syscall(n, a, b, c) lx_syscall6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define lx_syscall4(n, a, b, c, d) lx_syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

/* Shared between the platform's files. */
extern uint64_t linuxu_boot_ns;         /* CLOCK_MONOTONIC at start */
extern int linuxu_input_reported;       /* wait saw input nobody read yet */
void linuxu_crash_init(void);
/* thread.c: whether addr lies in a thread stack's guard page. */
int linuxu_in_guard(uintptr_t addr);
int linuxu_crash_signal(void);           /* the signal being reported, or 0 */

#endif
