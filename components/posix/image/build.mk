# The program image seen from inside: what the unwinder and the C++ runtime ask
# the "dynamic linker" about the one image (_dl_find_object, dl_iterate_phdr,
# __dso_handle). Thread-local storage is the scheduler's (posix/thread/sched.c).
UNICORE_SRCS += posix/image/dlfo.c
