/*
 * unicore-bake: the native helper of unicore-bake (docs/architecture.md,
 * "unicore-bake: the two paths"). The prefix's sh launcher execs it as
 *
 *     unicore-bake NODE_SCRIPT ARGS...
 *
 * It bakes the plain case itself: `unicore-bake [--verbose] PLATFORM PROGRAM
 * [-o OUT]` where PROGRAM is a program linked by a wrapper (it holds its
 * fermented object in the .unicore.program section) or a fermented object,
 * built by this very toolchain. Anything else, and anything it is not sure
 * of, execs `node NODE_SCRIPT ARGS...`: the Node CLI, which gives today's
 * behaviour and messages. A tool that fails sends the bake to Node too (which
 * runs it again and reports it). What it does mirrors bake/bake.ts (bake),
 * bake/inputs.ts, bake/link.ts and lib/notes.ts step for step, so the image is
 * the same file byte for byte; the fixed data (argv of as and ld, the
 * baked-data template, names, notes, sizes, toolchain.json's text) comes from
 * those modules through unicore-bake.h, which `unicore setup` writes
 * (bake/native.ts).
 *
 * POSIX C99 and libc only.
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unicore-bake.h"
#define UC_SELF "unicore-bake"
#define UC_CLI "unicore-bake"
#include "unicore-native.h"

/* ---------- small helpers ---------- */

static char *cat(const char *a, const char *b, const char *c) {
	struct buf o = {0};
	buf_str(&o, a);
	buf_str(&o, b);
	buf_str(&o, c);
	return o.p;
}

/* s with every occurrence of each marks[i] replaced by values[i] (marks end with NULL). */
static char *subst(const char *s, const char *const *marks, const char *const *values) {
	struct buf o = {0};
	buf_str(&o, "");
	while (*s) {
		int hit = -1;
		for (int i = 0; marks[i]; i++) {
			if (!strncmp(s, marks[i], strlen(marks[i]))) { hit = i; break; }
		}
		if (hit >= 0) {
			buf_str(&o, values[hit]);
			s += strlen(marks[hit]);
		} else {
			buf_add(&o, s, 1);
			s++;
		}
	}
	return o.p;
}

/* A new file with these bytes; -1 on failure. */
static int write_file(const char *path, const void *data, size_t n) {
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) return -1;
	int r = write_all(fd, data, n);
	if (close(fd) != 0) r = -1;
	return r;
}

/* The whole file in memory; NULL on failure. */
static unsigned char *read_file(int fd, size_t *size) {
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size < 0) return NULL;
	size_t n = (size_t)st.st_size;
	unsigned char *data = malloc(n ? n : 1);
	if (!data) die_oom();
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, data + got, n - got, (off_t)got);
		if (r < 0 && errno == EINTR) continue;
		if (r <= 0) { free(data); return NULL; }
		got += (size_t)r;
	}
	*size = n;
	return data;
}

/* The whole file mapped (read-only): pages are read as they are touched; NULL on failure or an empty file. */
static unsigned char *map_file(const char *path, size_t *size, struct stat *st) {
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return NULL;
	void *p = MAP_FAILED;
	if (fstat(fd, st) == 0 && S_ISREG(st->st_mode) && st->st_size > 0 && (uintmax_t)st->st_size <= SIZE_MAX) {
		*size = (size_t)st->st_size;
		p = mmap(NULL, *size, PROT_READ, MAP_PRIVATE, fd, 0);
	}
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

/* ---------- the fallback: the Node CLI with the very same argv ---------- */

static char *g_work;    /* the work directory, once made */

static void remove_work(void) {
	if (!g_work) return;
	DIR *d = opendir(g_work);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
			char *p = cat(g_work, "/", e->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(g_work);
	g_work = NULL;
}

static void check_signal(void);

static void fall_back(void) {
	check_signal();
	remove_work();
	exec_node();
}

/* ---------- signals: as bake's onStopSignals, the work directory goes, status 128 + N ---------- */

static volatile sig_atomic_t g_signal;
static volatile pid_t g_child;

static void on_stop_signal(int sig) {
	g_signal = sig;
	/* the tool goes first, so that nothing writes into the directory being removed */
	if (g_child > 0) kill(g_child, SIGKILL);
}

static void check_signal(void) {
	if (!g_signal) return;
	remove_work();
	exit(128 + g_signal);
}

static const int STOP_SIGNALS[] = { SIGINT, SIGTERM, SIGHUP };

/* ---------- running a tool, as bake/link.ts's runTool (output kept from the terminal) ---------- */

/* Starts a tool (stdio on /dev/null, LC_ALL=C, in cwd if given); its pid, or -1. */
static pid_t start_tool(char *const *argv, const char *cwd) {
	pid_t pid = fork();
	if (pid < 0) return -1;
	if (pid == 0) {
		for (size_t i = 0; i < sizeof STOP_SIGNALS / sizeof STOP_SIGNALS[0]; i++) signal(STOP_SIGNALS[i], SIG_DFL);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		int null = open("/dev/null", O_RDWR);
		if (null < 0) _exit(127);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		if (null > 2) close(null);
		if (cwd && chdir(cwd) != 0) _exit(127);
		if (setenv("LC_ALL", "C", 1) != 0) _exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	g_child = pid;
	if (g_signal) kill(pid, SIGKILL);
	return pid;
}

/* 0 when the tool exited with status 0; a stop signal meanwhile ends the bake. */
static int wait_tool(pid_t pid) {
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) { g_child = 0; return -1; }
	}
	g_child = 0;
	check_signal();
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* ---------- ELF64, as lib/elf.ts and lib/notes.ts read it ---------- */

static uint16_t u16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t u32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t u64(const unsigned char *p) { return (uint64_t)u32(p) | (uint64_t)u32(p + 4) << 32; }

#define SHT_NOTE 7
#define PT_LOAD 1

struct elf {
	const unsigned char *data;
	size_t size;
	unsigned type, machine;
	uint64_t shoff;
	unsigned shnum, shstrndx;
};

/* 1 for a little-endian ELF64 file whose section table is whole; else 0 (Node's business). */
static int elf_open(struct elf *e, const unsigned char *data, size_t size) {
	if (size < 64 || memcmp(data, "\177ELF", 4) != 0 || data[4] != 2 || data[5] != 1) return 0;
	e->data = data;
	e->size = size;
	e->type = u16(data + 16);
	e->machine = u16(data + 18);
	e->shoff = u64(data + 40);
	e->shnum = u16(data + 60);
	e->shstrndx = u16(data + 62);
	if (!e->shoff || !e->shnum || u16(data + 58) != 64) return 0;
	if (e->shoff > size || (size - e->shoff) / 64 < e->shnum) return 0;
	return 1;
}

static const unsigned char *section(const struct elf *e, unsigned i) { return e->data + e->shoff + (uint64_t)i * 64; }

/* Section i's bytes, if they lie within the file. */
static int section_bytes(const struct elf *e, unsigned i, uint64_t *off, uint64_t *size) {
	const unsigned char *sh = section(e, i);
	*off = u64(sh + 24);
	*size = u64(sh + 32);
	return *off <= e->size && *size <= e->size - *off;
}

/*
 * Calls fn on each note of the file's SHT_NOTE sections, in order, as
 * parseNotes() splits them; 0 if a note section lies outside the file.
 * fn returns nonzero to stop.
 */
typedef int note_fn(void *ctx, const unsigned char *name, uint32_t namesz, uint32_t type, const unsigned char *desc, uint32_t descsz);

static int each_note(const struct elf *e, note_fn *fn, void *ctx) {
	for (unsigned i = 0; i < e->shnum; i++) {
		const unsigned char *sh = section(e, i);
		if (u32(sh + 4) != SHT_NOTE) continue;
		uint64_t off, size;
		if (!section_bytes(e, i, &off, &size)) return 0;
		uint64_t align = u64(sh + 48) == 8 ? 8 : 4;
		const unsigned char *d = e->data + off;
		uint64_t at = 0;
		while (at + 12 <= size) {
			uint32_t namesz = u32(d + at), descsz = u32(d + at + 4), type = u32(d + at + 8);
			uint64_t name_at = at + 12;
			uint64_t desc_at = name_at + ((namesz + align - 1) & ~(align - 1));
			if (desc_at + descsz > size) break;   /* truncated: Node keeps what was whole */
			if (fn(ctx, d + name_at, namesz, type, d + desc_at, descsz)) return 1;
			at = desc_at + ((descsz + align - 1) & ~(align - 1));
		}
	}
	return 1;
}

/* The owner name, as Node compares it: latin1, trailing NULs dropped. */
static int is_unicore(const unsigned char *name, uint32_t namesz) {
	while (namesz > 0 && name[namesz - 1] == 0) namesz--;
	return namesz == strlen(UB_NOTE_OWNER) && !memcmp(name, UB_NOTE_OWNER, namesz);
}

/* The first Unicore note of each type the bake looks at. */
struct notes {
	const unsigned char *recipe, *image;
	uint32_t recipe_size, image_size;
	int net;
};

static int note_collect(void *ctx, const unsigned char *name, uint32_t namesz, uint32_t type, const unsigned char *desc, uint32_t descsz) {
	struct notes *n = ctx;
	if (!is_unicore(name, namesz)) return 0;
	if (type == UB_NOTE_RECIPE && !n->recipe) { n->recipe = desc; n->recipe_size = descsz; }
	if (type == UB_NOTE_IMAGE && !n->image) { n->image = desc; n->image_size = descsz; }
	if (type == UB_NOTE_NET) n->net = 1;
	return 0;
}

static int read_notes(const struct elf *e, struct notes *n) {
	memset(n, 0, sizeof *n);
	return each_note(e, note_collect, n);
}

/*
 * The value of KEY in a note's `key=value` lines (parseKeyValues: up to the
 * first NUL, the first line with the key wins), copied; NULL if absent. Sets
 * *odd for text that is not plain ASCII (Node would decode it as UTF-8).
 */
static char *note_value(const unsigned char *desc, uint32_t size, const char *key, int *odd) {
	uint32_t end = 0;
	while (end < size && desc[end]) end++;
	for (uint32_t i = 0; i < end; i++) if (desc[i] >= 0x80) *odd = 1;
	size_t klen = strlen(key);
	uint32_t at = 0;
	while (at <= end) {
		uint32_t eol = at;
		while (eol < end && desc[eol] != '\n') eol++;
		if (eol - at > klen && !memcmp(desc + at, key, klen) && desc[at + klen] == '=') {
			char *v = malloc(eol - at - klen);
			if (!v) die_oom();
			memcpy(v, desc + at + klen + 1, eol - at - klen - 1);
			v[eol - at - klen - 1] = '\0';
			return v;
		}
		/* a line whose '=' comes before the key's length has another key: go on */
		at = eol + 1;
	}
	return NULL;
}

/* The first section named NAME (findSection). */
static int find_section(const struct elf *e, const char *name, uint64_t *off, uint64_t *size) {
	if (e->shstrndx >= e->shnum) return 0;
	uint64_t soff, ssize;
	if (!section_bytes(e, e->shstrndx, &soff, &ssize)) return 0;
	const char *strtab = (const char *)e->data + soff;
	size_t nlen = strlen(name);
	for (unsigned i = 0; i < e->shnum; i++) {
		uint32_t at = u32(section(e, i));
		if (at >= ssize) continue;
		if (ssize - at >= nlen + 1 && !memcmp(strtab + at, name, nlen) && strtab[at + nlen] == '\0') {
			return section_bytes(e, i, off, size);
		}
		if (ssize - at == nlen && !memcmp(strtab + at, name, nlen)) return section_bytes(e, i, off, size);
	}
	return 0;
}

/* ---------- the bake ---------- */

static int g_verbose;

/* The plain decimal text of n. */
static char *decimal(unsigned long n) {
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%lu", n);
	char *d = strdup(tmp);
	if (!d) die_oom();
	return d;
}

/* asmBytes (bake/baked-data.ts): `.byte` lines, 16 to a line. */
static char *asm_bytes(const unsigned char *bytes, size_t n) {
	struct buf o = {0};
	buf_str(&o, "");
	for (size_t at = 0; at < n; at += 16) {
		if (at) buf_str(&o, "\n");
		buf_str(&o, "\t.byte ");
		for (size_t i = at; i < n && i < at + 16; i++) {
			char hex[8];
			snprintf(hex, sizeof hex, "%s0x%02x", i == at ? "" : ",", bytes[i]);
			buf_str(&o, hex);
		}
	}
	return o.p;
}

/* asm_bytes of a string and its NUL. */
static char *asm_cstring(const char *s) { return asm_bytes((const unsigned char *)s, strlen(s) + 1); }

struct bake {
	const char *prefix, *platform, *program, *name;
	int net;
	char *baked_o, *image;
	/* the fermented object still to be written to program (a section of the input), while as runs */
	const unsigned char *pending;
	size_t pending_size;
};

/* Writes baked.S for MEM, assembles it and links the image; 0 when both tools succeeded. */
static int link_image(struct bake *b, unsigned long mem) {
	char *mem_text = decimal(mem);
	const char *note_marks[] = { UB_MARK_PLATFORM, UB_MARK_MEM, UB_MARK_NAME, NULL };
	const char *note_values[] = { b->platform, mem_text, b->name };
	char *note = subst(ub_note_text[b->net ? 1 : 0], note_marks, note_values);
	char *note_bytes = asm_bytes((const unsigned char *)note, strlen(note) + 1);
	char *cmdline_bytes = asm_cstring("");
	char *progname_bytes = asm_cstring(b->name);
	const char *asm_marks[] = { UB_MARK_NOTE_BYTES, UB_MARK_CMDLINE_BYTES, UB_MARK_PROGNAME_BYTES, NULL };
	const char *asm_values[] = { note_bytes, cmdline_bytes, progname_bytes };
	char *source = subst(ub_baked_asm, asm_marks, asm_values);
	char *source_path = cat(g_work, "/", UB_FILE_SOURCE);
	int r = write_file(source_path, source, strlen(source));
	free(mem_text); free(note); free(note_bytes); free(cmdline_bytes); free(progname_bytes); free(source); free(source_path);
	if (r != 0) return -1;

	const char *marks[] = { UB_MARK_PREFIX, UB_MARK_PLATFORM, UB_MARK_PROGRAM, UB_MARK_BAKED_DATA, UB_MARK_IMAGE, NULL };
	const char *values[] = { b->prefix, b->platform, b->program, b->baked_o, b->image };
	char *as_argv[sizeof ub_as_argv / sizeof ub_as_argv[0]];
	for (size_t i = 0; ub_as_argv[i]; i++) as_argv[i] = subst(ub_as_argv[i], marks, values);
	as_argv[sizeof ub_as_argv / sizeof ub_as_argv[0] - 1] = NULL;
	char *ld_argv[sizeof ub_ld_argv / sizeof ub_ld_argv[0]];
	for (size_t i = 0; ub_ld_argv[i]; i++) ld_argv[i] = subst(ub_ld_argv[i], marks, values);
	ld_argv[sizeof ub_ld_argv / sizeof ub_ld_argv[0] - 1] = NULL;
	pid_t as = start_tool(as_argv, g_work);
	r = as < 0 ? -1 : 0;
	if (r == 0 && b->pending) {
		/* fermentedObject's copy, made while as runs */
		if (write_file(b->program, b->pending, b->pending_size) != 0) r = -1;
		b->pending = NULL;
	}
	if (as >= 0 && wait_tool(as) != 0) r = -1;
	if (r == 0) {
		pid_t ld = start_tool(ld_argv, NULL);
		r = ld < 0 ? -1 : wait_tool(ld);
	}
	for (size_t i = 0; as_argv[i]; i++) free(as_argv[i]);
	for (size_t i = 0; ld_argv[i]; i++) free(ld_argv[i]);
	return r;
}

/* The image's loadEnd (highest p_paddr + p_memsz of a PT_LOAD) and whether it holds a sound image note; 0 if unsure. */
static int check_image(const char *path, uint64_t *load_end) {
	size_t size;
	struct stat st;
	unsigned char *data = map_file(path, &size, &st);
	if (!data) return 0;
	struct elf e;
	struct notes n;
	int ok = elf_open(&e, data, size) && read_notes(&e, &n) && n.image;
	if (ok) {
		/* findImageNote: platform, mem (a whole number > 0) and name */
		int odd = 0;
		char *platform = note_value(n.image, n.image_size, "platform", &odd);
		char *mem = note_value(n.image, n.image_size, "mem", &odd);
		char *name = note_value(n.image, n.image_size, "name", &odd);
		ok = !odd && platform && *platform && mem && *mem && name && *name && strspn(mem, "0123456789") == strlen(mem) && mem[0] != '0';
		free(platform); free(mem); free(name);
	}
	if (ok) {
		uint64_t phoff = u64(data + 32);
		unsigned phnum = u16(data + 56);
		ok = u16(data + 54) == 56 && phoff <= size && (size - phoff) / 56 >= phnum;
		*load_end = 0;
		for (unsigned i = 0; ok && i < phnum; i++) {
			const unsigned char *ph = data + phoff + (uint64_t)i * 56;
			if (u32(ph) != PT_LOAD) continue;
			uint64_t end = u64(ph + 24) + u64(ph + 40);
			if (end > *load_end) *load_end = end;
		}
	}
	munmap(data, size);
	return ok;
}

/* programName (bake/options.ts): the base name without its extension; NULL when unsure (Node's business). */
static char *program_name(const char *input) {
	size_t n = strlen(input);
	if (!n || input[n - 1] == '/') return NULL;
	const char *base = strrchr(input, '/');
	base = base ? base + 1 : input;
	if (base[0] == '.') return NULL;
	char *name = strdup(base);
	if (!name) die_oom();
	char *dot = strrchr(name, '.');
	if (dot && dot != name) *dot = '\0';
	return name;
}

/* The directory part of a path, as path.dirname gives it for the plain names we take. */
static char *dir_name(const char *p) {
	const char *slash = strrchr(p, '/');
	if (!slash) return strdup(".");
	if (slash == p) return strdup("/");
	char *d = strndup(p, (size_t)(slash - p));
	if (!d) die_oom();
	return d;
}

/* A word Node would read as it is: printable ASCII. */
static int plain_word(const char *s) {
	for (; *s; s++) if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f) return 0;
	return 1;
}

/* "/../" or a final "/.." or a leading "../": path.resolve and the kernel may disagree (symbolic links). */
static int has_dotdot(const char *p) {
	for (const char *s = p; (s = strstr(s, "..")) != NULL; s += 2) {
		if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/')) return 1;
	}
	return 0;
}

/* The prefix the Node CLI would use: the one NODE_SCRIPT is installed in, unless $UNICORE_PREFIX names another. */
static char *find_prefix(const char *script) {
	char real[PATH_MAX];
	if (!realpath(script, real)) return NULL;
	const char *marker = "/lib/unicore/node/";
	char *at = NULL;
	for (char *s = real; (s = strstr(s, marker)) != NULL; s++) at = s;
	if (!at || at == real) return NULL;
	*at = '\0';
	const char *env = getenv("UNICORE_PREFIX");
	if (env && *env) {
		char other[PATH_MAX];
		if (!realpath(env, other) || strcmp(other, real) != 0) return NULL;
	}
	char *p = strdup(real);
	if (!p) die_oom();
	return p;
}

int main(int argc, char **argv) {
	native_start(argc, argv, "UNICORE_BAKE_NATIVE");

	/* `[--verbose] PLATFORM PROGRAM [-o OUT]`, in any order: anything else is Node's. */
	const char *words[2];
	int nwords = 0;
	const char *out_arg = NULL;
	for (int i = 2; i < argc; i++) {
		if (!plain_word(argv[i])) fall_back();
		if (!strcmp(argv[i], "--verbose")) { if (g_verbose) fall_back(); g_verbose = 1; continue; }
		if (!strcmp(argv[i], "-o")) {
			if (out_arg || i + 1 >= argc || argv[i + 1][0] == '-' || !argv[i + 1][0] || !plain_word(argv[i + 1])) fall_back();
			out_arg = argv[++i];
			continue;
		}
		if (argv[i][0] == '-' || !argv[i][0] || nwords == 2) fall_back();
		words[nwords++] = argv[i];
	}
	if (nwords != 2) fall_back();
	const char *platform = words[0], *input = words[1];
	int plat = -1;
	for (int i = 0; ub_platforms[i]; i++) if (!strcmp(platform, ub_platforms[i])) plat = i;
	if (plat < 0) fall_back();

	/* the input: one program of this toolchain (classifyInputs, checkRecipe) */
	char *name = program_name(input);
	if (!name || has_dotdot(input)) fall_back();
	struct stat in_st;
	if (stat(input, &in_st) != 0 || !S_ISREG(in_st.st_mode)) fall_back();
	size_t in_size;
	struct stat mapped;
	unsigned char *in_data = map_file(input, &in_size, &mapped);
	if (!in_data) fall_back();
	struct elf in_elf;
	struct notes in_notes;
	if (!elf_open(&in_elf, in_data, in_size) || in_elf.machine != UB_EM_X86_64 || !read_notes(&in_elf, &in_notes)) fall_back();
	if (in_notes.image || !in_notes.recipe) fall_back();
	const char *keys[] = { "toolchain", "abi", "tuple", "platform", "libc" };
	char *recipe[5];
	int odd = 0;
	for (int i = 0; i < 5; i++) {
		recipe[i] = note_value(in_notes.recipe, in_notes.recipe_size, keys[i], &odd);
		if (!recipe[i] || !*recipe[i]) fall_back();
	}
	if (odd || strncmp(recipe[2], UB_TUPLE_PREFIX, strlen(UB_TUPLE_PREFIX)) != 0 || strcmp(recipe[1], UB_ABI) != 0) fall_back();
	/* the fermented object: a section of a program file, or the object itself */
	const unsigned char *object = in_data;
	size_t object_size = in_size;
	int embedded = in_elf.type != UB_ET_REL;
	if (embedded) {
		uint64_t off, size;
		if (!find_section(&in_elf, UB_PROGRAM_SECTION, &off, &size)) fall_back();
		object = in_data + off;
		object_size = (size_t)size;
	}
	struct elf obj_elf;
	struct notes obj_notes;
	if (!elf_open(&obj_elf, object, object_size) || !read_notes(&obj_elf, &obj_notes)) fall_back();

	/* the output: INPUT.PLATFORM by default; a regular file or nothing, in a directory that is there, not the input */
	char *out = out_arg ? strdup(out_arg) : cat(input, ub_suffixes[plat], "");
	if (!out) die_oom();
	if (has_dotdot(out) || out[strlen(out) - 1] == '/') fall_back();
	char *out_dir = dir_name(out);
	struct stat st;
	if (!out_dir || stat(out_dir, &st) != 0 || !S_ISDIR(st.st_mode)) fall_back();
	if (lstat(out, &st) == 0) {
		if (!S_ISREG(st.st_mode) || (st.st_dev == in_st.st_dev && st.st_ino == in_st.st_ino)) fall_back();
	} else if (errno != ENOENT) {
		fall_back();
	}

	/* the toolchain: this prefix, as setup left it */
	char *prefix = find_prefix(argv[1]);
	if (!prefix) fall_back();
	char *json_path = cat(prefix, "/lib/unicore/toolchain.json", "");
	int json_fd = open(json_path, O_RDONLY | O_CLOEXEC);
	if (json_fd < 0) fall_back();
	size_t json_size;
	unsigned char *json = read_file(json_fd, &json_size);
	close(json_fd);
	if (!json || json_size != strlen(UB_TOOLCHAIN_JSON) || memcmp(json, UB_TOOLCHAIN_JSON, json_size) != 0) fall_back();
	for (size_t i = 0; ub_ld_argv[i]; i++) {
		/* platformFiles: the platform's link.ld and libplat.a are there */
		if (!strstr(ub_ld_argv[i], UB_MARK_PREFIX)) continue;
		const char *marks[] = { UB_MARK_PREFIX, UB_MARK_PLATFORM, NULL };
		const char *values[] = { prefix, platform };
		char *file = subst(ub_ld_argv[i], marks, values);
		if (access(file, F_OK) != 0) fall_back();
		free(file);
	}

	/* the work directory beside OUT (absolute, as makeWorkDir makes it); a stop signal removes it (onStopSignals) */
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd)) fall_back();
	const char *base = strrchr(out, '/');
	base = base ? base + 1 : out;
	struct buf tmpl = {0};
	if (!strcmp(out_dir, ".")) {
		buf_str(&tmpl, cwd);
	} else {
		if (out_dir[0] != '/') {
			buf_str(&tmpl, cwd);
			buf_str(&tmpl, "/");
		}
		buf_str(&tmpl, out_dir);
	}
	buf_str(&tmpl, "/.");
	buf_str(&tmpl, base);
	buf_str(&tmpl, UB_WORK_DIR_SUFFIX "XXXXXX");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigset_t stop, old;
	sigemptyset(&stop);
	for (size_t i = 0; i < sizeof STOP_SIGNALS / sizeof STOP_SIGNALS[0]; i++) sigaddset(&stop, STOP_SIGNALS[i]);
	/* made and recorded with the signals held, so that no signal can come between */
	sigprocmask(SIG_BLOCK, &stop, &old);
	for (size_t i = 0; i < sizeof STOP_SIGNALS / sizeof STOP_SIGNALS[0]; i++) sigaction(STOP_SIGNALS[i], &sa, NULL);
	if (mkdtemp(tmpl.p)) g_work = tmpl.p;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (!g_work) fall_back();
	check_signal();

	struct bake b;
	b.prefix = prefix;
	b.platform = platform;
	b.name = name;
	b.net = obj_notes.net;
	b.baked_o = cat(g_work, "/", UB_FILE_BAKED);
	b.image = cat(g_work, "/", UB_FILE_IMAGE);
	b.pending = NULL;
	if (embedded) {
		b.program = cat(g_work, "/", UB_FILE_PROGRAM);
		b.pending = object;
		b.pending_size = object_size;
	} else {
		/* path.resolve: a name starting with '-' must not reach ld as an option */
		b.program = input[0] == '/' ? input : cat(cwd, "/", input);
	}
	check_signal();
	/* packRootfs without a directory: the empty archive */
	static const unsigned char empty_archive[UB_EMPTY_ARCHIVE_SIZE];
	char *rootfs = cat(g_work, "/", UB_FILE_ROOTFS);
	if (write_file(rootfs, empty_archive, sizeof empty_archive) != 0) fall_back();
	check_signal();

	unsigned long mem = UB_DEFAULT_MEM_MIB;
	if (link_image(&b, mem) != 0) fall_back();
	uint64_t load_end;
	if (!check_image(b.image, &load_end)) fall_back();
	/* memNeeded: a big image must fit in the guest's memory with room to run */
	const uint64_t mib = 1024 * 1024;
	uint64_t needed = (load_end + mib - 1) / mib + UB_HEADROOM_MIB;
	if (needed < UB_MIN_MEM_MIB) needed = UB_MIN_MEM_MIB;
	if (!ub_runs_as_process[plat] && needed > mem) {
		if (needed > ULONG_MAX) fall_back();
		if (link_image(&b, (unsigned long)needed) != 0 || !check_image(b.image, &load_end)) fall_back();
	}
	check_signal();
	if (chmod(b.image, UB_IMAGE_MODE) != 0 || rename(b.image, out) != 0) fall_back();
	/* the signals stay caught until the directory is gone, as in bake()'s finally */
	remove_work();
	if (g_verbose) fprintf(stderr, "%s %s\n", UB_NATIVE_BAKED, out);
	check_signal();
	return 0;
}
