# The linuxu platform: the program as a static Linux x86_64 executable on raw
# system calls (no libc underneath), for fast runs and debugging on the host.
PLAT_linuxu_SRCS += $(addprefix plat/linuxu/,entry.S start.c console.c clock.c crash.c net.c thread.c)
PLAT_linuxu_LDS := $(SRC)/plat/linuxu/link.ld

# start.c sets the stack protector's canary, so it must not check it.
$(BUILD)/plat/linuxu/start.o: EXTRA_CFLAGS += -fno-stack-protector
