/* What the parts of the kvm platform share. */
#ifndef UNICORE_KVM_H
#define UNICORE_KVM_H

/* clock.c: starts the TSC clock and reads the wall clock once. */
void kvm_clock_init(void);

#endif
