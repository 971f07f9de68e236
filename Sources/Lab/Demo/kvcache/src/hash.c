// SPDX-License-Identifier: MIT
#include "kvcache.h"

/* FNV-1a: small, fast, and good enough for short keys. */
unsigned long kv_hash(const char *s)
{
	unsigned long h = 14695981039346656037UL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211UL;
	}
	return h;
}
