// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>
//% if nocase
#include <strings.h>
//% end
#include "kvcache.h"

static void print_value(FILE *out, const char *v)
{
	while (*v)
		fputc(*v++, out);
	fputc('\n', out);
}

static void cmd_get(struct kv_cache *c, const char *key, FILE *out)
{
	struct kv_entry *e = kv_lookup(c, key);
//% if pressure && getref
	const char *value;
//% elif pressure
	char *value;
//% end

	c->stats.gets++;
	if (!e) {
		c->stats.misses++;
		fputs("(nil)\n", out);
		return;
	}
	c->stats.hits++;
//% if !pressure
	print_value(out, e->value);
//% elif getref
	value = e->value;
	if (kv_pressure())
		kv_reclaim(c);
	print_value(out, value);
//% else
	value = strdup(e->value);
	if (!value) {
		fputs("ERR out of memory\n", out);
		return;
	}
	if (kv_pressure())
		kv_reclaim(c);
	print_value(out, value);
	free(value);
//% end
//% if hist
	kv_stats_record_latency(&c->stats, kv_elapsed_sample());
//% end
}

int kv_handle_line(struct kv_cache *c, char *line, FILE *out)
{
	char *cmd = strtok(line, " \t\r\n");
	char *key = strtok(NULL, " \t\r\n");
	char *value = strtok(NULL, "\r\n");

	if (!cmd)
		return 0;
//% if max-key
	if (key && strlen(key) > KV_MAX_KEY) {
		fputs("ERR key too long\n", out);
		return 0;
	}
//% end
	if ({{cmp}}(cmd, "SET") == 0 && key && value) {
		fputs(kv_set(c, key, value) == 0 ? "OK\n" : "ERR out of memory\n", out);
	} else if ({{cmp}}(cmd, "GET") == 0 && key) {
		cmd_get(c, key, out);
	} else if ({{cmp}}(cmd, "DEL") == 0 && key) {
		fputs(kv_del(c, key) == 0 ? "OK\n" : "(nil)\n", out);
//% if exists
	} else if ({{cmp}}(cmd, "EXISTS") == 0 && key) {
		fputs(kv_lookup(c, key) ? "1\n" : "0\n", out);
//% end
//% if touch
	} else if ({{cmp}}(cmd, "TOUCH") == 0 && key) {
		fputs(kv_lookup(c, key) ? "OK\n" : "(nil)\n", out);
//% end
//% if config-cmd
	} else if ({{cmp}}(cmd, "CONFIG") == 0) {
		kv_options_print(out);
//% end
	} else if ({{cmp}}(cmd, "STATS") == 0) {
		kv_stats_print(c, out);
	} else if ({{cmp}}(cmd, "QUIT") == 0) {
		return 1;
	} else {
		fprintf(out, "ERR unknown command '%s'\n", cmd);
	}
	return 0;
}
