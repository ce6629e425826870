/*
 * fnmatch(): shell wildcard matching (POSIX, plus the BSD/GNU flags
 * FNM_LEADING_DIR and FNM_CASEFOLD). Bytes are single characters; ksh
 * extended patterns (FNM_EXTMATCH) are not implemented.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <fnmatch.h>
#include <string.h>

static const struct { const char *name; int (*is)(int); } classes[] = {
	{ "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank },
	{ "cntrl", iscntrl }, { "digit", isdigit }, { "graph", isgraph },
	{ "lower", islower }, { "print", isprint }, { "punct", ispunct },
	{ "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
};

static int fold(int c, int flags)
{
	return flags & FNM_CASEFOLD ? tolower(c) : c;
}

/* Whether c is in class "[:name:]" (name of n bytes); -1 if unknown. */
static int in_class(const char *name, size_t n, int c, int flags)
{
	for (size_t i = 0; i < sizeof classes / sizeof *classes; i++) {
		if (strlen(classes[i].name) != n || memcmp(classes[i].name, name, n))
			continue;
		if (classes[i].is(c))
			return 1;
		/* Under FNM_CASEFOLD, [[:upper:]] matches 'a' too. */
		return (flags & FNM_CASEFOLD) && (classes[i].is(tolower(c)) || classes[i].is(toupper(c)));
	}
	return -1;
}

static int in_range(int lo, int hi, int c, int flags)
{
	if (lo <= c && c <= hi)
		return 1;
	if (!(flags & FNM_CASEFOLD))
		return 0;
	return (lo <= tolower(c) && tolower(c) <= hi) || (lo <= toupper(c) && toupper(c) <= hi);
}

/* The bracket expression at p (just after '['): 1 if c is in it, 0 if not,
 * -1 if it is not closed (then the '[' is an ordinary character). */
static int bracket(const char *p, int c, int flags, const char **end)
{
	int negate = 0, hit = 0;
	const char *first;

	if (*p == '!' || *p == '^') {
		negate = 1;
		p++;
	}
	for (first = p; *p != ']' || p == first; ) {
		int lo, hi;

		if (!*p)
			return -1;
		if (p[0] == '[' && p[1] == ':') {
			const char *close = strstr(p + 2, ":]");
			int r = close ? in_class(p + 2, close - (p + 2), c, flags) : -1;
			if (r >= 0) {
				hit |= r;
				p = close + 2;
				continue;
			}
		}
		if (*p == '\\' && !(flags & FNM_NOESCAPE) && p[1])
			p++;
		lo = hi = (unsigned char)*p++;
		if (p[0] == '-' && p[1] && p[1] != ']') {
			p++;
			if (*p == '\\' && !(flags & FNM_NOESCAPE) && p[1])
				p++;
			hi = (unsigned char)*p++;
		}
		hit |= in_range(lo, hi, c, flags);
	}
	*end = p + 1;
	return hit != negate;
}

/* A '.' that FNM_PERIOD says only a '.' in the pattern may match. */
static int leading_period(const char *s, const char *string, int flags)
{
	return (flags & FNM_PERIOD) && *s == '.' &&
		(s == string || ((flags & FNM_PATHNAME) && s[-1] == '/'));
}

static int match(const char *p, const char *s, const char *string, int flags)
{
	for (;;) {
		int c = (unsigned char)*s, r;
		const char *end;

		switch (*p) {
		case 0:
			if (!c || ((flags & FNM_LEADING_DIR) && c == '/'))
				return 0;
			return FNM_NOMATCH;
		case '?':
			if (!c || (c == '/' && (flags & FNM_PATHNAME)) || leading_period(s, string, flags))
				return FNM_NOMATCH;
			break;
		case '*':
			while (*p == '*')
				p++;
			if (leading_period(s, string, flags))
				return FNM_NOMATCH;
			for (;; s++) {
				if (match(p, s, string, flags) == 0)
					return 0;
				if (!*s || (*s == '/' && (flags & FNM_PATHNAME)))
					return FNM_NOMATCH;
			}
		case '[':
			if (!c || (c == '/' && (flags & FNM_PATHNAME)) || leading_period(s, string, flags))
				return FNM_NOMATCH;
			r = bracket(p + 1, c, flags, &end);
			if (r == 0)
				return FNM_NOMATCH;
			if (r > 0) {
				p = end;
				s++;
				continue;
			}
			if (c != '[')
				return FNM_NOMATCH;
			break;
		case '\\':
			if (!(flags & FNM_NOESCAPE) && p[1])
				p++;
			/* fall through */
		default:
			if (fold((unsigned char)*p, flags) != fold(c, flags))
				return FNM_NOMATCH;
			break;
		}
		p++;
		s++;
	}
}

int fnmatch(const char *pattern, const char *string, int flags)
{
	return match(pattern, string, string, flags);
}
