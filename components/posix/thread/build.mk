# POSIX threads on one CPU: the scheduler and context switch, the pthread
# API, semaphores, and newlib's retargetable locks.
UNICORE_SRCS += $(addprefix posix/thread/,sched.c switch_x86_64.S pthread_thread.c pthread_attr.c \
	pthread_mutex.c pthread_cond.c pthread_rwlock.c pthread_key.c sem.c locks.c)
