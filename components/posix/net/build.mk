# Sockets in the POSIX layer: the BSD calls over the descriptor table, the
# host-kernel backend (linuxu), socketpair, the network boot words and the
# name service. lwIP's backend is in liblwip.a (components/net/lwip/).
UNICORE_SRCS += $(addprefix posix/net/,socket.c host.c pair.c config.c resolv.c)
