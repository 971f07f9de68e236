// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>
#include "kvcache.h"

int main(int argc, char **argv)
{
	char line[KV_MAX_LINE];
//% if env-capacity
	const char *env = getenv("KVCACHE_CAPACITY");
	size_t capacity = argc > 1 ? strtoul(argv[1], NULL, 10) : env ? strtoul(env, NULL, 10) : 0;
//% else
	size_t capacity = argc > 1 ? strtoul(argv[1], NULL, 10) : 0;
//% end
	struct kv_cache *c = kv_cache_new(capacity);

	if (!c) {
		fputs("kvcache: out of memory\n", stderr);
		return 1;
	}
//% if flush
	while (fgets(line, sizeof(line), stdin)) {
		int quit = kv_handle_line(c, line, stdout);

		fflush(stdout);
		if (quit)
			break;
	}
//% else
	while (fgets(line, sizeof(line), stdin))
		if (kv_handle_line(c, line, stdout))
			break;
//% end
	kv_cache_free(c);
	return 0;
}
