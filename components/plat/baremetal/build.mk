# The baremetal platform: a multiboot kernel for GRUB on a PC (or QEMU
# -kernel), with the VGA screen and PS/2 keyboard beside COM1. The shared
# x86_64 arch code and drivers are listed here too: each platform library
# carries its own copy of them.
PLAT_baremetal_SRCS += \
	plat/baremetal/start.c \
	plat/baremetal/console.c \
	$(PC_PLAT_SRCS) \
	drivers/vga.c \
	drivers/ps2kbd.c \
	$(X86_ARCH_SRCS) \
	$(X86_DRIVER_SRCS)
PLAT_baremetal_LDS := $(SRC)/plat/baremetal/link.ld
