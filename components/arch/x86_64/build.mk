# The shared x86_64 arch code. Each x86 VM platform appends X86_ARCH_SRCS (and
# the drivers' X86_DRIVER_SRCS) to its PLAT_<p>_SRCS, so every libplat.a
# carries its own copy.
X86_ARCH_SRCS := $(addprefix arch/x86_64/,entry.S multiboot.S boot.c cpu.c pagetable.c \
	tss.c idt.c traps.S irqs.S trap.c crash.c bootinfo.c mainstack.c)

# boot.c seeds __stack_chk_guard: it must not check it.
$(BUILD)/arch/x86_64/boot.o: EXTRA_CFLAGS += -fno-stack-protector
