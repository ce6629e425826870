/*
 * Memory: the program break over the platform's free RAM (newlib's malloc
 * grows with sbrk), and mmap and friends on top of malloc. There is one
 * address space and no paging, so a mapping is just zeroed, aligned memory;
 * mprotect changes its pages' protection through the platform's page tables
 * (plat_protect_page), so that a program can catch its accesses (SIGSEGV).
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <unicore/file.h>
#include <unicore/plat.h>
#include "core.h"

#define PAGE 4096

static uintptr_t heap_start, heap_end, brk_now;

void uc_mem_init(uintptr_t start, uintptr_t end)
{
	heap_start = brk_now = (start + 15) & ~(uintptr_t)15;
	heap_end = end > heap_start ? end : heap_start;
}

size_t uc_mem_total(void)
{
	return heap_end - heap_start;
}

size_t uc_mem_free(void)
{
	return heap_end - brk_now;
}

void *sbrk(ptrdiff_t incr)
{
	uintptr_t old = brk_now;

	if ((incr > 0 && (uintptr_t)incr > heap_end - brk_now) ||
	    (incr < 0 && (uintptr_t)-incr > brk_now - heap_start)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk_now += incr;
	return (void *)old;
}

void *_sbrk(ptrdiff_t) __attribute__((alias("sbrk")));

int posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	p = memalign(align, size ? size : 1);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

/* Mappings made by mmap, so that munmap frees only what mmap gave. */
struct mapping {
	struct mapping *next;
	char *start;
	size_t len;
	int protected;     /* some page is not read-write: munmap restores it */
};
static struct mapping *mappings;

static size_t round_up(size_t len)
{
	return (len + PAGE - 1) & ~(size_t)(PAGE - 1);
}

static int fill_from_file(void *to, size_t len, int fd, off_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)to + done, len - done, off + done);
		if (n < 0)
			return errno == ESPIPE ? -ENODEV : -errno;
		if (n == 0)
			break;           /* past the end of the file: zeros */
		done += n;
	}
	return 0;
}

static long do_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off, void **out)
{
	struct mapping *m;
	int anon = flags & MAP_ANONYMOUS;
	struct uc_file *f = anon ? NULL : uc_fd_get(fd);

	if (len == 0 || (off & (PAGE - 1)) || !(flags & (MAP_PRIVATE | MAP_SHARED)))
		return -EINVAL;
	if (!anon && !f)
		return -EBADF;
	if (!anon && (f->flags & O_ACCMODE) == O_WRONLY)
		return -EACCES;
	/* A shared writable file mapping would have to write back to the file
	 * by itself; a private copy cannot do that. */
	if (!anon && (flags & MAP_SHARED) && (prot & PROT_WRITE))
		return -ENODEV;
	if (flags & MAP_FIXED)
		return -ENOMEM;       /* we cannot place memory at a given address */
	len = round_up(len);
	m = malloc(sizeof *m);
	if (!m)
		return -ENOMEM;
	m->start = memalign(PAGE, len);
	if (!m->start) {
		free(m);
		return -ENOMEM;
	}
	m->len = len;
	m->protected = 0;
	memset(m->start, 0, len);
	if (!anon) {
		int r = fill_from_file(m->start, len, fd, off);
		if (r < 0) {
			free(m->start);
			free(m);
			return r;
		}
	}
	m->next = mappings;
	mappings = m;
	*out = m->start;
	return 0;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p;
	long r = do_mmap(addr, len, prot, flags, fd, off, &p);

	if (r < 0) {
		errno = -r;
		return MAP_FAILED;
	}
	return p;
}

int munmap(void *addr, size_t len)
{
	char *a = addr;

	if (((uintptr_t)a & (PAGE - 1)) || len == 0)
		return uc_syscall_ret(-EINVAL);
	for (struct mapping **pm = &mappings; *pm; pm = &(*pm)->next) {
		struct mapping *m = *pm;
		if (a == m->start && round_up(len) >= m->len) {
			*pm = m->next;
			for (size_t off = 0; m->protected && off < m->len; off += PAGE)
				plat_protect_page((uintptr_t)m->start + off, PLAT_PROT_READ | PLAT_PROT_WRITE);
			free(m->start);
			free(m);
			return 0;
		}
	}
	/* Part of a mapping, or memory that was never mapped: Unix succeeds
	 * too; the memory stays ours until its whole mapping goes. */
	return 0;
}

/* Pages of a mapping (mmap) take the protection asked for (execute goes
 * with read; write means read and write). Other memory is always readable,
 * writable and executable: asking for that is a success, taking rights
 * away cannot be done. */
int mprotect(void *addr, size_t len, int prot)
{
	uintptr_t a = (uintptr_t)addr, end = a + round_up(len);
	int p = (prot & PROT_WRITE) ? PLAT_PROT_READ | PLAT_PROT_WRITE :
		(prot & (PROT_READ | PROT_EXEC)) ? PLAT_PROT_READ : PLAT_PROT_NONE;

	if (a & (PAGE - 1))
		return uc_syscall_ret(-EINVAL);
	for (struct mapping *m = mappings; m && len; m = m->next) {
		if (a < (uintptr_t)m->start || end > (uintptr_t)m->start + m->len)
			continue;
		for (uintptr_t page = a; page < end; page += PAGE) {
			int r = plat_protect_page(page, p);
			if (r < 0)
				return uc_syscall_ret(r == -ENOSYS ? -ENOTSUP : r);
		}
		m->protected = 1;
		return 0;
	}
	if ((prot & (PROT_READ | PROT_WRITE)) != (PROT_READ | PROT_WRITE))
		return uc_syscall_ret(-ENOTSUP);
	return 0;
}

/* Advice may be ignored. */
int madvise(void *addr, size_t len, int advice)
{
	return 0;
}

int posix_madvise(void *addr, size_t len, int advice)
{
	return 0;
}

/* Mappings are private copies; there is nothing to write back. */
int msync(void *addr, size_t len, int flags)
{
	return 0;
}

/* Nothing is ever paged out. */
int mlock(const void *addr, size_t len)
{
	return 0;
}

int munlock(const void *addr, size_t len)
{
	return 0;
}

int getpagesize(void)
{
	return PAGE;
}
