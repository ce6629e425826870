// std::thread before the runtime has threads: pthread_create fails with
// EAGAIN, so the constructor throws std::system_error, cleanly, and the
// program goes on. (Once threads exist this program must change.)
#include <cerrno>
#include <iostream>
#include <system_error>
#include <thread>

int main()
{
	int ran = 0;
	try {
		std::thread t([&] { ran = 1; });
		t.join();
		std::cout << "thread ran: " << ran << '\n';
	} catch (const std::system_error &e) {
		std::cout << "system_error: " << (e.code() == std::errc::resource_unavailable_try_again ? "EAGAIN" : e.code().message())
			  << ", thread ran: " << ran << '\n';
	}
	std::cout << "hardware_concurrency: " << std::thread::hardware_concurrency() << '\n';
	std::cout << "still running\n";
	return 0;
}
