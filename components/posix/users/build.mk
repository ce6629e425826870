# The user and group database: root and its group, nothing else.
UNICORE_SRCS += posix/users/users.c
