/*
 * The few parts of Xen's public interface the Xen platform uses, for x86_64.
 *
 * Copied (definitions only, values and layouts unchanged) from Xen 4.17's public
 * headers, as Debian's libxen-dev installs them under /usr/include/xen/: xen.h,
 * arch-x86/xen-x86_64.h, arch-x86/hvm/start_info.h, hvm/hvm_op.h, hvm/params.h,
 * memory.h, event_channel.h, sched.h, io/console.h, io/ring.h, io/netif.h,
 * io/xenbus.h, elfnote.h. The components are
 * built with -nostdinc on machines that need not have those headers installed,
 * so we carry our own copy. The layouts are ABI: never change them.
 */
#ifndef UNICORE_XEN_H
#define UNICORE_XEN_H

/* ELF notes read by Xen's and QEMU's loaders (elfnote.h). */
#define XEN_ELFNOTE_XEN_VERSION     5
#define XEN_ELFNOTE_GUEST_OS        6
#define XEN_ELFNOTE_GUEST_VERSION   7
#define XEN_ELFNOTE_LOADER          8
#define XEN_ELFNOTE_PHYS32_ENTRY   18

/* Boot magic in eax on a PVH entry (arch-x86/hvm/start_info.h). */
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578

#ifndef __ASSEMBLY__
#include <stdint.h>

/* Hypercall numbers: offset / 32 into the hypercall page (xen.h). */
#define __HYPERVISOR_memory_op        12
#define __HYPERVISOR_console_io       18
#define __HYPERVISOR_sched_op         29
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_hvm_op           34
#define __HYPERVISOR_grant_table_op   20

#define DOMID_SELF 0x7FF0
#define VIRQ_CONSOLE 2              /* dom0: bytes arrived on the serial console */

/* start_info flags, also in hvm_start_info.flags (xen.h). */
#define SIF_PRIVILEGED (1 << 0)
#define SIF_INITDOMAIN (1 << 1)

/* console_io (xen.h) */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/* sched_op (sched.h) */
#define SCHEDOP_yield    0
#define SCHEDOP_block    1
#define SCHEDOP_shutdown 2
#define SCHEDOP_poll     3
#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot   1
#define SHUTDOWN_crash    3

struct sched_shutdown {
	unsigned int reason;
};

struct sched_poll {
	uint32_t *ports;            /* XEN_GUEST_HANDLE(evtchn_port_t) */
	unsigned int nr_ports;
	uint64_t timeout;           /* Xen system time in ns; 0: none */
};

/* memory_op (memory.h) */
#define XENMEM_add_to_physmap 7
#define XENMEM_memory_map     9
#define XENMAPSPACE_shared_info 0
#define XENMAPSPACE_grant_table 1

struct xen_add_to_physmap {
	uint16_t domid;
	uint16_t size;
	unsigned int space;
	unsigned long idx;
	unsigned long gpfn;
};

struct xen_memory_map {
	unsigned int nr_entries;
	void *buffer;               /* XEN_GUEST_HANDLE(void): e820 entries */
};

struct e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));

/* hvm_op (hvm/hvm_op.h, hvm/params.h) */
#define HVMOP_get_param 1
#define HVM_PARAM_STORE_PFN      1
#define HVM_PARAM_STORE_EVTCHN   2
#define HVM_PARAM_CONSOLE_PFN    17
#define HVM_PARAM_CONSOLE_EVTCHN 18

struct xen_hvm_param {
	uint16_t domid;
	uint32_t index;
	uint64_t value;
};

/* event_channel_op (event_channel.h) */
#define EVTCHNOP_bind_virq 1
#define EVTCHNOP_send      4
#define EVTCHNOP_alloc_unbound 6

struct evtchn_bind_virq {
	uint32_t virq;
	uint32_t vcpu;
	uint32_t port;              /* out */
};

struct evtchn_send {
	uint32_t port;
};

struct evtchn_alloc_unbound {
	uint16_t dom;               /* DOMID_SELF */
	uint16_t remote_dom;        /* who may bind the other end */
	uint32_t port;              /* out */
};

/* grant_table_op (grant_table.h): version 1 entries in frames we map. */
#define GNTTABOP_query_size 6
#define GTF_permit_access 1
#define GTF_readonly      (1 << 2)
#define GTF_reading       (1 << 3)
#define GTF_writing       (1 << 4)

struct gnttab_query_size {
	uint16_t dom;
	uint32_t nr_frames;         /* out */
	uint32_t max_nr_frames;     /* out */
	int16_t status;             /* out */
};

struct grant_entry_v1 {
	uint16_t flags;
	uint16_t domid;
	uint32_t frame;
};

/* The xenstore ring (io/xs_wire.h). */
#define XS_DIRECTORY   1
#define XS_READ        2
#define XS_WATCH       4
#define XS_WRITE      11
#define XS_WATCH_EVENT 15
#define XS_ERROR      16
#define XENSTORE_RING_SIZE 1024
#define XENSTORE_PAYLOAD_MAX 4096

struct xsd_sockmsg {
	uint32_t type;
	uint32_t req_id;
	uint32_t tx_id;
	uint32_t len;               /* payload bytes that follow */
};

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE];
	char rsp[XENSTORE_RING_SIZE];
	uint32_t req_cons, req_prod;
	uint32_t rsp_cons, rsp_prod;
	uint32_t server_features;
	uint32_t connection;
	uint32_t error;
};

/* A split driver's state in xenstore (io/xenbus.h). */
#define XenbusStateInitialising 1
#define XenbusStateInitWait     2
#define XenbusStateConnected    4
#define XenbusStateClosing      5
#define XenbusStateClosed       6

/* Shared rings (io/ring.h): indexes, then 48 bytes of padding, then the
 * entries, as many as fit in the page rounded down to a power of two. */
struct ring_shared {
	uint32_t req_prod, req_event;
	uint32_t rsp_prod, rsp_event;
	uint8_t pad[48];
};

/* The network device's rings (io/netif.h). */
#define NETRXF_more_data  (1 << 2)
#define NETRXF_extra_info (1 << 3)
#define NETIF_RSP_NULL 1

struct netif_tx_request {
	uint32_t gref;
	uint16_t offset;
	uint16_t flags;
	uint16_t id;
	uint16_t size;              /* of the whole packet */
};

struct netif_tx_response {
	uint16_t id;
	int16_t status;             /* NETIF_RSP_* */
};

union netif_tx_entry {
	struct netif_tx_request req;
	struct netif_tx_response rsp;
};

struct netif_rx_request {
	uint16_t id;
	uint16_t pad;
	uint32_t gref;
};

struct netif_rx_response {
	uint16_t id;
	uint16_t offset;
	uint16_t flags;             /* NETRXF_* */
	int16_t status;             /* > 0: bytes received; <= 0: NETIF_RSP_* */
};

union netif_rx_entry {
	struct netif_rx_request req;
	struct netif_rx_response rsp;
};

_Static_assert(sizeof(struct ring_shared) == 64, "ring header layout");
_Static_assert(sizeof(union netif_tx_entry) == 12, "netif tx layout");
_Static_assert(sizeof(union netif_rx_entry) == 8, "netif rx layout");

/* The PVH start info (arch-x86/hvm/start_info.h). */
#define XEN_HVM_MEMMAP_TYPE_RAM 1

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	/* version >= 1 */
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

/* The shared info page (xen.h, arch-x86/xen-x86_64.h). */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad1[2];
};

struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	unsigned long evtchn_pending_sel;
	unsigned long cr2;          /* struct arch_vcpu_info */
	unsigned long pad;
	struct vcpu_time_info time;
};

struct shared_info {
	struct vcpu_info vcpu_info[32];
	unsigned long evtchn_pending[64];
	unsigned long evtchn_mask[64];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
	/* struct arch_shared_info follows; unused */
};

_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info layout");
_Static_assert(__builtin_offsetof(struct shared_info, wc_version) == 3072, "shared_info layout");

/* The console ring a toolstack (xenconsoled) gives a domU (io/console.h). */
struct xencons_interface {
	char in[1024];
	char out[2048];
	uint32_t in_cons, in_prod;
	uint32_t out_cons, out_prod;
};

#endif /* !__ASSEMBLY__ */
#endif
