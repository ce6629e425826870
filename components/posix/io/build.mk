# Descriptors and what they can name besides files (libunicore.a): the fd
# table, the console (raw or the framed channel), pipes, poll and select.
UNICORE_SRCS += $(addprefix posix/io/,fd.c console.c framed.c pipe.c poll.c)
