# The kvm platform: QEMU/KVM or any PC-like VM, booted by multiboot
# (QEMU -kernel, GRUB) or PVH; COM1 console, TSC/CMOS clocks, ACPI power-off,
# virtio-net, and halting when idle (PIC + PIT interrupts).
PLAT_kvm_SRCS += \
	plat/kvm/pvh.S \
	plat/kvm/start.c \
	plat/kvm/console.c \
	$(PC_PLAT_SRCS) \
	$(X86_ARCH_SRCS) \
	$(X86_DRIVER_SRCS) \
	$(X86_PCDEV_SRCS)
PLAT_kvm_LDS := $(SRC)/plat/kvm/link.ld
