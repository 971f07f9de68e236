// SPDX-License-Identifier: MIT
#include <stdio.h>
#include "kvcache.h"

/*
 * Stand-ins for the environment: a real service reads /proc/pressure/memory and
 * a clock; this one draws from /dev/urandom, so that, as with real races, a
 * reproducer hits a bad interleaving only some of the time.
 */
static unsigned char random_byte(void)
{
	unsigned char b = 0;
	FILE *f = fopen("/dev/urandom", "rb");

	if (f) {
		if (fread(&b, 1, 1, f) != 1)
			b = 0;
		fclose(f);
	}
	return b;
}

/* True about one time in three: the host wants memory back. */
int kv_pressure(void)
{
	return random_byte() % 3 == 0;
}
//% if hist

/* Microseconds a request took, as the clock would say. */
unsigned kv_elapsed_sample(void)
{
	return random_byte();
}
//% end
