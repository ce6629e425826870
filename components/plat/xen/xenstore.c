/*
 * The xenstore client of a domU: requests go into the shared ring page
 * (HVM_PARAM_STORE_PFN), answers come back in it, and the event channel
 * (HVM_PARAM_STORE_EVTCHN) says when either side moved. One request is in
 * flight at a time; watch events that arrive meanwhile are counted for
 * xs_take_events. Paths without a leading '/' are relative to the domain's
 * home (/local/domain/<domid>), which xenstored resolves itself.
 */
#include <errno.h>
#include <string.h>
#include <unicore/plat.h>
#include "platform.h"
#include "hypercall.h"

static volatile struct xenstore_domain_interface *xs;
static uint32_t xs_port;
static uint32_t next_id = 1;
static int pending_events;
static int in_request;          /* the ring is ours until the answer is in */
static char reply[XENSTORE_PAYLOAD_MAX + 1];

int xs_init(void)
{
	struct xen_hvm_param pfn = { .domid = DOMID_SELF, .index = HVM_PARAM_STORE_PFN };
	struct xen_hvm_param port = { .domid = DOMID_SELF, .index = HVM_PARAM_STORE_EVTCHN };

	if (hyp_hvm_op(HVMOP_get_param, &pfn) != 0 || pfn.value == 0 ||
	    hyp_hvm_op(HVMOP_get_param, &port) != 0 || port.value == 0)
		return -ENODEV;
	xs = (volatile struct xenstore_domain_interface *)(uintptr_t)(pfn.value * PAGE_SIZE);
	xs_port = (uint32_t)port.value;
	xen_wake_on(xs_port);
	return 0;
}

static void put(const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		uint32_t cons = __atomic_load_n(&xs->req_cons, __ATOMIC_ACQUIRE);
		uint32_t prod = xs->req_prod;
		size_t room = XENSTORE_RING_SIZE - (prod - cons);
		if (room == 0) {
			xen_notify(xs_port);
			xen_block(xen_system_time() + 10000000);
			continue;
		}
		for (; room > 0 && len > 0; room--, len--)
			xs->req[prod++ % XENSTORE_RING_SIZE] = *p++;
		__atomic_store_n(&xs->req_prod, prod, __ATOMIC_RELEASE);
	}
	xen_notify(xs_port);
}

static size_t available(void)
{
	return __atomic_load_n(&xs->rsp_prod, __ATOMIC_ACQUIRE) - xs->rsp_cons;
}

/* Copies len bytes out of the response ring, waiting for them if need be. */
static void get(void *data, size_t len)
{
	char *p = data;

	while (len > 0) {
		if (available() == 0) {
			xen_block(xen_system_time() + 10000000);
			continue;
		}
		uint32_t cons = xs->rsp_cons;
		for (size_t n = available(); n > 0 && len > 0; n--, len--)
			*p++ = xs->rsp[cons++ % XENSTORE_RING_SIZE];
		__atomic_store_n(&xs->rsp_cons, cons, __ATOMIC_RELEASE);
		xen_notify(xs_port);
	}
}

/* Reads one message into reply (NUL-terminated); returns its header. */
static struct xsd_sockmsg get_message(void)
{
	struct xsd_sockmsg msg;
	char spill[256];

	get(&msg, sizeof msg);
	size_t keep = msg.len < XENSTORE_PAYLOAD_MAX ? msg.len : XENSTORE_PAYLOAD_MAX;
	get(reply, keep);
	reply[keep] = '\0';
	for (size_t rest = msg.len - keep; rest > 0;) {   /* never bigger than the protocol allows */
		size_t n = rest < sizeof spill ? rest : sizeof spill;
		get(spill, n);
		rest -= n;
	}
	return msg;
}

static int error_number(const char *name)
{
	static const struct { const char *name; int err; } table[] = {
		{ "ENOENT", ENOENT }, { "EACCES", EACCES }, { "EINVAL", EINVAL },
		{ "EEXIST", EEXIST }, { "ENOSPC", ENOSPC }, { "EAGAIN", EAGAIN },
		{ "E2BIG", E2BIG }, { "EQUOTA", EDQUOT }, { "EROFS", EROFS },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (xen_streq(name, table[i].name))
			return table[i].err;
	return EIO;
}

/* One request (payload = the strings, each with its NUL unless last_bare);
 * the answer lands in reply. Returns the answer's length or -errno. */
static long request(uint32_t type, const char *const *parts, int nparts, int last_bare)
{
	struct xsd_sockmsg msg = { .type = type, .req_id = next_id++, .tx_id = 0, .len = 0 };

	if (!xs)
		return -ENODEV;
	for (int i = 0; i < nparts; i++)
		msg.len += strlen(parts[i]) + !(last_bare && i == nparts - 1);
	if (msg.len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	if (in_request)
		return -EBUSY;
	in_request = 1;
	put(&msg, sizeof msg);
	for (int i = 0; i < nparts; i++)
		put(parts[i], strlen(parts[i]) + !(last_bare && i == nparts - 1));
	for (;;) {
		struct xsd_sockmsg answer = get_message();
		if (answer.type == XS_WATCH_EVENT) {
			pending_events++;
			continue;
		}
		if (answer.req_id != msg.req_id)
			continue;
		in_request = 0;
		if (answer.type == XS_ERROR)
			return -error_number(reply);
		return answer.len < XENSTORE_PAYLOAD_MAX ? answer.len : XENSTORE_PAYLOAD_MAX;
	}
}

long xs_read(const char *path, char *buf, size_t len)
{
	const char *parts[] = { path };
	long n = request(XS_READ, parts, 1, 0);

	if (n < 0)
		return n;
	if (len == 0)
		return -ENOSPC;
	if ((size_t)n >= len)
		n = len - 1;
	memcpy(buf, reply, n);
	buf[n] = '\0';
	return n;
}

int xs_write(const char *path, const char *value)
{
	const char *parts[] = { path, value };
	long n = request(XS_WRITE, parts, 2, 1);
	return n < 0 ? (int)n : 0;
}

int xs_watch(const char *path, const char *token)
{
	const char *parts[] = { path, token };
	long n = request(XS_WATCH, parts, 2, 0);
	return n < 0 ? (int)n : 0;
}

int xs_take_events(void)
{
	int n;

	if (!xs || in_request)
		return 0;
	while (available() >= sizeof(struct xsd_sockmsg)) {
		struct xsd_sockmsg peek;
		uint32_t cons = xs->rsp_cons;
		char *p = (char *)&peek;
		for (size_t i = 0; i < sizeof peek; i++)
			p[i] = xs->rsp[(cons + i) % XENSTORE_RING_SIZE];
		if (available() < sizeof peek + peek.len)
			break;                  /* the rest is still on its way */
		if (get_message().type == XS_WATCH_EVENT)
			pending_events++;
	}
	n = pending_events;
	pending_events = 0;
	return n;
}
