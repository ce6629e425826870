# The shared x86 PC drivers (COM1, TSC, CMOS clock, ACPI power-off), appended
# by each x86 VM platform to its PLAT_<p>_SRCS next to X86_ARCH_SRCS.
X86_DRIVER_SRCS := $(addprefix drivers/,ns16550.c tsc.c cmos.c pcclock.c acpi.c power.c)
# PCI, virtio-net and interrupt-driven idling (8259 PICs, local APIC timer,
# PIT), for the platforms that implement plat_net_* and halt when idle: kvm
# and baremetal.
X86_PCDEV_SRCS := $(addprefix drivers/,pci.c pcirq.c lapic.c dmamem.c virtio.c virtio_net.c \
	virtio_console.c netdebug.c)
