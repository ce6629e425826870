# Networking below the socket layer. Platforms without a host kernel answer
# the host-socket calls with ENOSYS (linuxu has real ones in plat/linuxu/net.c).
PLAT_kvm_SRCS += net/nohost.c
PLAT_baremetal_SRCS += net/nohost.c
PLAT_xen_SRCS += net/nohost.c
# No network device on linuxu (kvm and baremetal have virtio-net, xen netfront).
PLAT_linuxu_SRCS += net/nonic.c
