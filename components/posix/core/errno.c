/*
 * Newlib's reentrant wrappers (_read_r and friends) copy errno from a global
 * `int errno` of "the system dependent layer" into the caller's reent. Our
 * calls set the reent's errno directly (one thread: the same one), so this
 * variable only has to exist; it stays 0.
 */
int errno;
