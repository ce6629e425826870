#!/bin/sh
# /init of the Xen toolstack harness's dom0 (run/dom0-initramfs.ts).
# Starts the toolstack (xenstored, xenconsoled), then `xl create`s the guests
# whose configs a second archive put in /job (N.cfg; the kernels at the paths
# the configs name), and powers off. Its report goes to the second serial port
# (ttyS1), in lines "@UCD:..." (run/toolstack.ts reads them); COM1 is
# Xen's and dom0's log.
#   /job/mode "console": guest 0's console is ttyS1 itself (xl create -c), for unicore run.
#   /job/mode "batch": all guests at once; each one's console log, shutdown
#   reason and times are reported when all are gone. A guest with a file
#   /job/N.shutdown is sent `xl shutdown` once it has printed something.
#   /job/dom0.sh, if there, runs in dom0 beside the guests (a test's side of
#   the network: busybox nc, wget); its output and status are reported too.
# Guests' vifs join the bridge xenbr0, dom0's 10.0.3.1/24, through our
# vif-bridge script; udhcpd hands out 10.0.3.100-199 on it (SIGUSR1 writes
# its leases to /tmp/udhcpd.leases; pid in /tmp/udhcpd.pid).
export PATH=/bin:/usr/bin:/usr/lib/xen-4.17/bin
up() { cut -d' ' -f1 /proc/uptime; }
say() { echo "@UCD:$*" > /dev/ttyS1; }
die() { say "fail:$*"; echo "dom0 init: $*"; poweroff -f; }
# Progress on COM1 (dom0's console) up to "ready": a boot that stops shows where.
step() { echo "dom0 init: $*"; }

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /run/lock /run/xen /run/xenstored
mount -t devpts devpts /dev/pts
stty -F /dev/ttyS1 raw -echo 115200 || die "no second serial port"
step "modules"
for m in xen-privcmd xenfs xen-evtchn xen-gntdev xen-gntalloc llc stp bridge xen-netback; do
	insmod /lib/modules/$m.ko || die "insmod $m"
done
step "xenfs, xenstored, xen-init-dom0, xenconsoled"
mkdir -p /proc/xen && mount -t xenfs xenfs /proc/xen || die "mount xenfs"
xenstored --pid-file /run/xenstored.pid || die "xenstored"
xen-init-dom0 > /dev/null || die "xen-init-dom0"
xenconsoled --log=guest --log-dir=/var/log/xen/console || die "xenconsoled"
step "bridge, udhcpd"
ip link set lo up
{ brctl addbr xenbr0 && ip addr add 10.0.3.1/24 dev xenbr0 &&
  ip link set xenbr0 up; } || die "bridge xenbr0"
printf '%s\n' 'start 10.0.3.100' 'end 10.0.3.199' 'interface xenbr0' \
	'lease_file /tmp/udhcpd.leases' 'pidfile /tmp/udhcpd.pid' 'option subnet 255.255.255.0' 'option router 10.0.3.1' > /tmp/udhcpd.conf
touch /tmp/udhcpd.leases
udhcpd /tmp/udhcpd.conf || die "udhcpd"
say "ready:$(up)"
step "ready"

# Reason code xl logs for a guest ("Domain N has shut down, reason code R 0x...").
reason() { sed -n 's/.*has shut down, reason code \([0-9]*\).*/\1/p' "$1" | head -n 1; }
name() { sed -n 's/^name = "\(.*\)"$/\1/p' "$1"; }

if [ "$(cat /job/mode)" = console ]; then
	say "create:0:$(up)"
	xl create -c -F /job/0.cfg < /dev/ttyS1 > /dev/ttyS1 2> /tmp/0.xl
	say "exit:0:$?"
	cat /tmp/0.xl
	say "reason:0:$(reason /tmp/0.xl)"
else
	# Its output also goes to the log as it comes (a hung script shows how far it got).
	[ -f /job/dom0.sh ] && { { sh /job/dom0.sh; echo $? > /tmp/dom0.status; } 2>&1 | tee /tmp/dom0.out > /dev/console; } &
	# A guest still running a minute after the dom0 script has ended is stuck
	# (by then each has ended or been shut down): xl list and the end of its
	# console go to the log, and it is destroyed, so that the report comes now
	# (without a shutdown reason for it) instead of at the harness's timeout.
	[ -f /job/dom0.sh ] && (
		while [ ! -e /tmp/dom0.status ]; do sleep 1; done
		for n in $(seq 60); do
			left=
			for cfg in /job/*.cfg; do [ -e "/tmp/$(basename "$cfg" .cfg).done" ] || left=1; done
			[ -z "$left" ] && exit 0
			sleep 1
		done
		xl list
		for cfg in /job/*.cfg; do
			i=$(basename "$cfg" .cfg)
			[ -e /tmp/$i.done ] && continue
			echo "dom0 init: guest $i still runs 60 s after /job/dom0.sh ended; destroying it. The end of its console:"
			tail -c 2000 "/var/log/xen/console/guest-$(name "$cfg").log"
			xl destroy "$(name "$cfg")"
		done ) &
	for cfg in /job/*.cfg; do
		i=$(basename "$cfg" .cfg)
		log=/var/log/xen/console/guest-$(name "$cfg").log
		(
			echo "create:$i:$(up)" > /tmp/$i.times
			# The first console output, looked for every 10 ms while the guest runs.
			( while [ ! -s "$log" ] && [ ! -e /tmp/$i.done ]; do usleep 10000; done
			  [ -s "$log" ] && echo "output:$i:$(up)" >> /tmp/$i.times
			  [ -e /job/$i.shutdown ] && [ -s "$log" ] && xl shutdown "$(name "$cfg")" ) &
			xl create -F "$cfg" > /tmp/$i.xl 2>&1
			echo "exit:$i:$?" >> /tmp/$i.times
			touch /tmp/$i.done
			wait
		) &
	done
	wait
	for cfg in /job/*.cfg; do
		i=$(basename "$cfg" .cfg)
		cat /tmp/$i.xl
		while read -r line; do say "$line"; done < /tmp/$i.times
		say "reason:$i:$(reason /tmp/$i.xl)"
		log=/var/log/xen/console/guest-$(name "$cfg").log
		[ -f "$log" ] && base64 "$log" | while read -r b; do say "console:$i:$b"; done
	done
	if [ -f /job/dom0.sh ]; then
		base64 /tmp/dom0.out | while read -r b; do say "dom0:$b"; done
		say "dom0exit:$(cat /tmp/dom0.status)"
	fi
fi
say "end:$(up)"
poweroff -f
