# What other Unix C libraries have and newlib lacks for this target: the
# program's name, getline, wildcard matching and expansion, path splitting,
# the mount table, the spawn attribute objects, err()/warn(), syslog to stderr,
# newlib's assert hook; and a getopt that behaves like glibc's (newlib's
# overruns on a lone "-").
UNICORE_SRCS += $(addprefix posix/libc/,getopt.c strerror.c progname.c getline.c fnmatch.c glob.c libgen.c \
	mntent.c spawn.c err.c syslog.c assert.c)
