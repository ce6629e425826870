// std::thread, std::mutex, std::condition_variable and thread_local over the
// runtime's scheduler: four threads add under a mutex, each sees its own
// thread_local, the main thread waits on a condition variable, then joins.
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

thread_local int tl = 0;

int main()
{
	std::mutex m;
	std::condition_variable cv;
	long total = 0;
	int distinct = 0, finished = 0;
	std::vector<std::thread> threads;

	for (int i = 1; i <= 4; i++)
		threads.emplace_back([&, i] {
			tl = i;
			for (int k = 0; k < 1000; k++) {
				std::lock_guard<std::mutex> g(m);
				total += i;
			}
			std::this_thread::yield();
			std::lock_guard<std::mutex> g(m);
			distinct += tl == i;
			finished++;
			cv.notify_one();
		});
	{
		std::unique_lock<std::mutex> l(m);
		cv.wait(l, [&] { return finished == 4; });
	}
	for (auto &t : threads)
		t.join();
	std::cout << "total: " << total << ", thread_local distinct: " << distinct << ", main's: " << tl << '\n';
	std::cout << "still running\n";
	return 0;
}
