# POSIX threads on one CPU: the scheduler and context switch, the pthread
# API, semaphores, and newlib's retargetable locks.
UNICORE_SRCS += \
	posix/thread/sched.c \
	posix/thread/switch_x86_64.S \
	posix/thread/pthread_thread.c \
	posix/thread/pthread_attr.c \
	posix/thread/pthread_mutex.c \
	posix/thread/pthread_cond.c \
	posix/thread/pthread_rwlock.c \
	posix/thread/pthread_key.c \
	posix/thread/sem.c \
	posix/thread/locks.c
