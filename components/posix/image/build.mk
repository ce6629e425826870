# The program image seen from inside: thread-local storage of the main thread,
# and what the unwinder and C++ runtime ask the "dynamic linker" about the one
# image (_dl_find_object, dl_iterate_phdr, __dso_handle).
UNICORE_SRCS += $(addprefix posix/image/,tls.c dlfo.c)
