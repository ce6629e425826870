# The Xen platform: a PVH guest (Xen domU or dom0), which also boots under
# QEMU's own PVH loader on the shared drivers when CPUID shows no Xen.
# The arch and driver sources are listed here because each platform library
# carries its own copy of them (the Makefile compiles each source once).
PLAT_xen_SRCS += \
	plat/xen/notes.S \
	plat/xen/hypercall_page.S \
	plat/xen/hypercall.c \
	plat/xen/console.c \
	plat/xen/events.c \
	plat/xen/xenstore.c \
	plat/xen/control.c \
	plat/xen/gnttab.c \
	plat/xen/netfront.c \
	drivers/dmamem.c \
	plat/xen/clock.c \
	plat/xen/start.c \
	plat/xen/nohv.c \
	plat/xen/preempt.c \
	$(X86_ARCH_SRCS) \
	$(X86_DRIVER_SRCS)
PLAT_xen_LDS := $(SRC)/plat/xen/link.ld
