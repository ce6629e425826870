# The shared x86_64 arch code. Each x86 VM platform appends X86_ARCH_SRCS (and
# the drivers' X86_DRIVER_SRCS) to its PLAT_<p>_SRCS, so every libplat.a
# carries its own copy.
X86_ARCH_SRCS := \
	arch/x86_64/entry.S \
	arch/x86_64/multiboot.S \
	arch/x86_64/boot.c \
	arch/x86_64/cpu.c \
	arch/x86_64/pagetable.c \
	arch/x86_64/tss.c \
	arch/x86_64/idt.c \
	arch/x86_64/traps.S \
	arch/x86_64/irqs.S \
	arch/x86_64/trap.c \
	arch/x86_64/crash.c \
	arch/x86_64/bootinfo.c

# boot.c seeds __stack_chk_guard: it must not check it.
$(BUILD)/arch/x86_64/boot.o: EXTRA_CFLAGS += -fno-stack-protector
