/*
 * What the native helpers share (run/native/unicore-run.c,
 * bake/native/unicore-bake.c): a growing buffer, whole writes, the fallback
 * to the Node CLI with the very same words, and their start (native_start:
 * the standard descriptors Node would have). `unicore setup` copies this file
 * beside each helper's source.
 * Before including it, define UC_SELF (the name in an out-of-memory message)
 * and UC_CLI (the name in "cannot start node").
 */

struct buf { char *p; size_t len, cap; };

static void die_oom(void) {
	static const char m[] = UC_SELF ": out of memory\n";
	(void)!write(2, m, sizeof m - 1);
	_exit(70);
}

/* Room for n more bytes (and the NUL buf_add keeps after them). */
static void buf_room(struct buf *b, size_t n) {
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1) cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) die_oom();
		b->p = p;
		b->cap = cap;
	}
}

static void buf_add(struct buf *b, const void *data, size_t n) {
	buf_room(b, n);
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }

/* Writes all of it; -1 with errno on failure (EINTR is retried). */
static int write_all(int fd, const void *data, size_t n) {
	const char *p = data;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR) continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static char **g_argv;   /* our argv: [0] us, [1] the Node script, [2...] the user's words */
static int g_argc;

/* The Node CLI with the very same words: `node NODE_SCRIPT ARGS...`. */
static void exec_node(void) {
	char **args = calloc((size_t)g_argc + 1, sizeof *args);
	if (!args) die_oom();
	args[0] = "node";
	for (int i = 1; i < g_argc; i++) args[i] = g_argv[i];
	execvp("node", args);
	fprintf(stderr, UC_CLI ": cannot start node: %s\n", strerror(errno));
	exit(127);
}

/*
 * Every helper's start: the standard descriptors Node would have (it opens
 * /dev/null on a closed fd 0, 1 or 2; so do we, and our files never take
 * them), our words kept for exec_node, and the Node CLI at once when there is
 * no word after the Node script or when $FORCE_NODE is 0.
 */
static void native_start(int argc, char **argv, const char *force_node) {
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
			int n = open("/dev/null", O_RDWR);
			if (n >= 0 && n != fd) { dup2(n, fd); close(n); }
		}
	}
	g_argv = argv;
	g_argc = argc;
	const char *native = getenv(force_node);
	if (argc < 3 || (native && !strcmp(native, "0"))) exec_node();
}
