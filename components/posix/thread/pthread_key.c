/*
 * Thread-specific data: a key is a slot in a table of destructors; each
 * thread's values are an array of PTHREAD_KEYS_MAX pointers made on its
 * first pthread_setspecific. Destructors run when a thread ends (return
 * from its start routine or pthread_exit); exit() and a return from main
 * end the process without running them, as POSIX says.
 */
#include <errno.h>
#include <stdlib.h>
#include "pthread_impl.h"
#include "sched.h"

struct key {
	int used;
	void (*destructor)(void *);
};

static struct key keys[PTHREAD_KEYS_MAX];

static struct key *key_of(pthread_key_t k)
{
	return k < PTHREAD_KEYS_MAX && keys[k].used ? &keys[k] : 0;
}

int pthread_key_create(pthread_key_t *k, void (*destructor)(void *))
{
	for (pthread_key_t i = 0; i < PTHREAD_KEYS_MAX; i++) {
		if (!keys[i].used) {
			keys[i] = (struct key){ .used = 1, .destructor = destructor };
			*k = i;
			return 0;
		}
	}
	return EAGAIN;
}

/* Values set under a deleted key must not show under a new one. */
int pthread_key_delete(pthread_key_t k)
{
	struct uc_thread *self = uc_self(), *t = self;

	if (!key_of(k))
		return EINVAL;
	keys[k] = (struct key){ 0 };
	do {
		if (t->specific)
			t->specific[k] = 0;
		t = t->next;
	} while (t != self);
	return 0;
}

void *pthread_getspecific(pthread_key_t k)
{
	const void **values = uc_self()->specific;

	return key_of(k) && values ? (void *)values[k] : 0;
}

int pthread_setspecific(pthread_key_t k, const void *value)
{
	struct uc_thread *self = uc_self();

	if (!key_of(k))
		return EINVAL;
	if (!self->specific) {
		self->specific = calloc(PTHREAD_KEYS_MAX, sizeof *self->specific);
		if (!self->specific)
			return ENOMEM;
	}
	self->specific[k] = value;
	return 0;
}

/* A destructor may set values again: repeat, at most the POSIX number of times. */
void uc_pthread_run_key_destructors(void)
{
	const void **values = uc_self()->specific;

	for (int pass = 0; values && pass < PTHREAD_DESTRUCTOR_ITERATIONS; pass++) {
		int ran = 0;
		for (pthread_key_t i = 0; i < PTHREAD_KEYS_MAX; i++) {
			void *value = (void *)values[i];
			if (!keys[i].used || !keys[i].destructor || !value)
				continue;
			values[i] = 0;
			keys[i].destructor(value);
			ran = 1;
		}
		if (!ran)
			return;
	}
}
