# Networking below the socket layer. Platforms without a host kernel answer
# the host-socket calls with ENOSYS (linuxu has real ones in plat/linuxu/net.c).
PLAT_kvm_SRCS += net/nohost.c
PLAT_baremetal_SRCS += net/nohost.c
PLAT_xen_SRCS += net/nohost.c
# No network device on these (kvm and baremetal have virtio-net).
PLAT_xen_SRCS += net/nonic.c
PLAT_linuxu_SRCS += net/nonic.c
