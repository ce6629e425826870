# Terminal settings (termios) over the console.
UNICORE_SRCS += posix/term/termios.c
