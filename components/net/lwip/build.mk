# liblwip.a: lwIP 2.1.x (unpacked by `unicore setup` from Debian's lwip source
# package or --lwip; LWIP_DIR is its top directory) with unicore's port: the
# options, sys_arch, the NIC glue and the socket backend. A separate archive,
# so that only programs that use sockets carry a TCP/IP stack. Its code is
# runtime code (.text.ucrt): a thread is never preempted inside the stack.
ifneq ($(LWIP_DIR),)
LWIP_CORE_SRCS := $(addprefix core/,init.c def.c inet_chksum.c ip.c mem.c memp.c netif.c \
	pbuf.c stats.c sys.c tcp.c tcp_in.c tcp_out.c timeouts.c udp.c dns.c) \
	$(addprefix core/ipv4/,dhcp.c etharp.c icmp.c ip4.c ip4_addr.c ip4_frag.c) \
	$(addprefix core/ipv6/,ethip6.c icmp6.c inet6.c ip6.c ip6_addr.c ip6_frag.c mld6.c nd6.c) \
	netif/ethernet.c
LWIP_PORT_SRCS := net/lwip/sys_arch.c net/lwip/netif.c net/lwip/sock.c
LWIP_CFLAGS := -I$(SRC)/net/lwip/include -I$(LWIP_DIR)/src/include
LWIP_OBJS := $(addprefix $(BUILD)/lwip/,$(LWIP_CORE_SRCS:.c=.o)) $(addprefix $(BUILD)/,$(LWIP_PORT_SRCS:.c=.o))

$(BUILD)/lwip/%.o: $(LWIP_DIR)/src/%.c $(SRC)/Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LWIP_CFLAGS) -Wno-address -MMD -MP -c $< -o $@
	$(rt_text_c)

$(addprefix $(BUILD)/,$(LWIP_PORT_SRCS:.c=.o)): EXTRA_CFLAGS += $(LWIP_CFLAGS)
$(BUILD)/liblwip.a: $(LWIP_OBJS)
EXTRA_LIBS += $(BUILD)/liblwip.a
endif
