# The honest-failure table (components/posix/unsupported.c) and the parts of
# the same headers that work without a subsystem (this directory).
UNICORE_SRCS += posix/unsupported.c \
	$(addprefix posix/unsupported/,system.c users.c inet.c netdb.c termios.c syslog.c err.c)
