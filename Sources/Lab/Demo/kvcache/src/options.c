// SPDX-License-Identifier: MIT
#include "kvcache.h"

struct kv_option {
	const char *name;
	const char *value;
	const char *help;
};

static const struct kv_option options[] = {
//% insert option-rows
	{ NULL, NULL, NULL },
};

void kv_options_print(FILE *out)
{
	for (const struct kv_option *o = options; o->name; o++)
		fprintf(out, "%-24s %-12s %s\n", o->name, o->value, o->help);
}
