/*
 * The crash report: what happened, where, and a short backtrace. Runtime code
 * keeps frame pointers, so the walk follows saved RBPs up the boot stack; it
 * stops at the first pointer outside that stack or not moving up it, so a
 * corrupted stack ends the list rather than faulting again. Addresses map back
 * to code with `addr2line -e IMAGE`.
 */
#include <stddef.h>
#include <stdint.h>
#include "arch.h"
#include "arch_internal.h"

#define MAX_FRAMES 16

static char report[1024];
static size_t used;

static void put(const char *s)
{
	while (*s && used < sizeof report - 1)
		report[used++] = *s++;
}

static void put_hex(uint64_t v)
{
	char buf[19] = "0x";
	int n = 2;

	for (int shift = 60; shift >= 0; shift -= 4)
		if ((v >> shift) != 0 || shift == 0)
			buf[n++] = "0123456789abcdef"[(v >> shift) & 0xf];
	buf[n] = '\0';
	put(buf);
}

static void put_dec(uint64_t v)
{
	char buf[21];
	int n = sizeof buf - 1;

	buf[n] = '\0';
	do
		buf[--n] = '0' + v % 10;
	while (v /= 10);
	put(buf + n);
}

static void put_reg(const char *name, uint64_t v)
{
	put(" ");
	put(name);
	put("=");
	put_hex(v);
}

static int on_stack(uint64_t p)
{
	if (p & 7)
		return 0;
	return (p >= (uintptr_t)arch_stack_bottom && p <= (uintptr_t)arch_stack_top - 16) ||
		(p >= arch_main_stack_bottom && p + 16 <= arch_main_stack_top);
}

static void put_backtrace(const struct trap_frame *f)
{
	uint64_t rbp = f->rbp;

	put("backtrace: ");
	put_hex(f->rip);
	for (int i = 0; i < MAX_FRAMES && on_stack(rbp); i++) {
		const uint64_t *frame = (const uint64_t *)(uintptr_t)rbp;
		if (frame[1] == 0)
			break;
		put(" ");
		put_hex(frame[1]);
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
	put("\n");
}

static const char *page_fault_cause(const struct trap_frame *f, uint64_t cr2)
{
	if (paging_in_guard(cr2) || paging_in_guard(f->rsp))
		return "stack overflow";
	if (cr2 < ARCH_PAGE_SIZE)
		return "NULL pointer dereference";
	if ((f->error & 0x11) == 0x11)
		return "execute from a non-executable page";
	if ((f->error & 0x3) == 0x3)
		return "write to a read-only page";
	if (f->error & 0x10)
		return "jump to a bad address";
	return f->error & 0x2 ? "write to an unmapped address" : "read from an unmapped address";
}

const char *crash_report(const struct trap_frame *f, uint64_t cr2, const char *what)
{
	used = 0;
	put("unicore: crash: ");
	put(what);
	if (f->vector == 14) {
		put(": ");
		put(page_fault_cause(f, cr2));
	}
	put("\n vector ");
	put_dec(f->vector);
	put_reg("error", f->error);
	if (f->vector == 14)
		put_reg("cr2", cr2);
	put("\n ");
	put_reg("rip", f->rip);
	put_reg("rsp", f->rsp);
	put_reg("rbp", f->rbp);
	put_reg("rflags", f->rflags);
	put("\n ");
	put_reg("rax", f->rax);
	put_reg("rbx", f->rbx);
	put_reg("rcx", f->rcx);
	put_reg("rdx", f->rdx);
	put_reg("rsi", f->rsi);
	put_reg("rdi", f->rdi);
	put("\n");
	put_backtrace(f);
	report[used] = '\0';
	return report;
}
