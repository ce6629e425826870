/* unicore: newlib's <termios.h> includes a <sys/termios.h> that its generic
 * targets do not have; ours is in sys/termios.h. */
#ifndef _TERMIOS_H
#define _TERMIOS_H
#include <sys/termios.h>
#endif
