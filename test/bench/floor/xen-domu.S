/*
 * The floor for the Xen domU benchmark: a PVH guest that `xl create` starts,
 * writes one line into the console ring xenconsoled serves, waits until
 * xenconsoled has read it and shuts down. 32-bit protected mode, paging off
 * (as PVH enters), so the ring page is at its physical address and
 * hypercalls use the 32-bit ABI (ebx, ecx, edx).
 */
#include "xen-floor.h"
#define HYPERVISOR_event_channel_op 32
#define HYPERVISOR_hvm_op        34
#define SCHEDOP_yield            0
#define EVTCHNOP_send            4
#define HVMOP_get_param          1
#define HVM_PARAM_CONSOLE_PFN    17
#define HVM_PARAM_CONSOLE_EVTCHN 18
#define RING_OUT      1024		/* struct xencons_interface: in[1024], out[2048], */
#define RING_OUT_CONS 3080		/* in_cons, in_prod, out_cons, out_prod */
#define RING_OUT_PROD 3084

	xen_notes

	.text
	.code32
	.globl _start
_start:
	movl $stack_top, %esp		/* xl's domain builder leaves esp at 0 */
	xen_hypercall_page halt

	movl $HVM_PARAM_CONSOLE_PFN, param_index
	movl $HVMOP_get_param, %ebx
	movl $param, %ecx
	call hypercall_page + HYPERVISOR_hvm_op * 32
	movl param_value, %edi
	shll $12, %edi			/* edi: the ring */
	movl $HVM_PARAM_CONSOLE_EVTCHN, param_index
	movl $HVMOP_get_param, %ebx
	movl $param, %ecx
	call hypercall_page + HYPERVISOR_hvm_op * 32
	movl param_value, %eax
	movl %eax, port

	movl RING_OUT_PROD(%edi), %edx	/* copy the message in at out_prod */
	movl $message, %esi
3:	cmpl $message_end, %esi
	je 4f
	movb (%esi), %al
	movl %edx, %ecx
	andl $2047, %ecx
	movb %al, RING_OUT(%edi,%ecx)
	incl %esi
	incl %edx
	jmp 3b
4:	movl %edx, RING_OUT_PROD(%edi)
	movl $EVTCHNOP_send, %ebx
	movl $port, %ecx
	call hypercall_page + HYPERVISOR_event_channel_op * 32

5:	movl RING_OUT_CONS(%edi), %eax	/* wait until xenconsoled took it */
	cmpl RING_OUT_PROD(%edi), %eax
	je 6f
	movl $SCHEDOP_yield, %ebx
	xorl %ecx, %ecx
	call hypercall_page + HYPERVISOR_sched_op * 32
	jmp 5b

6:	movl $SCHEDOP_shutdown, %ebx
	movl $shutdown_reason, %ecx
	call hypercall_page + HYPERVISOR_sched_op * 32
halt:	hlt
	jmp halt

	.data
message:	.ascii "unicore-floor-up\r\n"
message_end:
	.align 8
param:		.short 0x7ff0		/* struct xen_hvm_param: DOMID_SELF */
		.short 0
param_index:	.long 0
param_value:	.quad 0
port:		.long 0
shutdown_reason: .long 0		/* SHUTDOWN_poweroff */

	.bss
	.align 4096
hypercall_page:	.skip 4096
		.skip 1024
stack_top:
