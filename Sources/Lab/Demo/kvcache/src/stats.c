// SPDX-License-Identifier: MIT
#include "kvcache.h"
//% if hist

void kv_stats_record_latency(struct kv_stats *s, unsigned sample)
{
	s->latency[sample / KV_LATENCY_WIDTH]++;
}
//% end

void kv_stats_print(const struct kv_cache *c, FILE *out)
{
	fprintf(out, "entries %zu/%zu\n", c->{{stats-count}}, c->capacity);
	fprintf(out, "gets %lu hits %lu misses %lu\n", c->stats.gets, c->stats.hits, c->stats.misses);
	fprintf(out, "sets %lu evictions %lu\n", c->stats.sets, c->stats.evictions);
//% if del-stats
	fprintf(out, "deletes %lu\n", c->stats.deletes);
//% end
//% if pressure
	fprintf(out, "reclaimed %lu\n", c->stats.reclaims);
//% end
//% if ratio
	if (c->stats.gets)
		fprintf(out, "hit ratio %.2f\n", (double)c->stats.hits / c->stats.gets);
//% end
//% if hist
	for (int i = 0; i < KV_LATENCY_BUCKETS; i++)
		if (c->stats.latency[i])
			fprintf(out, "latency %dus %lu\n", i * KV_LATENCY_WIDTH, c->stats.latency[i]);
//% end
}
