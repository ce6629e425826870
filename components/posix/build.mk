# The core of the POSIX layer (libunicore.a): boot to main() and back, the
# console, descriptors, pipes, memory, time, signals, process identity.
# The in-memory filesystem and the unsupported calls add themselves in
# posix/fs/build.mk.
UNICORE_VERSION ?= 0.1.0

UNICORE_SRCS += \
	posix/main.c \
	posix/cmdline.c \
	posix/crash.c \
	posix/ssp.c \
	posix/errno.c \
	posix/console.c \
	posix/framed.c \
	posix/fd.c \
	posix/pipe.c \
	posix/mem.c \
	posix/time.c \
	posix/signal.c \
	posix/proc.c \
	posix/poll.c \
	posix/random.c
# POSIX threads for one thread: real locks, pthread_create fails with EAGAIN.
UNICORE_SRCS += posix/pthread_mutex.c posix/pthread_cond.c posix/pthread_rwlock.c posix/pthread_key.c posix/pthread_thread.c posix/pthread_attr.c

$(BUILD)/posix/proc.o: EXTRA_CFLAGS += -DUNICORE_VERSION='"$(UNICORE_VERSION)"'
# The canary's failure path must not itself be checked against the canary.
$(BUILD)/posix/ssp.o: EXTRA_CFLAGS += -fno-stack-protector

# What other Unix C libraries have and newlib lacks for this target: the
# program's name, getline, wildcard matching and expansion, path splitting,
# the mount table, the spawn attribute objects; and a getopt that behaves
# like glibc's (newlib's overruns on a lone "-").
UNICORE_SRCS += posix/getopt.c posix/progname.c posix/getline.c posix/fnmatch.c posix/glob.c posix/libgen.c \
	posix/mntent.c posix/spawn.c
