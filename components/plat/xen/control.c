/*
 * The toolstack's requests to a domU: `xl shutdown` (and `xl reboot`,
 * `xl destroy` falls back to it) writes control/shutdown; a guest that
 * announces control/feature-poweroff is expected to read it, clear it and
 * shut down. The app ends as if killed by SIGTERM (status 143, via uc_crash,
 * so the framed channel still reports it) and the domain shuts down with
 * the reason asked for (plat_exit). Watched while the guest waits (xen_block).
 */
#include <string.h>
#include <unicore/plat.h>
#include "platform.h"

int xen_shutdown_requested;
static int watching;
static int busy;

void xen_control_init(void)
{
	if (!xen_present || xen_initdomain || xs_init() != 0)
		return;
	if (xs_watch("control/shutdown", "unicore-shutdown") != 0)
		return;
	xs_write("control/feature-poweroff", "1");
	xs_write("control/feature-reboot", "1");
	watching = 1;
}

static int reason_of(const char *request)
{
	if (xen_streq(request, "poweroff") || xen_streq(request, "halt"))
		return SHUTDOWN_poweroff;
	if (xen_streq(request, "reboot"))
		return SHUTDOWN_reboot;
	return -1;
}

void xen_control_service(void)
{
	char request[32];

	if (!watching || busy || xen_shutdown_requested)
		return;
	busy = 1;
	if (xs_take_events() > 0 && xs_read("control/shutdown", request, sizeof request) > 0) {
		int reason = reason_of(request);
		if (reason >= 0) {
			xs_write("control/shutdown", "");
			xen_shutdown_requested = reason + 1;
			uc_crash("unicore: the toolstack asked the domain to shut down (Terminated)", 143);
		}
	}
	busy = 0;
}
