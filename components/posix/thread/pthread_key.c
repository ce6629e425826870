/*
 * Thread-specific data for the one thread: a key is a slot in a table.
 * Destructors run when the thread ends through pthread_exit; exit() and a
 * return from main end the process without running them, as POSIX says.
 */
#include <errno.h>
#include "pthread_impl.h"

struct key {
	int used;
	void (*destructor)(void *);
	const void *value;
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

int pthread_key_delete(pthread_key_t k)
{
	struct key *key = key_of(k);

	if (!key)
		return EINVAL;
	*key = (struct key){ 0 };
	return 0;
}

void *pthread_getspecific(pthread_key_t k)
{
	struct key *key = key_of(k);

	return key ? (void *)key->value : 0;
}

int pthread_setspecific(pthread_key_t k, const void *value)
{
	struct key *key = key_of(k);

	if (!key)
		return EINVAL;
	key->value = value;
	return 0;
}

/* A destructor may set values again: repeat, at most the POSIX number of times. */
void uc_pthread_run_key_destructors(void)
{
	for (int pass = 0; pass < PTHREAD_DESTRUCTOR_ITERATIONS; pass++) {
		int ran = 0;
		for (pthread_key_t i = 0; i < PTHREAD_KEYS_MAX; i++) {
			void *value = (void *)keys[i].value;
			if (!keys[i].used || !keys[i].destructor || !value)
				continue;
			keys[i].value = 0;
			keys[i].destructor(value);
			ran = 1;
		}
		if (!ran)
			return;
	}
}
