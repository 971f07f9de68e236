// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>
#include "kvcache.h"

struct kv_cache *kv_cache_new(size_t capacity)
{
	struct kv_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->capacity = capacity ? capacity : KV_DEFAULT_CAPACITY;
//% if pow2
	c->nbuckets = 1;
	while (c->nbuckets < 2 * c->capacity)
		c->nbuckets <<= 1;
//% else
	c->nbuckets = 2 * c->capacity;
//% end
//% if hist
	c->buckets = calloc(c->nbuckets, sizeof(*c->buckets));
	c->stats.latency = calloc(KV_LATENCY_BUCKETS, sizeof(*c->stats.latency));
	if (!c->buckets || !c->stats.latency) {
		free(c->buckets);
		free(c->stats.latency);
		free(c);
		return NULL;
	}
//% else
	c->buckets = calloc(c->nbuckets, sizeof(*c->buckets));
	if (!c->buckets) {
		free(c);
		return NULL;
	}
//% end
	return c;
}

static void lru_unlink(struct kv_cache *c, struct kv_entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = NULL;
}

static void lru_push(struct kv_cache *c, struct kv_entry *e)
{
	e->next = c->head;
	if (c->head)
		c->head->prev = e;
	c->head = e;
	if (!c->tail)
		c->tail = e;
}

static void evict(struct kv_cache *c, struct kv_entry *e)
{
	struct kv_entry **p = &c->buckets[kv_hash(e->key) % c->nbuckets];

	while (*p != e)
		p = &(*p)->hnext;
	*p = e->hnext;
	lru_unlink(c, e);
	c->{{count}}--;
	free(e->key);
	free(e->value);
	free(e);
}

struct kv_entry *kv_lookup(struct kv_cache *c, const char *key)
{
	struct kv_entry *e = c->buckets[kv_hash(key) % c->nbuckets];

	for (; e; e = e->hnext) {
		if (strcmp(e->key, key) == 0) {
			lru_unlink(c, e);
			lru_push(c, e);
			e->hits++;
			return e;
		}
	}
	return NULL;
}

int kv_set(struct kv_cache *c, const char *key, const char *value)
{
	struct kv_entry *e = kv_lookup(c, key);
	char *copy = strdup(value);
	size_t b;

	if (!copy)
		return -1;
	if (e) {
		free(e->value);
		e->value = copy;
		return 0;
	}
	if (c->{{count}} >= c->capacity && c->tail) {
		evict(c, c->tail);
		c->stats.evictions++;
	}
	e = calloc(1, sizeof(*e));
	if (!e || !(e->key = strdup(key))) {
		free(e);
		free(copy);
		return -1;
	}
	e->value = copy;
	b = kv_hash(key) % c->nbuckets;
	e->hnext = c->buckets[b];
	c->buckets[b] = e;
	lru_push(c, e);
	c->{{count}}++;
	c->stats.sets++;
	return 0;
}

int kv_del(struct kv_cache *c, const char *key)
{
	struct kv_entry *e = kv_lookup(c, key);

	if (!e)
		return -1;
	evict(c, e);
//% if del-stats
	c->stats.deletes++;
//% end
	return 0;
}

//% if pressure
/* Under memory pressure the cache gives back everything it holds. */
size_t kv_reclaim(struct kv_cache *c)
{
	size_t n = 0;

	while (c->tail) {
		evict(c, c->tail);
		n++;
	}
	c->stats.reclaims += n;
	return n;
}

//% end
void kv_cache_free(struct kv_cache *c)
{
	if (!c)
		return;
//% if pressure
	kv_reclaim(c);
//% else
	while (c->tail)
		evict(c, c->tail);
//% end
	free(c->buckets);
//% if hist
	free(c->stats.latency);
//% end
	free(c);
}
