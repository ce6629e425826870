/*
 * unicore-run: the native launcher of `unicore run` (docs/architecture.md,
 * "unicore run: the two paths"). The prefix's sh launcher execs it as
 *
 *     unicore-run NODE_SCRIPT run ARGS...
 *
 * It runs the one case it supports fully itself: `unicore run [--verbose]
 * IMAGE [-- [unicore.KEY=VALUE...] [--] ARGS...]` where IMAGE is an ELF image
 * whose unicore note says kvm or baremetal (or xen: Xen in QEMU, the image
 * its PVH dom0, once the hypervisor is unpacked in the cache), without
 * networking. Anything else,
 * and anything it is not sure of, execs `node NODE_SCRIPT run ARGS...`: the
 * Node CLI, which gives today's behaviour and messages. What it does mirrors
 * run/run.ts (bootInQemu), run/session.ts, run/console-router.ts,
 * run/framed.ts, run/stdin-pump.ts, run/ending.ts and run/boot-log.ts; the
 * fixed data (QEMU's argv, limits, names) comes from those modules through
 * unicore-run.h, which `unicore setup` writes (run/native.ts).
 *
 * POSIX C99 and libc only.
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <time.h>
#include <unistd.h>

#include "unicore-run.h"
#define UC_SELF "unicore run"
#define UC_CLI "unicore"
#include "unicore-native.h"

/* ---------- small helpers ---------- */

static void buf_fmt(struct buf *b, const char *fmt, ...) {
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0) buf_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A byte queue: data at b.p + head up to b.len. Taking from its front moves
 * nothing; the rest moves to the front only once more has been taken than
 * is left (so every byte moves at most once), not once per take: stdin
 * queues up to 1 MiB and its lines are taken 6 KiB at a time. */
struct queue { struct buf b; size_t head; };

static size_t q_len(const struct queue *q) { return q->b.len - q->head; }
static const char *q_data(const struct queue *q) { return q->b.p + q->head; }
static void q_add(struct queue *q, const void *data, size_t n) { buf_add(&q->b, data, n); }
static void q_clear(struct queue *q) { q->b.len = q->head = 0; }

static void q_drop(struct queue *q, size_t n) {
	q->head += n;
	if (q->head == q->b.len) {
		q_clear(q);
	} else if (q->head >= 65536 && q->head >= q->b.len - q->head) {
		memmove(q->b.p, q->b.p + q->head, q->b.len - q->head);
		q->b.len -= q->head;
		q->head = 0;
	}
}

static char *xstrdup(const char *s) {
	char *d = strdup(s);
	if (!d) die_oom();
	return d;
}

/* ---------- the fallback: the Node CLI with the very same argv ---------- */

static void fall_back(void) { exec_node(); }

/* ---------- paths, as Node's path.resolve and which() make them ---------- */

/* An absolute path normalized like path.resolve: no ., .., empty parts or trailing /. */
static char *normalize_abs(const char *p) {
	size_t n = strlen(p);
	char *out = malloc(n + 2);
	if (!out) die_oom();
	size_t len = 0;
	const char *s = p;
	while (*s) {
		while (*s == '/') s++;
		const char *e = s;
		while (*e && *e != '/') e++;
		size_t k = (size_t)(e - s);
		if (k == 0) break;
		if (k == 1 && s[0] == '.') {
			/* nothing */
		} else if (k == 2 && s[0] == '.' && s[1] == '.') {
			while (len > 0 && out[len - 1] != '/') len--;
			if (len > 0) len--;
		} else {
			out[len++] = '/';
			memcpy(out + len, s, k);
			len += k;
		}
		s = e;
	}
	if (len == 0) out[len++] = '/';
	out[len] = '\0';
	return out;
}

static char *resolve(const char *base, const char *p) {
	if (p[0] == '/') return normalize_abs(p);
	struct buf b = {0};
	buf_str(&b, base);
	buf_str(&b, "/");
	buf_str(&b, p);
	char *r = normalize_abs(b.p);
	free(b.p);
	return r;
}

static char *g_cwd;

static int executable_file(const char *f) {
	struct stat st;
	return access(f, X_OK) == 0 && stat(f, &st) == 0 && S_ISREG(st.st_mode);
}

/* lib/which.ts: PATH's entries in order, an empty one is the current directory. */
static char *which(const char *name) {
	const char *path = getenv("PATH");
	if (!path) path = "";
	const char *s = path;
	for (;;) {
		const char *e = strchr(s, ':');
		size_t k = e ? (size_t)(e - s) : strlen(s);
		char *dir = malloc(k + 1);
		if (!dir) die_oom();
		memcpy(dir, s, k);
		dir[k] = '\0';
		char *d = resolve(g_cwd, k ? dir : ".");
		free(dir);
		struct buf b = {0};
		buf_str(&b, d);
		free(d);
		buf_str(&b, "/");
		buf_str(&b, name);
		char *cand = normalize_abs(b.p);
		free(b.p);
		if (executable_file(cand)) return cand;
		free(cand);
		if (!e) return NULL;
		s = e + 1;
	}
}

/* ---------- words ---------- */

static int valid_utf8(const unsigned char *s) {
	while (*s) {
		if (*s < 0x80) { s++; continue; }
		int n;
		unsigned cp;
		if ((*s & 0xe0) == 0xc0) { n = 1; cp = *s & 0x1f; }
		else if ((*s & 0xf0) == 0xe0) { n = 2; cp = *s & 0x0f; }
		else if ((*s & 0xf8) == 0xf0) { n = 3; cp = *s & 0x07; }
		else return 0;
		for (int i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80) return 0;
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff
			|| (cp >= 0xd800 && cp <= 0xdfff)) return 0;
		s += n + 1;
	}
	return 1;
}

/* lib/shell.ts shQuote: plain if safe, else '...' with ' as '\''. */
static void sh_quote(struct buf *b, const char *w) {
	int plain = *w != '\0';
	for (const char *c = w; *c && plain; c++) {
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || strchr("_@%+=:,./-", *c))) plain = 0;
	}
	if (plain) { buf_str(b, w); return; }
	buf_str(b, "'");
	for (const char *c = w; *c; c++) {
		if (*c == '\'') buf_str(b, "'\\''");
		else buf_add(b, c, 1);
	}
	buf_str(b, "'");
}

/* run/run.ts splitBootOptions: ^unicore\.[a-z][a-z0-9._-]*= */
static int boot_option(const char *w) {
	if (strncmp(w, "unicore.", 8) != 0) return 0;
	const char *c = w + 8;
	if (!(*c >= 'a' && *c <= 'z')) return 0;
	for (c++; *c && *c != '='; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-')) return 0;
	}
	return *c == '=';
}

/* ---------- the image: ISO or not, and its unicore note (lib/elf.ts, lib/notes.ts) ---------- */

struct note { char platform[64]; char name[256]; long mem; int net; int found; };

static uint64_t le(const unsigned char *p, int n) {
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--) v = (v << 8) | p[i];
	return v;
}

#define MAX_NOTES_BYTES (1u << 20)

/* Fills note from the first Unicore note of type 2 in the regions given; 1 if found. */
static int scan_notes(int fd, uint64_t off, uint64_t size, uint64_t align, struct note *note) {
	if (size > MAX_NOTES_BYTES) return -1;
	unsigned char *data = malloc(size ? size : 1);
	if (!data) die_oom();
	ssize_t got = pread(fd, data, size, (off_t)off);
	if (got < 0) got = 0;
	size_t n = (size_t)got;
	uint64_t a = align == 8 ? 8 : 4;
#define PAD(x) (((x) + a - 1) & ~(a - 1))
	size_t at = 0;
	int r = 0;
	while (at + 12 <= n) {
		uint64_t namesz = le(data + at, 4), descsz = le(data + at + 4, 4), type = le(data + at + 8, 4);
		uint64_t name_at = at + 12, desc_at = name_at + PAD(namesz);
		if (desc_at + descsz > n) break;
		/* the name without its trailing NULs */
		uint64_t nl = namesz;
		while (nl > 0 && data[name_at + nl - 1] == 0) nl--;
		if (type == 2 && nl == 7 && memcmp(data + name_at, "Unicore", 7) == 0) {
			/* key=value lines up to the first NUL; the first value of a key wins */
			char *text = malloc(descsz + 1);
			if (!text) die_oom();
			memcpy(text, data + desc_at, descsz);
			text[descsz] = '\0';
			int have_p = 0, have_m = 0, have_n = 0, have_net = 0;
			note->net = 0;
			note->mem = -1;
			char *line = text;
			while (line) {
				char *next = strchr(line, '\n');
				if (next) *next++ = '\0';
				char *eq = strchr(line, '=');
				if (eq && eq > line) {
					*eq = '\0';
					const char *v = eq + 1;
					if (!strcmp(line, "platform") && !have_p) {
						have_p = 1;
						if (strlen(v) >= sizeof note->platform) r = -1; else strcpy(note->platform, v);
					} else if (!strcmp(line, "name") && !have_n) {
						have_n = 1;
						if (strlen(v) >= sizeof note->name) r = -1; else strcpy(note->name, v);
					} else if (!strcmp(line, "mem") && !have_m) {
						have_m = 1;
						/* plain decimal only; anything Number() reads otherwise is Node's to judge */
						size_t k = strlen(v);
						if (k == 0 || k > 7 || v[0] == '0' || strspn(v, "0123456789") != k) r = -1;
						else note->mem = strtol(v, NULL, 10);
					} else if (!strcmp(line, "net") && !have_net) {
						have_net = 1;
						note->net = !strcmp(v, "yes");
					}
				}
				line = next;
			}
			free(text);
			if (!have_p || !have_n || !have_m || !note->platform[0] || !note->name[0]) r = -1;
			if (r == 0) { note->found = 1; r = 1; }
			break;
		}
		at = desc_at + PAD(descsz);
	}
#undef PAD
	free(data);
	return r;
}

/* 1: an image note was read; 0 or -1: not one we can judge (Node's to say why). */
static int read_image_note(int fd, struct note *note) {
	unsigned char h[64];
	if (pread(fd, h, 64, 0) != 64) return -1;
	if (memcmp(h, "\x7f" "ELF", 4) != 0 || h[4] != 2 || h[5] != 1) return -1;
	uint64_t phoff = le(h + 32, 8), shoff = le(h + 40, 8);
	unsigned phentsize = (unsigned)le(h + 54, 2), phnum = (unsigned)le(h + 56, 2);
	unsigned shentsize = (unsigned)le(h + 58, 2), shnum = (unsigned)le(h + 60, 2);
	int sections = shoff && shnum;
	uint64_t toff = sections ? shoff : phoff;
	unsigned num = sections ? shnum : (phoff ? phnum : 0), ent = sections ? shentsize : phentsize;
	if (ent < 56 || (uint64_t)num * ent > MAX_NOTES_BYTES) return -1;
	unsigned char *t = malloc((size_t)num * ent + 1);
	if (!t) die_oom();
	ssize_t got = pread(fd, t, (size_t)num * ent, (off_t)toff);
	if (got < 0 || (size_t)got != (size_t)num * ent) { free(t); return -1; }
	int r = 0;
	for (unsigned i = 0; i < num && r == 0; i++) {
		const unsigned char *e = t + (size_t)i * ent;
		if (sections) {
			if (le(e + 4, 4) != 7) continue;   /* SHT_NOTE */
			r = scan_notes(fd, le(e + 24, 8), le(e + 32, 8), le(e + 48, 8), note);
		} else {
			if (le(e, 4) != 4) continue;   /* PT_NOTE */
			r = scan_notes(fd, le(e + 8, 8), le(e + 32, 8), le(e + 48, 8), note);
		}
	}
	free(t);
	return r;
}

static int is_iso(int fd) {
	char b[5];
	return pread(fd, b, 5, 16 * 2048 + 1) == 5 && memcmp(b, "CD001", 5) == 0;
}

/* ---------- stale files of dead runs (lib/tempdirs.ts, run/boot-log.ts) ---------- */

static int process_alive(const char *digits) {
	if (strlen(digits) > 9) return 0;
	long pid = strtol(digits, NULL, 10);
	if (pid <= 0) return pid == 0;   /* kill(0) is our group: alive, as for Node */
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
	(void)st; (void)ftw;
	if (flag == FTW_DP) rmdir(p); else unlink(p);
	return 0;
}

static void remove_tree(const char *dir) { nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS); }

/* Whether DIGITS (k of them) name a process that is gone and not us (so its leftovers may go). */
static int dead_other(const char *digits, size_t k) {
	char pidtext[16];
	if (k >= sizeof pidtext) return 1;   /* no such pid: Node's process.kill refuses it, so it counts as gone */
	memcpy(pidtext, digits, k);
	pidtext[k] = '\0';
	if (k <= 9 && strtol(pidtext, NULL, 10) == (long)getpid()) return 0;
	return !process_alive(pidtext);
}

/*
 * Calls each(dir/NAME) for the names in dir that stale() takes: the leftovers
 * of runs whose process is gone.
 */
static void remove_stale(const char *dir, int (*stale)(const char *name), void (*each)(const char *path)) {
	DIR *d = opendir(dir);
	if (!d) return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!stale(e->d_name)) continue;
		struct buf p = {0};
		buf_str(&p, dir);
		buf_str(&p, "/");
		buf_str(&p, e->d_name);
		each(p.p);
		free(p.p);
	}
	closedir(d);
}

/* PREFIX-PID-XXXXXX (lib/tempdirs.ts) */
static int stale_scratch(const char *n) {
	size_t pl = strlen(UC_SCRATCH_PREFIX);
	if (strncmp(n, UC_SCRATCH_PREFIX "-", pl + 1) != 0) return 0;
	const char *digits = n + pl + 1;
	size_t k = strspn(digits, "0123456789");
	if (k == 0 || digits[k] != '-' || strlen(digits + k + 1) != 6) return 0;
	for (const char *c = digits + k + 1; *c; c++) {
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))) return 0;
	}
	return dead_other(digits, k);
}

/* A directory of ours only. */
static void remove_scratch(const char *path) {
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid()) remove_tree(path);
}

/* NAME.PID.log (run/boot-log.ts) */
static int stale_log(const char *n) {
	size_t len = strlen(n);
	if (len < 6 || strcmp(n + len - 4, ".log") != 0) return 0;
	size_t end = len - 4, start = end;
	while (start > 0 && n[start - 1] >= '0' && n[start - 1] <= '9') start--;
	if (start == end || start == 0 || n[start - 1] != '.') return 0;
	return dead_other(n + start, end - start);
}

static void remove_file(const char *path) { unlink(path); }

/* ---------- the boot log (run/boot-log.ts) ---------- */

static int log_fd = -1;
static char *log_own, *log_final, *log_file;
static int verbose;
static char *tail_lines[UC_LOG_KEEP];
static int tail_count;

static void make_dirs(const char *dir) {
	char *d = xstrdup(dir);
	for (char *s = d + 1; *s; s++) {
		if (*s != '/') continue;
		*s = '\0';
		mkdir(d, 0777);
		*s = '/';
	}
	mkdir(d, 0777);
	free(d);
}

static void log_open(const char *final) {
	log_final = xstrdup(final);
	struct buf own = {0};
	buf_add(&own, final, strlen(final) - 4);   /* without .log */
	buf_fmt(&own, ".%ld.log", (long)getpid());
	log_own = own.p;
	char *dir = xstrdup(final);
	*strrchr(dir, '/') = '\0';
	make_dirs(dir);
	free(dir);
	unlink(log_own);
	log_fd = open(log_own, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (log_fd >= 0) log_file = log_own;
}

/*
 * One line: escape sequences and control characters (but tab and newline)
 * taken out; latin1 = 1: the bytes are latin1 text (the guest's console, as
 * Node decodes it), written as UTF-8 like Node writes the string.
 */
static void log_add(const char *line, size_t n, int latin1) {
	struct buf c = {0};
	buf_add(&c, "", 0);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)line[i];
		if (ch == 0x1b && i + 1 < n && line[i + 1] == '[') {
			size_t j = i + 2;
			while (j < n && ((line[j] >= '0' && line[j] <= '9') || line[j] == ';' || line[j] == '?')) j++;
			if (j < n && ((line[j] >= 'A' && line[j] <= 'Z') || (line[j] >= 'a' && line[j] <= 'z'))) { i = j; continue; }
		}
		if (ch <= 0x08 || (ch >= 0x0b && ch <= 0x1f)) continue;
		if (latin1 && ch >= 0x80) {
			char u[2] = { (char)(0xc0 | (ch >> 6)), (char)(0x80 | (ch & 0x3f)) };
			buf_add(&c, u, 2);
		} else {
			buf_add(&c, &line[i], 1);
		}
	}
	if (tail_count == UC_LOG_KEEP) {
		free(tail_lines[0]);
		memmove(tail_lines, tail_lines + 1, (UC_LOG_KEEP - 1) * sizeof *tail_lines);
		tail_count--;
	}
	tail_lines[tail_count++] = xstrdup(c.p);
	buf_str(&c, "\n");
	if (log_fd >= 0) (void)!write_all(log_fd, c.p, c.len);
	if (verbose) (void)!write_all(2, c.p, c.len);
	free(c.p);
}

/* A line for the file and --verbose only (not among the last lines an error shows). */
static void log_note(const char *line) {
	if (log_fd >= 0) { (void)!write_all(log_fd, line, strlen(line)); (void)!write_all(log_fd, "\n", 1); }
	if (verbose) { (void)!write_all(2, line, strlen(line)); (void)!write_all(2, "\n", 1); }
}

static void log_close(void) {
	if (log_fd < 0) return;
	close(log_fd);
	log_fd = -1;
	if (rename(log_own, log_final) == 0) log_file = log_final;
}

/* JavaScript's trim() of what a latin1 line can hold (as UTF-8: NBSP is C2 A0). */
static int blank(const char *s) {
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || (c >= 9 && c <= 13)) continue;
		if (c == 0xc2 && (unsigned char)s[1] == 0xa0) { s++; continue; }
		return 0;
	}
	return 1;
}

static void last_lines(struct buf *b) {
	int any = 0;
	for (int i = 0; i < tail_count; i++) {
		if (blank(tail_lines[i])) continue;
		if (any) buf_str(b, "\n");
		buf_str(b, "  | ");
		buf_str(b, tail_lines[i]);
		any = 1;
	}
	if (!any) buf_str(b, "  (the console stayed silent)");
}

/* ---------- the run ---------- */

/* How the run ended (run/ending.ts): the first ending wins. */
enum ending { NOT_YET, BY_STATUS, BY_SIGNAL, BY_CLOSE };
static enum ending ending = NOT_YET;
static int end_status;

static void end_with(enum ending how, int status) {
	if (ending != NOT_YET) return;
	ending = how;
	end_status = status;
}

static volatile sig_atomic_t got_signal;
static int sig_pipe[2] = { -1, -1 };

static void on_signal(int sig) {
	int e = errno;
	if (!got_signal) got_signal = sig;
	(void)!write(sig_pipe[1], "s", 1);
	errno = e;
}

static int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

/* QEMU's exit wakes the loop (waitpid then reaps it). */
static void on_child(int sig) {
	int e = errno;
	(void)sig;
	(void)!write(sig_pipe[1], "c", 1);
	errno = e;
}

/* A console source: QEMU's stdout (COM1) or the virtio-serial channel. */
struct source {
	int fd;          /* -1 once at its end */
	int out_fd;      /* where stdin lines go when it granted the credit */
	struct buf pending;
	int eof;
};

/* The stdin pump (run/stdin-pump.ts). */
static long credit;
static int pump_started, pump_stopped, stdin_eof, eof_sent;
static struct queue stdin_queue;
static int guest_in = -1;   /* where stdin lines go: the source of the latest credit */
static struct queue to_qemu, to_channel;
static int qemu_in = -1, channel_fd = -1;

#define HIGH_WATER UC_STDIN_HIGH_WATER
#define MAX_LINE_DATA ((size_t)((UC_LINE_MAX_WIRE - 1) / 4) * 3)

static size_t data_fitting(long c) { return c < 1 ? 0 : (size_t)((c - 1) / 4) * 3; }
static long wire_size(size_t n) { return (long)((n + 2) / 3) * 4 + 1; }

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static struct queue *guest_queue(void) {
	return guest_in == channel_fd && channel_fd >= 0 ? &to_channel : &to_qemu;
}

/* One stdin line: n bytes of base64 and a newline, encoded straight into the queue. */
static void encode_line(struct queue *q, const unsigned char *s, size_t n) {
	buf_room(&q->b, (size_t)wire_size(n));
	char *o = q->b.p + q->b.len;
	size_t i = 0;
	for (; i + 3 <= n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
		o[0] = B64[v >> 18];
		o[1] = B64[(v >> 12) & 63];
		o[2] = B64[(v >> 6) & 63];
		o[3] = B64[v & 63];
		o += 4;
	}
	if (i < n) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0);
		o[0] = B64[v >> 18];
		o[1] = B64[(v >> 12) & 63];
		o[2] = i + 1 < n ? B64[(v >> 6) & 63] : '=';
		o[3] = '=';
		o += 4;
	}
	*o++ = '\n';
	q->b.len = (size_t)(o - q->b.p);
	q->b.p[q->b.len] = '\0';
}

static void pump_flush(void) {
	if (pump_stopped) return;
	while (credit >= 2) {
		if (q_len(&stdin_queue) > 0) {
			size_t n = q_len(&stdin_queue), fit = data_fitting(credit);
			if (fit < n) n = fit;
			if (MAX_LINE_DATA < n) n = MAX_LINE_DATA;
			if (n == 0) break;
			encode_line(guest_queue(), (const unsigned char *)q_data(&stdin_queue), n);
			q_drop(&stdin_queue, n);
			credit -= wire_size(n);
		} else if (stdin_eof && !eof_sent) {
			q_add(guest_queue(), ".\n", 2);
			credit -= 2;
			eof_sent = 1;
		} else {
			break;
		}
	}
}

static void grant(long bytes, int from_fd) {
	guest_in = from_fd;
	credit += bytes;
	if (!pump_started && !pump_stopped) pump_started = 1;
	pump_flush();
}

/* Our stdout and stderr, in order; a stdout that cannot be written ends the run as SIGPIPE would (141). */
static void write_out(int fd, const unsigned char *p, size_t n) {
	while (n > 0) {
		/* a stop signal ends a write blocked on a reader that does not read, as it ends Node's run */
		if (got_signal) { end_with(BY_SIGNAL, 128 + got_signal); return; }
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR) continue;
		if (w < 0) {
			if (fd == 1) end_with(BY_SIGNAL, 141);
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

/* Output of a run of frames of one stream goes out in one write (as Node's decoder merges them). */
static struct buf outq;
static int outq_fd = -1;

static void out_flush(void) {
	if (outq.len && ending == NOT_YET) write_out(outq_fd, (const unsigned char *)outq.p, outq.len);
	outq.len = 0;
}

static void emit(int fd, const unsigned char *p, size_t n) {
	if (n == 0) return;
	if (fd != outq_fd || outq.len >= 65536) out_flush();
	outq_fd = fd;
	buf_add(&outq, p, n);
}

static signed char B64V[256];

/*
 * run/framed.ts parseLine, and what console-router.ts does with the event;
 * act = 0 (QEMU's stderr): only a line that is no frame counts, as boot log.
 */
static void line_event(char *line, size_t n, struct source *src, int act) {
	if (n > 0 && line[n - 1] == '\r') n--;
	line[n] = '\0';
	if (act && ending != NOT_YET) return;
	/* the last "@UC:" wins */
	size_t at = (size_t)-1;
	for (size_t i = n >= 4 ? n - 4 + 1 : 0; i-- > 0;) {
		if (memcmp(line + i, "@UC:", 4) == 0) { at = i; break; }
	}
	if (at != (size_t)-1) {
		const char *f = line + at + 4;
		size_t k = n - at - 4;
		if (k == 1 && f[0] == 'H') return;
		if (k >= 2 && (f[0] == '1' || f[0] == '2') && f[1] == ':') {
			const unsigned char *d = (const unsigned char *)f + 2;
			size_t m = k - 2, pad = 0, i;
			while (pad < m && pad < 2 && d[m - 1 - pad] == '=') pad++;
			int ok = m % 4 == 0;
			for (i = 0; ok && i < m - pad; i++) if (B64V[d[i]] < 0) ok = 0;
			if (ok) {
				unsigned char *out = malloc(m / 4 * 3 + 1);
				if (!out) die_oom();
				size_t o = 0;
				for (i = 0; i < m; i += 4) {
					int a = B64V[d[i]], b = B64V[d[i + 1]];
					int c = d[i + 2] == '=' ? 0 : B64V[d[i + 2]], e = d[i + 3] == '=' ? 0 : B64V[d[i + 3]];
					out[o++] = (unsigned char)(a << 2 | b >> 4);
					if (d[i + 2] != '=') out[o++] = (unsigned char)((b & 15) << 4 | c >> 2);
					if (d[i + 3] != '=') out[o++] = (unsigned char)((c & 3) << 6 | e);
				}
				if (act) emit(f[0] == '1' ? 1 : 2, out, o);
				free(out);
				return;
			}
		}
		if (k >= 3 && k <= 11 && f[0] == 'R' && f[1] == ':' && strspn(f + 2, "0123456789") == k - 2) {
			char num[16];
			memcpy(num, f + 2, k - 2);
			num[k - 2] = '\0';
			if (act) { out_flush(); grant(strtol(num, NULL, 10), src->out_fd); }
			return;
		}
		if (k >= 3 && k <= 5 && f[0] == 'X' && f[1] == ':' && strspn(f + 2, "0123456789") == k - 2) {
			char num[8];
			memcpy(num, f + 2, k - 2);
			num[k - 2] = '\0';
			if (act) { out_flush(); end_with(BY_STATUS, (int)(strtol(num, NULL, 10) & 255)); }
			return;
		}
	}
	if (act) out_flush();
	log_add(line, n, 1);
}

/* FrameDecoder: lines of the bytes received; a partial last line waits. */
static void feed(struct source *src, char *chunk, size_t n) {
	size_t start = 0;
	for (char *nl = memchr(chunk, '\n', n); nl; nl = memchr(chunk + start, '\n', n - start)) {
		size_t i = (size_t)(nl - chunk);
		if (src->pending.len) {
			buf_add(&src->pending, chunk + start, i - start);
			line_event(src->pending.p, src->pending.len, src, 1);
			src->pending.len = 0;
		} else {
			line_event(chunk + start, i - start, src, 1);   /* it may write a NUL over the newline */
		}
		start = i + 1;
	}
	if (start < n) buf_add(&src->pending, chunk + start, n - start);
	out_flush();
}

/* FrameDecoder.end(): an unterminated last line is boot log. */
static void feed_end(struct source *src) {
	size_t n = src->pending.len;
	if (n && src->pending.p[n - 1] == '\r') n--;
	if (n && ending == NOT_YET) log_add(src->pending.p, n, 1);
	src->pending.len = 0;
}

/* Reads what the source has; at its end (1 returned) it is closed. */
static int read_source(struct source *src, char *chunk, size_t size) {
	ssize_t n = read(src->fd, chunk, size);
	if (n > 0) feed(src, chunk, (size_t)n);
	if (n > 0 || (n < 0 && (errno == EINTR || errno == EAGAIN))) return 0;
	feed_end(src);
	close(src->fd);
	src->fd = -1;
	src->eof = 1;
	return 1;
}

/* QEMU's stderr: its lines go to the log (a last unterminated one does not); its start is kept for errors. */
static struct buf qemu_said, err_pending;

static void feed_stderr(const char *chunk, size_t n) {
	if (qemu_said.len < 4096) buf_add(&qemu_said, chunk, n);
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		if (chunk[i] != '\n') continue;
		buf_add(&err_pending, chunk + start, i - start);
		line_event(err_pending.p, err_pending.len, NULL, 0);
		err_pending.len = 0;
		start = i + 1;
	}
	if (start < n) buf_add(&err_pending, chunk + start, n - start);
}

static const char *signal_name(int s) {
	switch (s) {
	case SIGKILL: return "SIGKILL";
	case SIGTERM: return "SIGTERM";
	case SIGINT: return "SIGINT";
	case SIGHUP: return "SIGHUP";
	case SIGSEGV: return "SIGSEGV";
	case SIGABRT: return "SIGABRT";
	case SIGBUS: return "SIGBUS";
	case SIGILL: return "SIGILL";
	case SIGFPE: return "SIGFPE";
	case SIGQUIT: return "SIGQUIT";
	case SIGPIPE: return "SIGPIPE";
	default: return NULL;
	}
}

static long now_ms(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int set_nonblock(int fd) {
	int fl = fcntl(fd, F_GETFL);
	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* Sends what is queued for the guest without blocking; drops it once the guest is gone. */
static void flush_to(int fd, struct queue *q) {
	while (q_len(q)) {
		ssize_t w = write(fd, q_data(q), q_len(q));
		if (w < 0) {
			if (errno == EINTR) continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK) q_clear(q);
			return;
		}
		q_drop(q, (size_t)w);
	}
}

/* ---------- xen images: Xen in QEMU, the image its PVH dom0 (run/xen.ts) ---------- */

/* Whether this may be a Xen host, where the Node path asks `xl info` and may
 * start a domU instead: xl cannot work without the privcmd device. */
static int xen_host(void) {
	return access("/dev/xen/privcmd", F_OK) == 0 || access("/proc/xen/privcmd", F_OK) == 0;
}

/* The hypervisor the Node path boots (findHypervisor) as the ELF it unpacks
 * into the cache (unpackedHypervisor: NAME-SIZE-MTIMEMS.elf). Anything else
 * ($UNICORE_XEN, another /boot/xen-*.gz, nothing unpacked yet) is Node's. */
static char *xen_hypervisor(const char *cache) {
	const char *explicit = getenv("UNICORE_XEN");
	if (explicit && *explicit) fall_back();
	struct stat st;
	if (stat(UC_XEN_GZ, &st) != 0) fall_back();
	const char *base = strrchr(UC_XEN_GZ, '/') + 1;
	size_t stem = strlen(base) - (sizeof ".gz" - 1);
	long long ms = (long long)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
	struct buf elf = {0};
	buf_fmt(&elf, "%s/%s/%.*s-%lld-%lld.elf", cache, UC_XEN_CACHE, (int)stem, base, (long long)st.st_size, ms);
	char *path = normalize_abs(elf.p);
	free(elf.p);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) fall_back();
	return path;
}

int main(int argc, char **argv) {
	native_start(argc, argv, "UNICORE_RUN_NATIVE");

	/* `run [--verbose] IMAGE [-- REST...]`: anything else is Node's. */
	if (strcmp(argv[2], "run") != 0) fall_back();
	const char *image_arg = NULL;
	int rest = argc;
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--")) { rest = i + 1; break; }
		if (!strcmp(argv[i], "--verbose")) { verbose = 1; continue; }
		if (argv[i][0] == '-' || image_arg) fall_back();
		image_arg = argv[i];
	}
	if (!image_arg) fall_back();
	for (int i = 3; i < argc; i++) if (!valid_utf8((const unsigned char *)argv[i])) fall_back();
	/* leading unicore.KEY=VALUE words are options; a -- after them is dropped */
	int opt_end = rest;
	while (opt_end < argc && boot_option(argv[opt_end])) {
		if (!strncmp(argv[opt_end], "unicore.console=", 16)) fall_back();
		opt_end++;
	}
	int args_from = opt_end < argc && opt_end > rest && !strcmp(argv[opt_end], "--") ? opt_end + 1 : opt_end;

	char cwdbuf[PATH_MAX];
	if (!getcwd(cwdbuf, sizeof cwdbuf)) fall_back();
	g_cwd = cwdbuf;
	char *image = resolve(g_cwd, image_arg);
	struct stat st;
	if (stat(image, &st) != 0 || !S_ISREG(st.st_mode)) fall_back();   /* (a FIFO would block open) */
	int image_fd = open(image, O_RDONLY | O_CLOEXEC);
	if (image_fd < 0) fall_back();
	if (fstat(image_fd, &st) != 0 || !S_ISREG(st.st_mode) || is_iso(image_fd)) fall_back();
	struct note note = {0};
	if (read_image_note(image_fd, &note) != 1) fall_back();
	int limit = -1;
	for (int i = 0; uc_platforms[i]; i++) if (!strcmp(note.platform, uc_platforms[i])) limit = uc_cmdline_limits[i];
	if (limit < 0 || note.net || note.mem < UC_MIN_MEM_MIB) fall_back();
	int is_xen = !strcmp(note.platform, UC_XEN_PLATFORM);
	if (is_xen && xen_host()) fall_back();   /* Node asks xl whether to start a domU */
	for (const char *c = note.name; *c; c++) if ((unsigned char)*c >= 0x80) fall_back();

	/* the boot command line: options, --, the app's arguments, each quoted for sh */
	struct buf cmdline = {0};
	sh_quote(&cmdline, UC_FRAMED);
	for (int i = rest; i < opt_end; i++) { buf_str(&cmdline, " "); sh_quote(&cmdline, argv[i]); }
	buf_str(&cmdline, " --");
	for (int i = args_from; i < argc; i++) { buf_str(&cmdline, " "); sh_quote(&cmdline, argv[i]); }
	if (cmdline.len > (size_t)limit) fall_back();

	char *qemu = which(UC_QEMU);
	if (!qemu) fall_back();
#ifdef __linux__
	/* QEMU dies with us: the child asks the kernel itself (prctl), which is what
	 * the Node path's `setpriv --pdeathsig KILL` does, without setpriv's exec. */
	char *setpriv = NULL;
#else
	char *setpriv = which("setpriv");
#endif

	/* os.tmpdir(); the socket path must fit sun_path */
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp) tmp = getenv("TMP");
	if (!tmp || !*tmp) tmp = getenv("TEMP");
	if (!tmp || !*tmp) tmp = "/tmp";
	if (tmp[0] != '/') fall_back();
	char *tmpdir = normalize_abs(tmp);
	struct sockaddr_un sun;
	if (strlen(tmpdir) + strlen(UC_SCRATCH_PREFIX) + 40 >= sizeof sun.sun_path) fall_back();

	/* the cache directory (run/paths.ts): the boot log's, and the unpacked hypervisor's */
	struct buf cache = {0};
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg && *xdg) {
		if (xdg[0] != '/') fall_back();
		buf_str(&cache, xdg);
	} else {
		const char *home = getenv("HOME");
		if (!home || !*home) {
			struct passwd *pw = getpwuid(getuid());
			home = pw ? pw->pw_dir : NULL;
		}
		if (!home || home[0] != '/') fall_back();
		buf_str(&cache, home);
		buf_str(&cache, "/.cache");
	}
	buf_str(&cache, "/unicore");
	struct buf logs = {0};
	buf_fmt(&logs, "%s/logs", cache.p);
	char *logdir = normalize_abs(logs.p);
	char *xen_elf = is_xen ? xen_hypervisor(cache.p) : NULL;

	remove_stale(tmpdir, stale_scratch, remove_scratch);
	struct buf sc = {0};
	buf_fmt(&sc, "%s/%s-%ld-XXXXXX", strcmp(tmpdir, "/") ? tmpdir : "", UC_SCRATCH_PREFIX, (long)getpid());
	char *scratch = mkdtemp(sc.p);
	if (!scratch) {
		fall_back();   /* Node says what is wrong with TMPDIR */
	}
	/* From here on the run is ours: signals end it as they end the Node path's. */
	signal(SIGPIPE, SIG_IGN);
	if (pipe(sig_pipe) != 0) { remove_tree(scratch); fall_back(); }
	fcntl(sig_pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(sig_pipe[1], F_SETFD, FD_CLOEXEC);
	set_nonblock(sig_pipe[0]);
	set_nonblock(sig_pipe[1]);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++) sigaction(stop_signals[i], &sa, NULL);
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, NULL);


	remove_stale(logdir, stale_log, remove_file);
	{
		char safe[sizeof note.name];
		strcpy(safe, note.name);
		for (char *c = safe; *c; c++) {
			if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-')) *c = '_';
		}
		struct buf f = {0};
		buf_fmt(&f, "%s/%s.log", logdir, safe);
		log_open(f.p);
		free(f.p);
	}

	/* QEMU's argv from the rendered template */
	struct buf sock = {0};
	buf_fmt(&sock, "%s/channel.sock", scratch);
	char memtext[24], dom0text[24];
	snprintf(dom0text, sizeof dom0text, "%ld", note.mem);
	/* xen: QEMU's memory is xenQemuMemMiB's (run/xen.ts) */
	snprintf(memtext, sizeof memtext, "%ld", is_xen
		? note.mem + UC_XEN_OVERHEAD_MIB + (note.mem + UC_XEN_PER_DOM0_MIB - 1) / UC_XEN_PER_DOM0_MIB : note.mem);
	/* xen: the command line is the module's, where commas separate modules: each is written twice (xenModule) */
	struct buf append = {0};
	if (is_xen) {
		for (const char *c = cmdline.p; *c; c++) buf_add(&append, *c == ',' ? ",," : c, *c == ',' ? 2 : 1);
	} else {
		buf_str(&append, cmdline.p);
	}
	const char *const *template = is_xen ? uc_xen_qemu_argv : uc_qemu_argv;
	size_t nq = 0;
	while (template[nq]) nq++;
	char **qargs = calloc(nq + 6, sizeof *qargs);
	if (!qargs) die_oom();
	size_t qa = 0;
	if (setpriv) { qargs[qa++] = setpriv; qargs[qa++] = "--pdeathsig"; qargs[qa++] = "KILL"; qargs[qa++] = "--"; }
	else qargs[qa++] = qemu;
	if (setpriv) qargs[qa++] = qemu;
	struct buf line = {0};
	buf_fmt(&line, "$ %s", qemu);
	for (size_t i = 0; i < nq; i++) {
		const char *t = template[i];
		static const char *const marks[] = { UC_MARK_MEM, UC_MARK_SOCKET, UC_MARK_APPEND, UC_MARK_DOM0_MEM, UC_MARK_XEN };
		const char *values[] = { memtext, sock.p, append.p, dom0text, xen_elf };
		char *word = NULL;
		for (int k = 0; k < 5 && !word; k++) {
			const char *m = strstr(t, marks[k]);
			if (!m) continue;
			struct buf w = {0};
			buf_add(&w, t, (size_t)(m - t));
			buf_str(&w, values[k]);
			buf_str(&w, m + strlen(marks[k]));
			word = w.p;
		}
		if (!word) word = xstrdup(t);
		qargs[qa++] = word;
		buf_str(&line, " ");
		buf_str(&line, word);
	}
	qargs[qa] = NULL;
	buf_fmt(&line, "  (%s: %s)", UC_IMAGE_FD_PATH, image);
	log_add(line.p, line.len, 0);
	log_note("unicore run: the native launcher (UNICORE_RUN_NATIVE=0 runs the Node CLI instead)");

	for (int i = 0; i < 256; i++) B64V[i] = -1;
	for (int i = 0; i < 64; i++) B64V[(unsigned char)B64[i]] = (signed char)i;

	/* the channel: listening before QEMU connects */
	int listener = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, sock.p);
	if (listener < 0 || bind(listener, (struct sockaddr *)&sun, sizeof sun) != 0 || listen(listener, 511) != 0) {
		fprintf(stderr, "unicore run: cannot listen on %s: %s\n", sock.p, strerror(errno));
		remove_tree(scratch);
		return 1;
	}
	fcntl(listener, F_SETFD, FD_CLOEXEC);
	set_nonblock(listener);

	/* QEMU, on socketpairs like Node's stdio pipes, the image as fd 3 */
	int in_sp[2], out_sp[2], err_sp[2], exec_pipe[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, in_sp) || socketpair(AF_UNIX, SOCK_STREAM, 0, out_sp)
		|| socketpair(AF_UNIX, SOCK_STREAM, 0, err_sp) || pipe(exec_pipe)) {
		fprintf(stderr, "unicore run: cannot start %s: %s\n", qemu, strerror(errno));
		remove_tree(scratch);
		return 1;
	}
	/* all close-on-exec: QEMU gets only what the child puts at 0..3 */
	int ours[] = { in_sp[0], out_sp[0], err_sp[0], in_sp[1], out_sp[1], err_sp[1], exec_pipe[0], exec_pipe[1] };
	for (size_t i = 0; i < sizeof ours / sizeof *ours; i++) fcntl(ours[i], F_SETFD, FD_CLOEXEC);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
#ifdef __linux__
		/* killed when we die; if we died already, go now */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(127);
#else
		(void)parent;
#endif
		int fds[4] = { in_sp[1], out_sp[1], err_sp[1], image_fd };
		/* out of the way of 0..3 first */
		for (int i = 0; i < 4; i++) {
			int d = fcntl(fds[i], F_DUPFD_CLOEXEC, 10);
			fds[i] = d;
		}
		for (int i = 0; i < 4; i++) dup2(fds[i], i);   /* dup2 clears close-on-exec */
		struct sigaction dfl;
		memset(&dfl, 0, sizeof dfl);
		dfl.sa_handler = SIG_DFL;
		for (int s = 1; s < 32; s++) if (s != SIGKILL && s != SIGSTOP) sigaction(s, &dfl, NULL);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execv(qargs[0], qargs);
		int e = errno;
		(void)!write(exec_pipe[1], &e, sizeof e);
		_exit(127);
	}
	close(exec_pipe[1]);
	close(in_sp[1]);
	close(out_sp[1]);
	close(err_sp[1]);
	int spawn_errno = 0;
	if (pid < 0) spawn_errno = errno;
	else {
		int e;
		ssize_t r;
		while ((r = read(exec_pipe[0], &e, sizeof e)) < 0 && errno == EINTR) {}
		if (r == (ssize_t)sizeof e) spawn_errno = e;
	}
	close(exec_pipe[0]);

	qemu_in = in_sp[0];
	set_nonblock(qemu_in);
	struct source com1 = { out_sp[0], in_sp[0], {0}, 0 };
	struct source chan = { -1, -1, {0}, 0 };
	int err_fd = err_sp[0];
	int reaped = spawn_errno != 0, qemu_status = 0;
	int closed_at_all = 0;   /* QEMU's process closed (exited, stdout and stderr at their end) */
	if (spawn_errno) { close(com1.fd); com1.fd = -1; close(err_fd); err_fd = -1; }
	long drain_until = -1;
	long kill_deadline = -1;
	char chunk[65536];

	for (;;) {
		/* QEMU has closed: its channel is read to its end (3 s at most), then the run ends */
		if (!closed_at_all && reaped && com1.fd < 0 && err_fd < 0) {
			closed_at_all = 1;
			if (ending == NOT_YET) drain_until = now_ms() + 3000;
		}
		if (closed_at_all && ending == NOT_YET && (chan.fd < 0 || now_ms() >= drain_until)) {
			end_with(BY_CLOSE, 0);
		}
		if (ending != NOT_YET) {
			if (kill_deadline < 0) {
				pump_stopped = 1;
				for (int i = 0; i < 3; i++) signal(stop_signals[i], SIG_DFL);
				if (!reaped && pid > 0) kill(pid, SIGKILL);
				kill_deadline = now_ms() + 3000;
			}
			if (closed_at_all || now_ms() >= kill_deadline) break;
		}

		struct pollfd p[8];
		int np = 0, i_sig = -1, i_com1 = -1, i_err = -1, i_lis = -1, i_chan = -1, i_in = -1, i_qin = -1, i_cout = -1;
		p[np] = (struct pollfd){ sig_pipe[0], POLLIN, 0 }; i_sig = np++;
		if (com1.fd >= 0) { p[np] = (struct pollfd){ com1.fd, POLLIN, 0 }; i_com1 = np++; }
		if (err_fd >= 0) { p[np] = (struct pollfd){ err_fd, POLLIN, 0 }; i_err = np++; }
		if (listener >= 0) { p[np] = (struct pollfd){ listener, POLLIN, 0 }; i_lis = np++; }
		if (chan.fd >= 0) {
			p[np] = (struct pollfd){ chan.fd, (short)(POLLIN | (q_len(&to_channel) ? POLLOUT : 0)), 0 };
			i_chan = np++;
		}
		if (pump_started && !pump_stopped && !stdin_eof && q_len(&stdin_queue) <= HIGH_WATER) {
			p[np] = (struct pollfd){ 0, POLLIN, 0 }; i_in = np++;
		}
		if (q_len(&to_qemu) && qemu_in >= 0) { p[np] = (struct pollfd){ qemu_in, POLLOUT, 0 }; i_qin = np++; }
		(void)i_cout;
		int timeout = -1;
		long now = now_ms();
		if (drain_until >= 0 && ending == NOT_YET) timeout = drain_until > now ? (int)(drain_until - now) : 0;
		if (kill_deadline >= 0) timeout = kill_deadline > now ? (int)(kill_deadline - now) : 0;
		int r = poll(p, (nfds_t)np, timeout);
		if (r < 0 && errno != EINTR) break;

		if (!reaped && pid > 0) {
			int ws;
			pid_t w = waitpid(pid, &ws, WNOHANG);
			if (w == pid) { reaped = 1; qemu_status = ws; }
		}
		if (r <= 0) {
			if (got_signal && ending == NOT_YET) end_with(BY_SIGNAL, 128 + got_signal);
			continue;
		}
		if (p[i_sig].revents) {
			char s[16];
			while (read(sig_pipe[0], s, sizeof s) > 0) {}
			if (got_signal) end_with(BY_SIGNAL, 128 + got_signal);
		}
		if (i_com1 >= 0 && p[i_com1].revents) read_source(&com1, chunk, sizeof chunk);
		if (i_err >= 0 && p[i_err].revents) {
			ssize_t n = read(err_fd, chunk, sizeof chunk);
			if (n > 0) feed_stderr(chunk, (size_t)n);
			else if (n == 0 || (errno != EINTR && errno != EAGAIN)) { close(err_fd); err_fd = -1; }
		}
		if (i_lis >= 0 && p[i_lis].revents) {
			int c = accept(listener, NULL, NULL);
			if (c >= 0) {
				if (channel_fd >= 0 || chan.eof) close(c);   /* one connection only */
				else {
					fcntl(c, F_SETFD, FD_CLOEXEC);
					set_nonblock(c);
					channel_fd = chan.fd = chan.out_fd = c;
				}
			}
		}
		if (i_chan >= 0 && p[i_chan].revents) {
			if (p[i_chan].revents & POLLOUT) flush_to(chan.fd, &to_channel);
			if ((p[i_chan].revents & (POLLIN | POLLHUP | POLLERR)) && read_source(&chan, chunk, sizeof chunk)) q_clear(&to_channel);
		}
		if (i_in >= 0 && p[i_in].revents && !pump_stopped) {
			ssize_t n = read(0, chunk, sizeof chunk);
			if (n > 0) q_add(&stdin_queue, chunk, (size_t)n);
			else if (n == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) stdin_eof = 1;
			pump_flush();
		}
		if (i_qin >= 0 && p[i_qin].revents) {
			if (p[i_qin].revents & (POLLERR | POLLHUP)) q_clear(&to_qemu);
			else flush_to(qemu_in, &to_qemu);
		}
		if (q_len(&to_qemu) && qemu_in >= 0) flush_to(qemu_in, &to_qemu);
		if (q_len(&to_channel) && chan.fd >= 0) flush_to(chan.fd, &to_channel);
	}

	/* the run is over: QEMU is gone (or given up on), the sockets close, the log gets its name */
	if (listener >= 0) close(listener);
	if (chan.fd >= 0) close(chan.fd);
	log_close();
	int status = end_status;
	struct buf error = {0};
	if (ending == BY_CLOSE) {
		if (spawn_errno) {
			const char *en = spawn_errno == ENOENT ? "ENOENT" : spawn_errno == EACCES ? "EACCES" : strerror(spawn_errno);
			buf_fmt(&error, "cannot start %s: spawn %s %s", qemu, qargs[0], en);
			status = 1;
		} else {
			int code = WIFEXITED(qemu_status) ? WEXITSTATUS(qemu_status) : -1;
			int sig = WIFSIGNALED(qemu_status) ? WTERMSIG(qemu_status) : 0;
			/* a line of QEMU's own on stderr (not a warning) with exit code 1 */
			const char *qemu_error = NULL;
			size_t qemu_error_len = 0;
			for (char *s = qemu_said.p; s && *s;) {
				char *e = strchr(s, '\n');
				size_t k = e ? (size_t)(e - s) : strlen(s);
				if (!strncmp(s, "qemu-system-", 12)) {
					size_t j = 12;
					while (j < k && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9') || s[j] == '_')) j++;
					int warning = 0;
					for (size_t q = 0; q + 7 <= k; q++) if (!strncasecmp(s + q, "warning", 7)) warning = 1;
					if (j > 12 && j + 1 < k + 1 && s[j] == ':' && j + 1 < k && s[j + 1] == ' ' && !warning) {
						qemu_error = s;
						qemu_error_len = k;
						break;
					}
				}
				s = e ? e + 1 : NULL;
			}
			if (qemu_error && code == 1) {
				buf_add(&error, qemu_error, qemu_error_len);
				status = 1;
			} else if (code >= 0 && code % 2 == 1) {
				status = (code >> 1) & 255;
			} else {
				const char *base = strrchr(qemu, '/') ? strrchr(qemu, '/') + 1 : qemu;
				buf_fmt(&error, "the guest stopped without reporting an exit status (%s ", base);
				if (sig) {
					const char *nm = signal_name(sig);
					if (nm) buf_fmt(&error, "was killed by %s", nm); else buf_fmt(&error, "was killed by signal %d", sig);
				} else {
					buf_fmt(&error, "exited with code %d", code);
				}
				buf_str(&error, "); the last lines of its console:\n");
				last_lines(&error);
				if (log_file) buf_fmt(&error, "\n(whole log: %s)", log_file);
				status = 1;
			}
		}
	}
	if (error.len) {
		struct buf m = {0};
		buf_str(&m, "unicore run: ");
		buf_add(&m, error.p, error.len);
		buf_str(&m, "\n");
		(void)!write_all(2, m.p, m.len);
	}
	close(image_fd);
	remove_tree(scratch);
	return status;
}
