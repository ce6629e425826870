// An exception nobody catches: std::terminate, abort, status 134.
#include <cstdio>
#include <stdexcept>

static void fail()
{
	throw std::runtime_error("nobody catches this");
}

int main()
{
	std::puts("before the throw");
	std::fflush(stdout);
	fail();
	std::puts("not reached");
	return 0;
}
