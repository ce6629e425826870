// RTTI and the allocation functions: typeid, dynamic_cast through virtual
// bases, new/delete in their sized, aligned, array and nothrow forms, and a
// program's own replacement of the global operator new/delete.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <typeinfo>
#include <vector>

static int news, deletes, sized_deletes, aligned_news;

void *operator new(std::size_t n)
{
	news++;
	if (void *p = std::malloc(n ? n : 1))
		return p;
	throw std::bad_alloc();
}
void operator delete(void *p) noexcept { deletes++; std::free(p); }
void operator delete(void *p, std::size_t) noexcept { sized_deletes++; std::free(p); }
void *operator new(std::size_t n, std::align_val_t al)
{
	aligned_news++;
	if (void *p = std::aligned_alloc(static_cast<std::size_t>(al), (n + static_cast<std::size_t>(al) - 1) & ~(static_cast<std::size_t>(al) - 1)))
		return p;
	throw std::bad_alloc();
}
void operator delete(void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void *p, std::size_t, std::align_val_t) noexcept { std::free(p); }

struct Shape { virtual ~Shape() = default; virtual const char *name() const = 0; };
struct Named { virtual ~Named() = default; std::string label = "named"; };
struct Circle : virtual Shape, Named { const char *name() const override { return "circle"; } };
struct Wheel : Circle { const char *name() const override { return "wheel"; } };
struct alignas(64) Line { char bytes[64]; };

int main()
{
	std::unique_ptr<Shape> s(new Wheel);
	std::printf("typeid: %s %s\n", typeid(*s).name(), s->name());
	std::printf("same type: %d, before: %d\n", typeid(*s) == typeid(Wheel), typeid(Circle).before(typeid(Wheel)) || typeid(Wheel).before(typeid(Circle)));
	Named *n = dynamic_cast<Named *>(s.get());
	std::printf("cross cast: %s\n", n ? n->label.c_str() : "null");
	std::printf("down cast: %s\n", dynamic_cast<Circle *>(s.get()) ? "ok" : "null");
	std::printf("failed cast: %s\n", dynamic_cast<Line *>(reinterpret_cast<Line *>(0)) ? "?" : "null");

	int before = news;
	int *one = new int(5);
	delete one;
	int *many = new int[100];
	delete[] many;
	std::printf("new calls: %d, sized deletes: %d\n", news - before, sized_deletes);

	Line *line = new Line;
	std::printf("aligned new: %d, 64-byte aligned: %d\n", aligned_news, (reinterpret_cast<std::uintptr_t>(line) & 63) == 0);
	delete line;
	std::vector<Line> lines(3);
	std::printf("aligned vector: %d\n", (reinterpret_cast<std::uintptr_t>(lines.data()) & 63) == 0);

	char *none = new (std::nothrow) char[static_cast<std::size_t>(1) << 62];
	std::printf("nothrow new of 4 EiB: %s\n", none ? "memory?" : "null");
	return 0;
}
