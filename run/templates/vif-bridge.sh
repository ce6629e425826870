#!/bin/sh
# vif hotplug of the Xen toolstack harness's dom0, installed as
# /etc/xen/scripts/vif-bridge (xl's default vif script; run/dom0-initramfs.ts).
# Debian's needs bash and iproute2; this one needs only busybox and
# xenstore-utils. xl runs it with "online" or "offline" and sets $vif (the
# backend's interface, vifD.N) and $XENBUS_PATH (the backend's xenstore
# directory, whose "bridge" comes from the config's vif = [ "bridge=..." ]).
PATH=/bin:/usr/bin
bridge=$(xenstore-read "$XENBUS_PATH/bridge" 2>/dev/null) || bridge=xenbr0
case "$1" in
online|add)
	ip link set "$vif" up || exit 1
	brctl addif "$bridge" "$vif" || exit 1
	xenstore-write "$XENBUS_PATH/hotplug-status" connected
	;;
offline|remove)
	brctl delif "$bridge" "$vif" 2>/dev/null
	xenstore-rm "$XENBUS_PATH/hotplug-status" 2>/dev/null
	;;
esac
exit 0
