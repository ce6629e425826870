# The core of the POSIX layer (libunicore.a): boot to main() and back, the
# boot command line, crash reports, the stack protector, memory, clocks,
# signals, synchronous faults (fault.c) and the wait primitive (wait.h), process identity, randomness, the
# host kernel's system calls under linuxu (host.c), and
# THE list of calls that fail because their subsystem does not exist
# (enosys.c). Time and signals live here, not in an area of their own: the
# wait primitive delivers SIGALRM and sleeping is a wait, so they are one knot.
# The version has one source, package.json; setup passes it, a bare make reads it.
UNICORE_VERSION ?= $(shell sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' $(SRC)/../package.json)

UNICORE_SRCS += $(addprefix posix/core/,main.c cmdline.c crash.c ssp.c errno.c mem.c \
	wait.c time.c signal.c fault.c sigjmp.c proc.c random.c enosys.c system.c host.c)

$(BUILD)/posix/core/proc.o: EXTRA_CFLAGS += -DUNICORE_VERSION='"$(UNICORE_VERSION)"'
# The canary's failure path must not itself be checked against the canary.
$(BUILD)/posix/core/ssp.o: EXTRA_CFLAGS += -fno-stack-protector
