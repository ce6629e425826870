/* lwIP's compiler and platform definitions for unicore (newlib + the runtime). */
#ifndef UNICORE_LWIP_ARCH_CC_H
#define UNICORE_LWIP_ARCH_CC_H

#include <stdint.h>
#include <stdlib.h>
#include <sys/time.h>

#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif
/* NO_SYS has no sys_arch.h: the lightweight protection's type lives here. */
typedef int sys_prot_t;
#define LWIP_TIMEVAL_PRIVATE 0
#define LWIP_ERRNO_STDINCLUDE 1

uint32_t uc_lwip_rand(void);
void uc_lwip_diag(const char *fmt, ...);
_Noreturn void uc_lwip_assert(const char *msg, const char *file, int line);

#define LWIP_RAND() uc_lwip_rand()
#define LWIP_PLATFORM_DIAG(x) do { uc_lwip_diag x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) uc_lwip_assert(x, __FILE__, __LINE__)

#endif
