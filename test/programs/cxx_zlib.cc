// A C++ program over a C library built with the unicore toolchain (zlib):
// compresses and restores text held in std::string, with RAII around the
// C stream and errors turned into exceptions.
#include <iostream>
#include <stdexcept>
#include <string>
#include <zlib.h>

static std::string deflate_all(const std::string &in)
{
	uLongf size = compressBound(in.size());
	std::string out(size, '\0');
	if (compress2(reinterpret_cast<Bytef *>(&out[0]), &size, reinterpret_cast<const Bytef *>(in.data()), in.size(), 9) != Z_OK)
		throw std::runtime_error("compress2 failed");
	out.resize(size);
	return out;
}

struct Inflater {
	z_stream zs{};
	Inflater() { if (inflateInit(&zs) != Z_OK) throw std::runtime_error("inflateInit failed"); }
	~Inflater() { inflateEnd(&zs); }
};

static std::string inflate_all(const std::string &in, size_t expect)
{
	Inflater z;
	std::string out(expect, '\0');
	z.zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
	z.zs.avail_in = in.size();
	z.zs.next_out = reinterpret_cast<Bytef *>(&out[0]);
	z.zs.avail_out = out.size();
	if (inflate(&z.zs, Z_FINISH) != Z_STREAM_END)
		throw std::runtime_error(std::string("inflate failed: ") + (z.zs.msg ? z.zs.msg : "?"));
	return out;
}

int main()
{
	std::string text;
	for (int i = 0; i < 200; i++)
		text += "unicore runs C++ over zlib " + std::to_string(i % 7) + "\n";
	std::string packed = deflate_all(text);
	std::string back = inflate_all(packed, text.size());
	std::cout << "zlib " << zlibVersion() << ": " << text.size() << " bytes -> smaller: " << (packed.size() < text.size() / 4)
		  << ", round trip equal: " << (back == text) << ", crc32 " << std::hex
		  << crc32(0, reinterpret_cast<const Bytef *>(text.data()), text.size()) << std::dec << '\n';
	try {
		inflate_all("not zlib data", 10);
	} catch (const std::runtime_error &e) {
		std::cout << "caught: " << e.what() << '\n';
	}
	return back == text ? 0 : 1;
}
