// The C++ standard library over the runtime: iostreams on the console and on
// files, std::filesystem on the in-memory filesystem, clocks, random_device,
// std::mutex and friends. Paths are relative to the working directory ("/" in
// a guest), so the same program runs natively for comparison.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

static void streams()
{
	std::string word;
	int total = 0, n;
	std::vector<std::string> words;
	while (std::cin >> word) {
		std::istringstream in(word);
		if (in >> n)
			total += n;
		else
			words.push_back(word);
	}
	std::sort(words.begin(), words.end());
	std::cout << "stdin: sum " << total << ", words";
	for (const auto &w : words)
		std::cout << ' ' << w;
	std::cout << '\n';
	std::cout << std::setw(8) << std::setfill('.') << 42 << ' ' << std::hex << 255 << std::dec << ' '
		  << std::fixed << std::setprecision(3) << 3.14159 << ' ' << std::scientific << 1e-7 << '\n';
	std::cerr << "to stderr\n";
}

static void files()
{
	fs::path dir = "cxx-fs-test";
	fs::remove_all(dir);
	fs::create_directories(dir / "a" / "b");
	{
		std::ofstream out(dir / "a" / "hello.txt");
		out << "line one\nline two\n";
	}
	std::ofstream(dir / "a" / "b" / "empty.txt");
	std::ifstream in(dir / "a" / "hello.txt");
	std::string line;
	int lines = 0;
	while (std::getline(in, line))
		lines++;
	std::cout << "fstream: " << lines << " lines, size " << fs::file_size(dir / "a" / "hello.txt") << '\n';

	fs::rename(dir / "a" / "hello.txt", dir / "hello.txt");
	fs::copy_file(dir / "hello.txt", dir / "copy.txt");
	std::vector<std::string> seen;
	for (const auto &e : fs::recursive_directory_iterator(dir))
		seen.push_back(e.path().lexically_relative(dir).string() + (e.is_directory() ? "/" : ""));
	std::sort(seen.begin(), seen.end());
	std::cout << "tree:";
	for (const auto &s : seen)
		std::cout << ' ' << s;
	std::cout << '\n';
	std::cout << "exists: " << fs::exists(dir / "a" / "hello.txt") << fs::exists(dir / "copy.txt")
		  << ", is_directory: " << fs::is_directory(dir / "a" / "b") << '\n';
	std::error_code ec;
	fs::file_size(dir / "missing", ec);
	std::cout << "missing file: " << ec.message() << '\n';
	try {
		fs::remove(dir / "a");
	} catch (const fs::filesystem_error &e) {
		std::cout << "remove non-empty: " << e.code().message() << '\n';
	}
	std::cout << "removed: " << fs::remove_all(dir) << ", left: " << fs::exists(dir) << '\n';
}

static void clocks()
{
	auto t0 = std::chrono::steady_clock::now();
	std::this_thread::sleep_for(std::chrono::milliseconds(20));
	auto slept = std::chrono::steady_clock::now() - t0;
	auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
	std::cout << "steady clock: slept >= 20 ms: " << (slept >= std::chrono::milliseconds(20))
		  << ", under 5 s: " << (slept < std::chrono::seconds(5))
		  << "; system clock after 2020: " << (now > 1577836800) << '\n';
}

static void randomness()
{
	std::random_device rd;
	unsigned a = rd(), b = rd(), c = rd();
	std::mt19937 gen(12345);
	std::uniform_int_distribution<int> dist(1, 6);
	std::cout << "random_device varies: " << !(a == b && b == c) << "; mt19937(12345):";
	for (int i = 0; i < 5; i++)
		std::cout << ' ' << dist(gen);
	std::cout << '\n';
}

static void locks()
{
	std::mutex m;
	std::recursive_mutex rm;
	std::once_flag once;
	int calls = 0;
	{
		std::lock_guard<std::mutex> g(m);
		std::lock_guard<std::recursive_mutex> r1(rm), r2(rm);
		std::call_once(once, [&] { calls++; });
		std::call_once(once, [&] { calls++; });
	}
	std::unique_lock<std::mutex> u(m, std::try_to_lock);
	std::cout << "mutex: try_lock " << u.owns_lock() << ", call_once ran " << calls << "x\n";
}

int main()
{
	streams();
	files();
	clocks();
	randomness();
	locks();
	std::map<std::string, int> counts{{"b", 2}, {"a", 1}};
	for (const auto &[k, v] : counts)
		std::cout << k << '=' << v << ' ';
	std::cout << std::endl;
	return 0;
}
