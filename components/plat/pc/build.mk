# What the PC platforms (kvm, baremetal) share beyond the arch code and the
# drivers; each appends PC_PLAT_SRCS to its PLAT_<p>_SRCS.
PC_PLAT_SRCS := plat/pc/clock.c
