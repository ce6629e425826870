# The in-memory filesystem and the path-based POSIX calls (see vfs.h); host.c
# passes them to the build machine when a program runs unbaked there.
UNICORE_SRCS += $(addprefix posix/fs/,node.c init.c lookup.c open.c dev.c tar.c paths.c rename.c attrs.c dirent.c host.c)
