# The shared x86 PC drivers (COM1, TSC, CMOS clock, ACPI power-off), appended
# by each x86 VM platform to its PLAT_<p>_SRCS next to X86_ARCH_SRCS.
X86_DRIVER_SRCS := \
	drivers/ns16550.c \
	drivers/tsc.c \
	drivers/cmos.c \
	drivers/pcclock.c \
	drivers/acpi.c \
	drivers/power.c
