# What other Unix C libraries have and newlib lacks for this target: the
# program's name, getline, wildcard matching and expansion, path splitting,
# the mount table, the spawn attribute objects, err()/warn(), syslog to stderr.
UNICORE_SRCS += $(addprefix posix/libc/,progname.c getline.c fnmatch.c glob.c libgen.c \
	mntent.c spawn.c err.c syslog.c assert.c)
