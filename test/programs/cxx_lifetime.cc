// Lifetimes around main as on Linux: constructor priorities (.init_array.N),
// static objects and their destructors (__cxa_atexit), function-local
// statics, thread_local objects with destructors (__cxa_thread_atexit),
// atexit handlers and destructor functions (.fini_array), all in glibc's order.
#include <cstdio>
#include <cstdlib>

static void say(const char *what)
{
	std::printf("%s\n", what);
}

struct Tracer {
	const char *name;
	explicit Tracer(const char *n) : name(n) { std::printf("construct %s\n", name); }
	~Tracer() { std::printf("destroy %s\n", name); }
};

__attribute__((constructor(101))) static void ctor_101() { say("constructor(101)"); }
__attribute__((constructor(200))) static void ctor_200() { say("constructor(200)"); }
__attribute__((constructor)) static void ctor_default() { say("constructor (no priority)"); }
__attribute__((destructor(101))) static void dtor_101() { say("destructor(101)"); }
__attribute__((destructor(200))) static void dtor_200() { say("destructor(200)"); }
__attribute__((destructor)) static void dtor_default() { say("destructor (no priority)"); }

static Tracer late_global __attribute__((init_priority(300))) ("global with init_priority(300)");
static Tracer early_global __attribute__((init_priority(150))) ("global with init_priority(150)");
static Tracer plain_global("global");

static Tracer &local_static()
{
	static Tracer t("function-local static");
	return t;
}

thread_local Tracer per_thread("thread_local");
thread_local int counter = 41;

static void at_exit_handler() { say("atexit handler"); }

int main()
{
	say("main starts");
	std::atexit(at_exit_handler);
	local_static();
	local_static();
	std::printf("thread_local counter %d\n", ++counter);
	std::printf("thread_local object %s\n", per_thread.name);
	say("main returns");
	return 7;
}
