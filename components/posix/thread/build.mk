# POSIX threads for one thread: real locks, pthread_create fails with EAGAIN.
UNICORE_SRCS += $(addprefix posix/thread/,pthread_mutex.c pthread_cond.c pthread_rwlock.c \
	pthread_key.c pthread_thread.c pthread_attr.c)
