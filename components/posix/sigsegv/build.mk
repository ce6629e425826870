# The GNU libsigsegv API (gnulib's c-stack, programs that catch their own
# page faults) in libunicore.a, over SA_SIGINFO handlers on the alternate
# stack (posix/core/fault.c). `-lsigsegv` finds an empty archive (Makefile).
UNICORE_SRCS += posix/sigsegv/sigsegv.c
