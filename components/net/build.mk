# Networking below the socket layer. Platforms without a host kernel answer
# plat_host_wait with ENOSYS (linuxu waits for real in plat/linuxu/net.c).
PLAT_kvm_SRCS += net/nohost.c
PLAT_baremetal_SRCS += net/nohost.c
PLAT_xen_SRCS += net/nohost.c
# No network device on linuxu (kvm and baremetal have virtio-net, xen netfront).
PLAT_linuxu_SRCS += net/nonic.c
