# The Xen platform: a PVH guest (Xen domU or dom0), which also boots under
# QEMU's own PVH loader on the shared drivers when CPUID shows no Xen.
# The arch and driver sources are listed here because each platform library
# carries its own copy of them (the Makefile compiles each source once).
PLAT_xen_SRCS += \
	$(addprefix plat/xen/,notes.S hypercall_page.S hypercall.c console.c events.c \
		xenstore.c control.c gnttab.c netfront.c clock.c start.c nohv.c preempt.c irq.c) \
	$(addprefix drivers/,dmamem.c pci.c lapic.c virtio.c virtio_console.c) \
	$(X86_ARCH_SRCS) \
	$(X86_DRIVER_SRCS)
PLAT_xen_LDS := $(SRC)/plat/xen/link.ld
