# The in-memory filesystem and the path-based POSIX calls (see vfs.h).
UNICORE_SRCS += $(addprefix posix/fs/,node.c lookup.c open.c dev.c tar.c paths.c rename.c attrs.c dirent.c host.c)
