/* unicore: vectored I/O (newlib 3.3.0 has no <sys/uio.h>). */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H

#include <sys/cdefs.h>
#include <sys/types.h>
#include <limits.h>

__BEGIN_DECLS

struct iovec {
	void *iov_base;
	size_t iov_len;
};

#ifndef UIO_MAXIOV
#define UIO_MAXIOV IOV_MAX
#endif

ssize_t readv(int, const struct iovec *, int);
ssize_t writev(int, const struct iovec *, int);

__END_DECLS

#endif
