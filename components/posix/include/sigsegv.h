/* unicore: the GNU libsigsegv API (2.14), implemented in libunicore.a
 * (components/posix/sigsegv/) over SA_SIGINFO handlers and sigaltstack;
 * an empty libsigsegv.a lets `-lsigsegv` link, and config.site makes
 * gnulib's configure use it (--with-libsigsegv). */
#ifndef _SIGSEGV_H
#define _SIGSEGV_H

#include <stddef.h>
#include <signal.h>
#include <ucontext.h>

#ifndef SIGSTKSZ
# define SIGSTKSZ 65536
#endif

#define HAVE_SIGSEGV_RECOVERY 1
#define HAVE_STACK_OVERFLOW_RECOVERY 1

#ifdef __cplusplus
extern "C" {
#endif

#define LIBSIGSEGV_VERSION 0x020E    /* version number: (major<<8) + minor */
extern int libsigsegv_version;       /* Likewise */

/* Fault addresses are exact. */
#define SIGSEGV_FAULT_ADDRESS_ALIGNMENT 1UL

/* A SIGSEGV (or SIGBUS) handler: serious is 0 when the fault may be a stack
 * overflow. Returns nonzero when it handled the fault (the access is then
 * retried), 0 to decline. */
typedef int (*sigsegv_handler_t) (void *fault_address, int serious);
/* Installs a global SIGSEGV handler: 0, or -1 if impossible. */
extern int sigsegv_install_handler (sigsegv_handler_t handler);
extern void sigsegv_deinstall_handler (void);
/* Leaves the handler (its mask) and calls continuation, which should not
 * return (longjmp): returns 0 only if that cannot be done. */
extern int sigsegv_leave_handler (void (*continuation) (void *, void *, void *),
                                  void *cont_arg1, void *cont_arg2, void *cont_arg3);

/* Memory areas with their own handlers, found by fault address. */
typedef int (*sigsegv_area_handler_t) (void *fault_address, void *user_arg);
typedef struct sigsegv_dispatcher {
	void *tree;
} sigsegv_dispatcher;
extern void sigsegv_init (sigsegv_dispatcher *dispatcher);
extern void *sigsegv_register (sigsegv_dispatcher *dispatcher, void *address, size_t len,
                               sigsegv_area_handler_t handler, void *handler_arg);
extern void sigsegv_unregister (sigsegv_dispatcher *dispatcher, void *ticket);
extern int sigsegv_dispatch (sigsegv_dispatcher *dispatcher, void *fault_address);

/* Stack overflow: the handler runs on extra_stack and must not return
 * (longjmp, or exit); emergency is 1 when the overflow happened on the
 * extra stack itself. */
typedef ucontext_t *stackoverflow_context_t;
typedef void (*stackoverflow_handler_t) (int emergency, stackoverflow_context_t scp);
extern int stackoverflow_install_handler (stackoverflow_handler_t handler,
                                          void *extra_stack, size_t extra_stack_size);
extern void stackoverflow_deinstall_handler (void);

#ifdef __cplusplus
}
#endif

#endif /* _SIGSEGV_H */
