// C++ exceptions as on Linux: thrown in another translation unit and through
// C frames compiled with -fexceptions (cxx_exceptions_c.c), by libstdc++
// itself, rethrown, carried in exception_ptr, nested; destructors unwind.
#include <cstdio>
#include <exception>
#include <iostream>
#include <new>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

// cxx_exceptions_other.cc
void throw_from_other_unit(int depth);
struct Base { virtual ~Base() = default; };
struct Derived : Base {};
Base *make_base();

// cxx_exceptions_c.c: calls back through C frames.
extern "C" int c_apply(int (*fn)(int), int value);

static int guards;

struct Guard {
	std::string name;
	explicit Guard(std::string n) : name(std::move(n)) { guards++; }
	~Guard() { guards--; std::cout << "  unwound " << name << "\n"; }
};

extern "C" int throwing_callback(int value)
{
	Guard g("callback");
	if (value > 2)
		throw std::runtime_error("from a callback under C, value " + std::to_string(value));
	return value * 2;
}

static void across_units()
{
	Guard g("across_units");
	throw_from_other_unit(3);
}

int main()
{
	try {
		across_units();
	} catch (const std::logic_error &e) {
		std::cout << "1 caught logic_error: " << e.what() << "\n";
	}

	std::cout << "2 c_apply(2) = " << c_apply(throwing_callback, 2) << "\n";
	try {
		c_apply(throwing_callback, 5);
	} catch (const std::exception &e) {
		std::cout << "2 caught through C: " << e.what() << "\n";
	}

	try {
		std::vector<int> v(3);
		v.at(10) = 1;
	} catch (const std::out_of_range &e) {
		std::cout << "3 vector::at: " << e.what() << "\n";
	}

	try {
		try {
			throw std::invalid_argument("first");
		} catch (...) {
			std::cout << "4 rethrowing\n";
			throw;
		}
	} catch (const std::invalid_argument &e) {
		std::cout << "4 caught rethrown: " << e.what() << "\n";
	}

	std::exception_ptr saved;
	try {
		throw std::length_error("kept for later");
	} catch (...) {
		saved = std::current_exception();
	}
	try {
		std::rethrow_exception(saved);
	} catch (const std::length_error &e) {
		std::cout << "5 exception_ptr: " << e.what() << "\n";
	}

	try {
		try {
			throw std::runtime_error("inner");
		} catch (...) {
			std::throw_with_nested(std::logic_error("outer"));
		}
	} catch (const std::logic_error &e) {
		std::cout << "6 nested: " << e.what();
		try {
			std::rethrow_if_nested(e);
		} catch (const std::runtime_error &inner) {
			std::cout << " <- " << inner.what() << "\n";
		}
	}

	Base *b = make_base();
	try {
		Derived &d = dynamic_cast<Derived &>(*b);
		(void)d;
	} catch (const std::bad_cast &e) {
		std::cout << "7 bad_cast caught\n";
	}
	delete b;

	try {
		std::vector<char> huge(static_cast<size_t>(1) << 60);
		std::cout << "8 no bad_alloc?\n";
	} catch (const std::bad_alloc &) {
		std::cout << "8 bad_alloc caught\n";
	} catch (const std::length_error &) {
		std::cout << "8 bad_alloc caught\n";
	}

	try {
		throw 42;
	} catch (long) {
		std::cout << "9 wrong handler\n";
	} catch (int v) {
		std::cout << "9 caught int " << v << "\n";
	}

	std::cout << "guards left: " << guards << ", uncaught: " << std::uncaught_exceptions() << "\n";
	return guards == 0 ? 0 : 1;
}
