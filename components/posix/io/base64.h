/* Base64 digits, for the framed console channel (framed.c). */
#ifndef UNICORE_BASE64_H
#define UNICORE_BASE64_H

/* The value of one base64 digit, or -1 for anything else ('=', '\r'). */
static inline int uc_base64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

#endif
