# What the PC platforms (kvm, baremetal) share beyond the arch code and the
# drivers (the boot after the console, plat_exit, the clocks); each appends
# PC_PLAT_SRCS to its PLAT_<p>_SRCS.
PC_PLAT_SRCS := plat/pc/start.c plat/pc/clock.c
