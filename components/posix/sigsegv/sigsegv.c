/*
 * libsigsegv: one SA_SIGINFO handler for SIGSEGV and SIGBUS (on the
 * alternate stack once a stack overflow handler is installed) that asks the
 * program's handler, then decides whether the fault is a stack overflow the
 * way libsigsegv does without a VMA list (its heuristic "AB": the fault
 * address within a page of the stack pointer), then gives up: back to
 * SIG_DFL, and the faulting access, retried, ends the program.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sigsegv.h>

int libsigsegv_version = LIBSIGSEGV_VERSION;

static sigsegv_handler_t volatile user_handler;
static stackoverflow_handler_t volatile stk_user_handler;
static uintptr_t volatile stk_extra_stack;
static size_t volatile stk_extra_stack_size;

static void sigsegv_handler(int sig, siginfo_t *info, void *context)
{
	void *address = info->si_addr;
	ucontext_t *uc = context;

	if (user_handler && user_handler(address, 0))
		return;
	if (stk_user_handler) {
		uintptr_t old_sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
		uintptr_t addr = (uintptr_t)address;
		if (addr <= old_sp + 4096 && old_sp <= addr + 4096) {
			int emergency = old_sp >= stk_extra_stack &&
				old_sp <= stk_extra_stack + stk_extra_stack_size;
			stk_user_handler(emergency, uc);
		}
	}
	if (user_handler && user_handler(address, 1))
		return;
	signal(SIGSEGV, SIG_DFL);
	signal(SIGBUS, SIG_DFL);
}

static int install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = sigsegv_handler;
	/* As libsigsegv: the asynchronous signals blocked, and the signal
	 * itself (a fault in the handler ends the program). */
	sa.sa_flags = SA_SIGINFO | (stk_user_handler ? SA_ONSTACK : 0);
	sigemptyset(&sa.sa_mask);
	static const int async[] = { SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM, SIGTERM,
		SIGUSR1, SIGUSR2, SIGCHLD, SIGURG, SIGIO, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH };
	for (size_t i = 0; i < sizeof async / sizeof async[0]; i++)
		sigaddset(&sa.sa_mask, async[i]);
	if (sigaction(SIGSEGV, &sa, NULL) < 0 || sigaction(SIGBUS, &sa, NULL) < 0)
		return -1;
	return 0;
}

static void deinstall(void)
{
	if (!user_handler && !stk_user_handler) {
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
	}
}

int sigsegv_install_handler(sigsegv_handler_t handler)
{
	user_handler = handler;
	return install();
}

void sigsegv_deinstall_handler(void)
{
	user_handler = NULL;
	deinstall();
}

int sigsegv_leave_handler(void (*continuation)(void *, void *, void *),
			  void *cont_arg1, void *cont_arg2, void *cont_arg3)
{
	continuation(cont_arg1, cont_arg2, cont_arg3);
	return 1;
}

int stackoverflow_install_handler(stackoverflow_handler_t handler,
				  void *extra_stack, size_t extra_stack_size)
{
	stack_t ss = { .ss_sp = extra_stack, .ss_size = extra_stack_size, .ss_flags = 0 };

	if (sigaltstack(&ss, NULL) < 0)
		return -1;
	stk_extra_stack = (uintptr_t)extra_stack;
	stk_extra_stack_size = extra_stack_size;
	stk_user_handler = handler;
	return install();
}

void stackoverflow_deinstall_handler(void)
{
	stk_user_handler = NULL;
	if (user_handler)
		install();
	else
		deinstall();
	stack_t ss = { .ss_flags = SS_DISABLE };
	sigaltstack(&ss, NULL);
}

/* ---- The dispatcher: a list of areas (libsigsegv uses a tree). ---- */

struct area {
	struct area *next;
	uintptr_t address;
	size_t len;
	sigsegv_area_handler_t handler;
	void *handler_arg;
};

void sigsegv_init(sigsegv_dispatcher *dispatcher)
{
	dispatcher->tree = NULL;
}

void *sigsegv_register(sigsegv_dispatcher *dispatcher, void *address, size_t len,
		       sigsegv_area_handler_t handler, void *handler_arg)
{
	struct area *a;

	if (len == 0)
		return NULL;
	a = malloc(sizeof *a);
	if (!a)
		return NULL;
	a->address = (uintptr_t)address;
	a->len = len;
	a->handler = handler;
	a->handler_arg = handler_arg;
	a->next = dispatcher->tree;
	dispatcher->tree = a;
	return a;
}

void sigsegv_unregister(sigsegv_dispatcher *dispatcher, void *ticket)
{
	for (struct area **p = (struct area **)&dispatcher->tree; *p; p = &(*p)->next) {
		if (*p == ticket) {
			struct area *a = *p;
			*p = a->next;
			free(a);
			return;
		}
	}
}

int sigsegv_dispatch(sigsegv_dispatcher *dispatcher, void *fault_address)
{
	uintptr_t addr = (uintptr_t)fault_address;

	for (struct area *a = dispatcher->tree; a; a = a->next)
		if (addr - a->address < a->len)
			return a->handler(fault_address, a->handler_arg);
	return 0;
}
