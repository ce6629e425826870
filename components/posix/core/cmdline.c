/*
 * The boot command line (docs/architecture.md, "Boot command line"): words
 * split with sh-like quoting, leading unicore.KEY=VALUE options, `--` ends
 * them, the rest are the application's arguments.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"

#define OPTION_PREFIX "unicore."

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Copies the next word of *s into out (big enough: strlen of the line + 1).
 * Returns 1 with *s advanced, or 0 when only blanks are left. */
static int next_word(const char **s, char *out)
{
	const char *p = *s;
	char quote = 0;

	while (is_space(*p))
		p++;
	if (!*p)
		return 0;
	for (; *p && (quote || !is_space(*p)); p++) {
		if (quote == '\'') {
			if (*p == '\'')
				quote = 0;
			else
				*out++ = *p;
		} else if (*p == '\\' && p[1] && (!quote || strchr("\"\\$`'", p[1]))) {
			/* Inside "...", \' is ' too (unlike sh): GRUB quotes that way. */
			*out++ = *++p;
		} else if (quote == '"') {
			if (*p == '"')
				quote = 0;
			else
				*out++ = *p;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else {
			*out++ = *p;
		}
	}
	*out = 0;
	*s = p;
	return 1;
}

static int push(char ***list, int *n, const char *word)
{
	char **grown = realloc(*list, (*n + 2) * sizeof **list);
	char *copy = strdup(word);

	if (!grown || !copy) {
		free(copy);
		if (grown)
			*list = grown;
		return -ENOMEM;
	}
	grown[(*n)++] = copy;
	grown[*n] = NULL;
	*list = grown;
	return 0;
}

static int take_option(struct uc_options *opts, const char *word)
{
	const char *kv = word + strlen(OPTION_PREFIX);

	if (strcmp(kv, "console=framed") == 0) {
		opts->framed = 1;
		return 0;
	}
	if (strcmp(kv, "console=raw") == 0) {
		opts->framed = 0;
		return 0;
	}
	if (strcmp(kv, "threads.stats=1") == 0 || strcmp(kv, "threads.stats=0") == 0) {
		opts->thread_stats = kv[14] == '1';
		return 0;
	}
	if (strncmp(kv, "net.debug=", 10) == 0)
		return 0;      /* read by the platform's NIC driver at boot */
	if (strncmp(kv, "env=", 4) == 0 && strchr(kv + 4, '=') && kv[4] != '=')
		return push(&opts->env, &opts->nenv, kv + 4);
	const char *hint;
	int net = uc_net_option(kv, &hint);
	if (net < 0 && !opts->error) {
		static const char bad[] = "unicore: malformed boot option '";
		opts->error = malloc(sizeof bad + strlen(word) + strlen(hint) + 16);
		if (!opts->error)
			return -ENOMEM;
		strcpy(opts->error, bad);
		strcat(opts->error, word);
		strcat(opts->error, "': expected ");
		strcat(opts->error, hint);
		strcat(opts->error, "\n");
	}
	if (net)
		return 0;

	static const char why[] = "unicore: ignoring unknown boot option '";
	char *msg = malloc(sizeof why + strlen(word) + 3);
	if (!msg)
		return -ENOMEM;
	strcpy(msg, why);
	strcat(msg, word);
	strcat(msg, "'\n");
	int r = push(&opts->warnings, &opts->nwarnings, msg);
	free(msg);
	return r;
}

int uc_cmdline_parse(const char *line, struct uc_options *opts, char ***args, int *nargs)
{
	char *word;
	int in_options = 1, r = 0;

	if (!line)
		return 0;
	word = malloc(strlen(line) + 1);
	if (!word)
		return -ENOMEM;
	while (r == 0 && next_word(&line, word)) {
		if (in_options && strcmp(word, "--") == 0)
			in_options = 0;
		else if (in_options && strncmp(word, OPTION_PREFIX, strlen(OPTION_PREFIX)) == 0)
			r = take_option(opts, word);
		else {
			in_options = 0;
			r = push(args, nargs, word);
		}
	}
	free(word);
	return r;
}
