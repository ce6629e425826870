// The other translation unit of cxx_exceptions.cc.
#include <iostream>
#include <stdexcept>
#include <string>

struct Base { virtual ~Base() = default; };
Base *make_base() { return new Base; }

struct Frame {
	int depth;
	~Frame() { std::cout << "  unwound frame " << depth << "\n"; }
};

void throw_from_other_unit(int depth)
{
	Frame f{depth};
	if (depth == 0)
		throw std::logic_error("thrown in another translation unit");
	throw_from_other_unit(depth - 1);
}
