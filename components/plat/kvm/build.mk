# The kvm platform: QEMU/KVM or any PC-like VM, booted by multiboot
# (QEMU -kernel, GRUB) or PVH; COM1 console, TSC/CMOS clocks, ACPI power-off.
PLAT_kvm_SRCS += \
	plat/kvm/pvh.S \
	plat/kvm/start.c \
	plat/kvm/console.c \
	$(PC_PLAT_SRCS) \
	$(X86_ARCH_SRCS) \
	$(X86_DRIVER_SRCS)
PLAT_kvm_LDS := $(SRC)/plat/kvm/link.ld
