/* SPDX-License-Identifier: MIT */
#ifndef KVCACHE_H
#define KVCACHE_H

#include <stddef.h>
#include <stdio.h>

#define KV_DEFAULT_CAPACITY {{capacity}}
#define KV_MAX_LINE {{max-line}}
//% if max-key
#define KV_MAX_KEY 250
//% end
//% if hist
#define KV_LATENCY_BUCKETS 50
#define KV_LATENCY_WIDTH 5
//% end

struct kv_entry {
	char *key;
	char *value;
	struct kv_entry *hnext;		/* hash chain */
	struct kv_entry *prev, *next;	/* LRU list, most recent first */
	unsigned long hits;
};

struct kv_stats {
//% if del-stats && pressure
	unsigned long gets, hits, misses, sets, evictions, deletes, reclaims;
//% elif del-stats
	unsigned long gets, hits, misses, sets, evictions, deletes;
//% elif pressure
	unsigned long gets, hits, misses, sets, evictions, reclaims;
//% else
	unsigned long gets, hits, misses, sets, evictions;
//% end
//% if hist
	unsigned long *latency;	/* GET latency histogram */
//% end
};

struct kv_cache {
	struct kv_entry **buckets;
	size_t nbuckets;
	size_t {{count}};
	size_t capacity;
	struct kv_entry *head, *tail;
	struct kv_stats stats;
};

unsigned long kv_hash(const char *s);
struct kv_cache *kv_cache_new(size_t capacity);
void kv_cache_free(struct kv_cache *c);
int kv_set(struct kv_cache *c, const char *key, const char *value);
struct kv_entry *kv_lookup(struct kv_cache *c, const char *key);
int kv_del(struct kv_cache *c, const char *key);
int kv_handle_line(struct kv_cache *c, char *line, FILE *out);
void kv_stats_print(const struct kv_cache *c, FILE *out);
void kv_options_print(FILE *out);
//% if pressure
size_t kv_reclaim(struct kv_cache *c);
int kv_pressure(void);
//% end
//% if hist
unsigned kv_elapsed_sample(void);
void kv_stats_record_latency(struct kv_stats *s, unsigned sample);
//% end

#endif
