# Networking calls that work without a network stack: address conversion
# (inet.c) and the netdb helpers (netdb.c). Sockets join them here.
UNICORE_SRCS += $(addprefix posix/net/,inet.c netdb.c)
