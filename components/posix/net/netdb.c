/*
 * The parts of <netdb.h> that work without a name service: error texts and
 * freeing results (the lookups themselves are in core/enosys.c).
 */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>

const char *gai_strerror(int code)
{
	switch (code) {
	case 0: return "Success";
	case EAI_BADFLAGS: return "Invalid flags";
	case EAI_NONAME: return "Name does not resolve";
	case EAI_AGAIN: return "Temporary failure in name resolution";
	case EAI_FAIL: return "Non-recoverable failure in name resolution";
	case EAI_NODATA: return "No address associated with hostname";
	case EAI_FAMILY: return "Unrecognized address family or invalid length";
	case EAI_SOCKTYPE: return "Unrecognized socket type";
	case EAI_SERVICE: return "Unrecognized service";
	case EAI_ADDRFAMILY: return "Address family for hostname not supported";
	case EAI_MEMORY: return "Out of memory";
	case EAI_SYSTEM: return "System error";
	case EAI_OVERFLOW: return "Overflow";
	default: return "Unknown error";
	}
}

void freeaddrinfo(struct addrinfo *ai)
{
	while (ai) {
		struct addrinfo *next = ai->ai_next;
		free(ai->ai_canonname);
		free(ai->ai_addr);
		free(ai);
		ai = next;
	}
}

const char *hstrerror(int code)
{
	switch (code) {
	case HOST_NOT_FOUND: return "Unknown host";
	case TRY_AGAIN: return "Host name lookup failure";
	case NO_RECOVERY: return "Unknown server error (no name service on unicore)";
	case NO_DATA: return "No address associated with name";
	default: return "Unknown error";
	}
}

void herror(const char *prefix)
{
	if (prefix && *prefix)
		fprintf(stderr, "%s: %s\n", prefix, hstrerror(h_errno));
	else
		fprintf(stderr, "%s\n", hstrerror(h_errno));
}
