/*
 * getopt, getopt_long and getopt_long_only with glibc's behaviour: options
 * and operands may be mixed (operands are moved after the options unless the
 * option string starts with '+' or POSIXLY_CORRECT is set; '-' returns them
 * as option 1), "--" ends the options, "-" alone is an operand, long options
 * may be abbreviated, and the messages are glibc's. Replaces newlib's, which
 * takes a lone "-" for an option cluster and reads past the argument.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *optarg;
int optind = 1, opterr = 1, optopt;
static int optpos;   /* position inside a cluster of short options */

static void complain(const char *prog, const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
}

static int short_opt(int argc, char *const argv[], const char *optstring)
{
	const char *arg = argv[optind];
	int c = (unsigned char)arg[optpos ? optpos : 1];
	const char *spec = c == ':' || c == '-' ? NULL : strchr(optstring, c);
	int quiet = *optstring == ':';
	char ch[2] = { (char)c, 0 };

	optarg = NULL;
	optpos = optpos ? optpos + 1 : 2;
	if (!arg[optpos]) {
		optind++;
		optpos = 0;
	}
	if (!spec) {
		optopt = c;
		if (opterr && !quiet)
			complain(argv[0], "invalid option -- '%s'%s", ch, "");
		return '?';
	}
	if (spec[1] != ':')
		return c;
	if (optpos) {                   /* the rest of the cluster is the value */
		optarg = (char *)arg + optpos;
		optind++;
		optpos = 0;
	} else if (spec[2] != ':') {    /* required: the next argument */
		if (optind >= argc) {
			optopt = c;
			if (quiet)
				return ':';
			if (opterr)
				complain(argv[0], "option requires an argument -- '%s'%s", ch, "");
			return '?';
		}
		optarg = argv[optind++];
	}
	return c;
}

/* The option a name (before any '=') selects: exact match, else a unique
 * prefix (or prefixes of one same option); -2 if ambiguous, -1 if none. */
static int find_long(const char *name, size_t len, const struct option *longopts)
{
	int found = -1;

	for (int i = 0; longopts[i].name; i++) {
		if (strncmp(longopts[i].name, name, len) != 0)
			continue;
		if (strlen(longopts[i].name) == len)
			return i;
		if (found < 0)
			found = i;
		else if (longopts[found].has_arg != longopts[i].has_arg ||
			 longopts[found].flag != longopts[i].flag ||
			 longopts[found].val != longopts[i].val)
			found = -2;
	}
	return found;
}

static int long_opt(int argc, char *const argv[], const char *optstring,
	const struct option *longopts, int *longindex, const char *dashes)
{
	char *arg = argv[optind] + strlen(dashes);
	char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	int i = find_long(arg, len, longopts);
	int quiet = *optstring == ':';

	optind++;
	optarg = NULL;
	if (i < 0) {
		optopt = 0;
		if (opterr && !quiet && i == -1)
			complain(argv[0], "unrecognized option '%s%s'", dashes, arg);
		if (opterr && !quiet && i == -2) {
			fprintf(stderr, "%s: option '%s%.*s' is ambiguous; possibilities:", argv[0], dashes, (int)len, arg);
			for (int j = 0; longopts[j].name; j++)
				if (strncmp(longopts[j].name, arg, len) == 0)
					fprintf(stderr, " '%s%s'", dashes, longopts[j].name);
			fputc('\n', stderr);
		}
		return '?';
	}
	const struct option *o = &longopts[i];
	optopt = o->val;
	if (eq) {
		if (o->has_arg == no_argument) {
			if (opterr && !quiet) {
				fprintf(stderr, "%s: option '%s%s' doesn't allow an argument\n", argv[0], dashes, o->name);
			}
			return '?';
		}
		optarg = eq + 1;
	} else if (o->has_arg == required_argument) {
		if (optind >= argc) {
			if (quiet)
				return ':';
			if (opterr)
				complain(argv[0], "option '%s%s' requires an argument", dashes, o->name);
			return '?';
		}
		optarg = argv[optind++];
	}
	if (longindex)
		*longindex = i;
	if (o->flag) {
		*o->flag = o->val;
		return 0;
	}
	return o->val;
}

/* One option at optind (an option is known to be there). */
static int next_opt(int argc, char *const argv[], const char *optstring,
	const struct option *longopts, int *longindex, int long_only)
{
	const char *arg = argv[optind];

	if (optpos)
		return short_opt(argc, argv, optstring);
	if (longopts && arg[1] == '-')
		return long_opt(argc, argv, optstring, longopts, longindex, "--");
	if (longopts && long_only && arg[2]) {
		const char *eq = strchr(arg + 1, '=');
		size_t len = eq ? (size_t)(eq - arg - 1) : strlen(arg + 1);
		if (find_long(arg + 1, len, longopts) != -1 || !strchr(optstring, arg[1]))
			return long_opt(argc, argv, optstring, longopts, longindex, "-");
	}
	return short_opt(argc, argv, optstring);
}

/* Operands seen but not yet moved: argv[first_nonopt .. last_nonopt). */
static int first_nonopt = 1, last_nonopt = 1;

/* Moves the operands block before the options that followed it (up to
 * optind), as glibc's exchange() does. */
static void exchange(char *const argv[])
{
	char **v = (char **)argv;

	for (int n = last_nonopt - first_nonopt; n > 0; n--) {
		char *moved = v[first_nonopt];
		for (int i = first_nonopt; i < optind - 1; i++)
			v[i] = v[i + 1];
		v[optind - 1] = moved;
	}
	first_nonopt += optind - last_nonopt;
	last_nonopt = optind;
}

static int is_operand(const char *arg)
{
	return arg[0] != '-' || arg[1] == 0;
}

static int getopt_any(int argc, char *const argv[], const char *optstring,
	const struct option *longopts, int *longindex, int long_only)
{
	int permute = 1;

	if (optind == 0 || optind < first_nonopt) {  /* a new scan */
		optind = optind ? optind : 1;
		optpos = 0;
		first_nonopt = last_nonopt = optind;
	}
	if (*optstring == '+' || *optstring == '-') {
		permute = *optstring == '-' ? -1 : 0;
		optstring++;
	} else if (getenv("POSIXLY_CORRECT")) {
		permute = 0;
	}
	if (optpos)
		return next_opt(argc, argv, optstring, longopts, longindex, long_only);
	if (last_nonopt > optind)
		last_nonopt = optind;
	if (first_nonopt > optind)
		first_nonopt = optind;
	if (permute > 0) {
		if (first_nonopt != last_nonopt && last_nonopt != optind)
			exchange(argv);
		else if (last_nonopt != optind)
			first_nonopt = optind;
		while (optind < argc && is_operand(argv[optind]))
			optind++;
		last_nonopt = optind;
	}
	if (optind < argc && strcmp(argv[optind], "--") == 0) {
		optind++;
		if (first_nonopt != last_nonopt && last_nonopt != optind)
			exchange(argv);
		else if (first_nonopt == last_nonopt)
			first_nonopt = optind;
		last_nonopt = optind = argc;
	}
	if (optind >= argc) {
		if (first_nonopt != last_nonopt)
			optind = first_nonopt;
		return -1;
	}
	if (is_operand(argv[optind])) {
		if (permute == 0)
			return -1;
		optarg = argv[optind++];
		return 1;
	}
	return next_opt(argc, argv, optstring, longopts, longindex, long_only);
}

int getopt(int argc, char *const argv[], const char *optstring)
{
	return getopt_any(argc, argv, optstring, NULL, NULL, 0);
}

int getopt_long(int argc, char *const argv[], const char *optstring,
	const struct option *longopts, int *longindex)
{
	return getopt_any(argc, argv, optstring, longopts, longindex, 0);
}

int getopt_long_only(int argc, char *const argv[], const char *optstring,
	const struct option *longopts, int *longindex)
{
	return getopt_any(argc, argv, optstring, longopts, longindex, 1);
}
