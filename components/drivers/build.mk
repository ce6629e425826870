# The shared x86 PC drivers (COM1, TSC, CMOS clock, ACPI power-off), appended
# by each x86 VM platform to its PLAT_<p>_SRCS next to X86_ARCH_SRCS.
X86_DRIVER_SRCS := \
	drivers/ns16550.c \
	drivers/tsc.c \
	drivers/cmos.c \
	drivers/pcclock.c \
	drivers/acpi.c \
	drivers/power.c
# PCI, virtio-net and interrupt-driven idling (8259 PICs, local APIC timer,
# PIT), for the
# platforms that implement plat_net_* and halt when idle: kvm and baremetal.
X86_PCDEV_SRCS := \
	drivers/pci.c \
	drivers/pcirq.c \
	drivers/lapic.c \
	drivers/dmamem.c \
	drivers/virtio.c \
	drivers/virtio_net.c \
	drivers/virtio_console.c \
	drivers/netdebug.c
