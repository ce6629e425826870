# Networking in the POSIX layer: address conversion (inet.c) and the netdb
# helpers (netdb.c), which work without a network; the BSD socket calls over
# the descriptor table (socket.c), the host-kernel backend (host.c, linuxu),
# socketpair (pair.c), the network boot words (config.c) and the name service
# (resolv.c). lwIP's backend is in liblwip.a (components/net/lwip/).
UNICORE_SRCS += $(addprefix posix/net/,inet.c netdb.c socket.c host.c pair.c config.c resolv.c)
