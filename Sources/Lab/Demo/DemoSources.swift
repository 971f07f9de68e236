import Foundation

/// Renders the demo project's files (a small in-memory key-value cache in C) from a
/// ``DemoState``: which features have landed, the option table, the documentation paragraphs,
/// the test cases. Every combination of features the history produces compiles, except the
/// planted broken stretch (the `rename` feature without `rename-stats`).
enum DemoSources {
    /// The reproducer the demo's test command feeds to the program.
    static let reproducer = "SET user alice\\nGET user\\n"
    /// The program the build produces, relative to the worktree.
    static let binary = "kvcache"

    /// All files of the tree in `state`, path to content.
    static func render(_ state: DemoState) -> [String: String] {
        var files: [String: String] = [
            "include/kvcache.h": header(state),
            "src/hash.c": hash,
            "src/cache.c": cache(state),
            "src/stats.c": stats(state),
            "src/proto.c": proto(state),
            "src/main.c": main(state),
            "src/options.c": options(state),
            "Makefile": makefile,
            ".gitignore": "/kvcache\n*.o\n",
            "MAINTAINERS": DemoPeople.maintainersFile(withStats: state.has("stats-section")),
            "tests/run.sh": testRunner,
        ]
        if state.has("pressure") { files["src/pressure.c"] = pressure(state) }
        for (file, paragraphs) in state.documents() {
            files[file] = paragraphs.joined(separator: "\n\n") + "\n"
        }
        for (name, text) in state.values(prefix: "test:") { files["tests/cases/\(name).kv"] = text }
        return files
    }

    private static func header(_ s: DemoState) -> String {
        let count = s.has("rename") ? "nentries" : "count"
        var statsFields = "\tunsigned long gets, hits, misses, sets, evictions"
        if s.has("del-stats") { statsFields += ", deletes" }
        statsFields += s.has("pressure") ? ", reclaims;\n" : ";\n"
        if s.has("hist") { statsFields += "\tunsigned long *latency;\t/* GET latency histogram */\n" }
        var decls = """
            unsigned long kv_hash(const char *s);
            struct kv_cache *kv_cache_new(size_t capacity);
            void kv_cache_free(struct kv_cache *c);
            int kv_set(struct kv_cache *c, const char *key, const char *value);
            struct kv_entry *kv_lookup(struct kv_cache *c, const char *key);
            int kv_del(struct kv_cache *c, const char *key);
            int kv_handle_line(struct kv_cache *c, char *line, FILE *out);
            void kv_stats_print(const struct kv_cache *c, FILE *out);
            void kv_options_print(FILE *out);

            """
        if s.has("pressure") { decls += "size_t kv_reclaim(struct kv_cache *c);\nint kv_pressure(void);\n" }
        if s.has("hist") {
            decls += "unsigned kv_elapsed_sample(void);\n"
            decls += "void kv_stats_record_latency(struct kv_stats *s, unsigned sample);\n"
        }
        var limits = "#define KV_DEFAULT_CAPACITY \(s.value("const:capacity") ?? "64")\n"
        limits += "#define KV_MAX_LINE \(s.value("const:max-line") ?? "512")\n"
        if s.has("max-key") { limits += "#define KV_MAX_KEY 250\n" }
        if s.has("hist") { limits += "#define KV_LATENCY_BUCKETS 50\n#define KV_LATENCY_WIDTH 5\n" }
        return """
            /* SPDX-License-Identifier: MIT */
            #ifndef KVCACHE_H
            #define KVCACHE_H

            #include <stddef.h>
            #include <stdio.h>

            \(limits)
            struct kv_entry {
            \tchar *key;
            \tchar *value;
            \tstruct kv_entry *hnext;\t\t/* hash chain */
            \tstruct kv_entry *prev, *next;\t/* LRU list, most recent first */
            \tunsigned long hits;
            };

            struct kv_stats {
            \(statsFields)};

            struct kv_cache {
            \tstruct kv_entry **buckets;
            \tsize_t nbuckets;
            \tsize_t \(count);
            \tsize_t capacity;
            \tstruct kv_entry *head, *tail;
            \tstruct kv_stats stats;
            };

            \(decls)
            #endif

            """
    }

    private static let hash = """
        // SPDX-License-Identifier: MIT
        #include "kvcache.h"

        /* FNV-1a: small, fast, and good enough for short keys. */
        unsigned long kv_hash(const char *s)
        {
        \tunsigned long h = 14695981039346656037UL;

        \twhile (*s) {
        \t\th ^= (unsigned char)*s++;
        \t\th *= 1099511628211UL;
        \t}
        \treturn h;
        }

        """

    private static func cache(_ s: DemoState) -> String {
        let count = s.has("rename") ? "nentries" : "count"
        let hist = s.has("hist")
        let alloc =
            hist
            ? """
            \tc->buckets = calloc(c->nbuckets, sizeof(*c->buckets));
            \tc->stats.latency = calloc(KV_LATENCY_BUCKETS, sizeof(*c->stats.latency));
            \tif (!c->buckets || !c->stats.latency) {
            \t\tfree(c->buckets);
            \t\tfree(c->stats.latency);
            \t\tfree(c);
            \t\treturn NULL;
            \t}
            """
            : """
            \tc->buckets = calloc(c->nbuckets, sizeof(*c->buckets));
            \tif (!c->buckets) {
            \t\tfree(c);
            \t\treturn NULL;
            \t}
            """
        let reclaim =
            s.has("pressure")
            ? """

            /* Under memory pressure the cache gives back everything it holds. */
            size_t kv_reclaim(struct kv_cache *c)
            {
            \tsize_t n = 0;

            \twhile (c->tail) {
            \t\tevict(c, c->tail);
            \t\tn++;
            \t}
            \tc->stats.reclaims += n;
            \treturn n;
            }

            """ : ""
        let drain =
            s.has("pressure")
            ? "\tkv_reclaim(c);\n"
            : "\twhile (c->tail)\n\t\tevict(c, c->tail);\n"
        return """
            // SPDX-License-Identifier: MIT
            #include <stdlib.h>
            #include <string.h>
            #include "kvcache.h"

            struct kv_cache *kv_cache_new(size_t capacity)
            {
            \tstruct kv_cache *c = calloc(1, sizeof(*c));

            \tif (!c)
            \t\treturn NULL;
            \tc->capacity = capacity ? capacity : KV_DEFAULT_CAPACITY;
            \(s.has("pow2") ? "\tc->nbuckets = 1;\n\twhile (c->nbuckets < 2 * c->capacity)\n\t\tc->nbuckets <<= 1;" : "\tc->nbuckets = 2 * c->capacity;")
            \(alloc)
            \treturn c;
            }

            static void lru_unlink(struct kv_cache *c, struct kv_entry *e)
            {
            \tif (e->prev)
            \t\te->prev->next = e->next;
            \telse
            \t\tc->head = e->next;
            \tif (e->next)
            \t\te->next->prev = e->prev;
            \telse
            \t\tc->tail = e->prev;
            \te->prev = e->next = NULL;
            }

            static void lru_push(struct kv_cache *c, struct kv_entry *e)
            {
            \te->next = c->head;
            \tif (c->head)
            \t\tc->head->prev = e;
            \tc->head = e;
            \tif (!c->tail)
            \t\tc->tail = e;
            }

            static void evict(struct kv_cache *c, struct kv_entry *e)
            {
            \tstruct kv_entry **p = &c->buckets[kv_hash(e->key) % c->nbuckets];

            \twhile (*p != e)
            \t\tp = &(*p)->hnext;
            \t*p = e->hnext;
            \tlru_unlink(c, e);
            \tc->\(count)--;
            \tfree(e->key);
            \tfree(e->value);
            \tfree(e);
            }

            struct kv_entry *kv_lookup(struct kv_cache *c, const char *key)
            {
            \tstruct kv_entry *e = c->buckets[kv_hash(key) % c->nbuckets];

            \tfor (; e; e = e->hnext) {
            \t\tif (strcmp(e->key, key) == 0) {
            \t\t\tlru_unlink(c, e);
            \t\t\tlru_push(c, e);
            \t\t\te->hits++;
            \t\t\treturn e;
            \t\t}
            \t}
            \treturn NULL;
            }

            int kv_set(struct kv_cache *c, const char *key, const char *value)
            {
            \tstruct kv_entry *e = kv_lookup(c, key);
            \tchar *copy = strdup(value);
            \tsize_t b;

            \tif (!copy)
            \t\treturn -1;
            \tif (e) {
            \t\tfree(e->value);
            \t\te->value = copy;
            \t\treturn 0;
            \t}
            \tif (c->\(count) >= c->capacity && c->tail) {
            \t\tevict(c, c->tail);
            \t\tc->stats.evictions++;
            \t}
            \te = calloc(1, sizeof(*e));
            \tif (!e || !(e->key = strdup(key))) {
            \t\tfree(e);
            \t\tfree(copy);
            \t\treturn -1;
            \t}
            \te->value = copy;
            \tb = kv_hash(key) % c->nbuckets;
            \te->hnext = c->buckets[b];
            \tc->buckets[b] = e;
            \tlru_push(c, e);
            \tc->\(count)++;
            \tc->stats.sets++;
            \treturn 0;
            }

            int kv_del(struct kv_cache *c, const char *key)
            {
            \tstruct kv_entry *e = kv_lookup(c, key);

            \tif (!e)
            \t\treturn -1;
            \tevict(c, e);
            \(s.has("del-stats") ? "\tc->stats.deletes++;\n" : "")\treturn 0;
            }
            \(reclaim)
            void kv_cache_free(struct kv_cache *c)
            {
            \tif (!c)
            \t\treturn;
            \(drain)\tfree(c->buckets);
            \(hist ? "\tfree(c->stats.latency);\n" : "")\tfree(c);
            }

            """
    }

    private static func pressure(_ s: DemoState) -> String {
        let sample =
            s.has("hist")
            ? """

            /* Microseconds a request took, as the clock would say. */
            unsigned kv_elapsed_sample(void)
            {
            \treturn random_byte();
            }

            """ : ""
        return """
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
            \tunsigned char b = 0;
            \tFILE *f = fopen("/dev/urandom", "rb");

            \tif (f) {
            \t\tif (fread(&b, 1, 1, f) != 1)
            \t\t\tb = 0;
            \t\tfclose(f);
            \t}
            \treturn b;
            }

            /* True about one time in three: the host wants memory back. */
            int kv_pressure(void)
            {
            \treturn random_byte() % 3 == 0;
            }
            \(sample)
            """
    }

    private static func stats(_ s: DemoState) -> String {
        let count = s.has("rename-stats") ? "nentries" : "count"
        var text = """
            // SPDX-License-Identifier: MIT
            #include "kvcache.h"

            """
        if s.has("hist") {
            text += """

                void kv_stats_record_latency(struct kv_stats *s, unsigned sample)
                {
                \ts->latency[sample / KV_LATENCY_WIDTH]++;
                }

                """
        }
        text += """

            void kv_stats_print(const struct kv_cache *c, FILE *out)
            {
            \tfprintf(out, "entries %zu/%zu\\n", c->\(count), c->capacity);
            \tfprintf(out, "gets %lu hits %lu misses %lu\\n", c->stats.gets, c->stats.hits, c->stats.misses);
            \tfprintf(out, "sets %lu evictions %lu\\n", c->stats.sets, c->stats.evictions);

            """
        if s.has("del-stats") { text += "\tfprintf(out, \"deletes %lu\\n\", c->stats.deletes);\n" }
        if s.has("pressure") { text += "\tfprintf(out, \"reclaimed %lu\\n\", c->stats.reclaims);\n" }
        if s.has("ratio") {
            text += """
                \tif (c->stats.gets)
                \t\tfprintf(out, "hit ratio %.2f\\n", (double)c->stats.hits / c->stats.gets);

                """
        }
        if s.has("hist") {
            text += """
                \tfor (int i = 0; i < KV_LATENCY_BUCKETS; i++)
                \t\tif (c->stats.latency[i])
                \t\t\tfprintf(out, "latency %dus %lu\\n", i * KV_LATENCY_WIDTH, c->stats.latency[i]);

                """
        }
        return text + "}\n"
    }

    private static func proto(_ s: DemoState) -> String {
        let body: String
        switch (s.has("pressure"), s.has("getref")) {
        case (false, _):
            body = "\tprint_value(out, e->value);\n"
        case (true, false):
            body = """
                \tvalue = strdup(e->value);
                \tif (!value) {
                \t\tfputs("ERR out of memory\\n", out);
                \t\treturn;
                \t}
                \tif (kv_pressure())
                \t\tkv_reclaim(c);
                \tprint_value(out, value);
                \tfree(value);

                """
        case (true, true):
            body = """
                \tvalue = e->value;
                \tif (kv_pressure())
                \t\tkv_reclaim(c);
                \tprint_value(out, value);

                """
        }
        let valueDecl =
            !s.has("pressure") ? "" : s.has("getref") ? "\tconst char *value;\n" : "\tchar *value;\n"
        let record = s.has("hist") ? "\tkv_stats_record_latency(&c->stats, kv_elapsed_sample());\n" : ""
        var commands = """
            \tif (strcmp(cmd, "SET") == 0 && key && value) {
            \t\tfputs(kv_set(c, key, value) == 0 ? "OK\\n" : "ERR out of memory\\n", out);
            \t} else if (strcmp(cmd, "GET") == 0 && key) {
            \t\tcmd_get(c, key, out);
            \t} else if (strcmp(cmd, "DEL") == 0 && key) {
            \t\tfputs(kv_del(c, key) == 0 ? "OK\\n" : "(nil)\\n", out);

            """
        if s.has("exists") {
            commands += """
                \t} else if (strcmp(cmd, "EXISTS") == 0 && key) {
                \t\tfputs(kv_lookup(c, key) ? "1\\n" : "0\\n", out);

                """
        }
        if s.has("touch") {
            commands += """
                \t} else if (strcmp(cmd, "TOUCH") == 0 && key) {
                \t\tfputs(kv_lookup(c, key) ? "OK\\n" : "(nil)\\n", out);

                """
        }
        if s.has("config-cmd") {
            commands += """
                \t} else if (strcmp(cmd, "CONFIG") == 0) {
                \t\tkv_options_print(out);

                """
        }
        commands += """
            \t} else if (strcmp(cmd, "STATS") == 0) {
            \t\tkv_stats_print(c, out);
            \t} else if (strcmp(cmd, "QUIT") == 0) {
            \t\treturn 1;
            \t} else {
            \t\tfprintf(out, "ERR unknown command '%s'\\n", cmd);
            \t}

            """
        if s.has("nocase") { commands = commands.replacingOccurrences(of: "strcmp(cmd, ", with: "strcasecmp(cmd, ") }
        let keyCheck =
            s.has("max-key")
            ? """
            \tif (key && strlen(key) > KV_MAX_KEY) {
            \t\tfputs("ERR key too long\\n", out);
            \t\treturn 0;
            \t}

            """ : ""
        return """
            // SPDX-License-Identifier: MIT
            #include <stdlib.h>
            #include <string.h>
            \(s.has("nocase") ? "#include <strings.h>\n" : "")#include "kvcache.h"

            static void print_value(FILE *out, const char *v)
            {
            \twhile (*v)
            \t\tfputc(*v++, out);
            \tfputc('\\n', out);
            }

            static void cmd_get(struct kv_cache *c, const char *key, FILE *out)
            {
            \tstruct kv_entry *e = kv_lookup(c, key);
            \(valueDecl)
            \tc->stats.gets++;
            \tif (!e) {
            \t\tc->stats.misses++;
            \t\tfputs("(nil)\\n", out);
            \t\treturn;
            \t}
            \tc->stats.hits++;
            \(body)\(record)}

            int kv_handle_line(struct kv_cache *c, char *line, FILE *out)
            {
            \tchar *cmd = strtok(line, " \\t\\r\\n");
            \tchar *key = strtok(NULL, " \\t\\r\\n");
            \tchar *value = strtok(NULL, "\\r\\n");

            \tif (!cmd)
            \t\treturn 0;
            \(keyCheck)\(commands)\treturn 0;
            }

            """
    }

    private static func main(_ s: DemoState) -> String {
        let capacity =
            s.has("env-capacity")
            ? """
            \tconst char *env = getenv("KVCACHE_CAPACITY");
            \tsize_t capacity = argc > 1 ? strtoul(argv[1], NULL, 10) : env ? strtoul(env, NULL, 10) : 0;
            """ : "\tsize_t capacity = argc > 1 ? strtoul(argv[1], NULL, 10) : 0;"
        let loop =
            s.has("flush")
            ? """
            \twhile (fgets(line, sizeof(line), stdin)) {
            \t\tint quit = kv_handle_line(c, line, stdout);

            \t\tfflush(stdout);
            \t\tif (quit)
            \t\t\tbreak;
            \t}
            """
            : """
            \twhile (fgets(line, sizeof(line), stdin))
            \t\tif (kv_handle_line(c, line, stdout))
            \t\t\tbreak;
            """
        return """
            // SPDX-License-Identifier: MIT
            #include <stdio.h>
            #include <stdlib.h>
            #include "kvcache.h"

            int main(int argc, char **argv)
            {
            \tchar line[KV_MAX_LINE];
            \(capacity)
            \tstruct kv_cache *c = kv_cache_new(capacity);

            \tif (!c) {
            \t\tfputs("kvcache: out of memory\\n", stderr);
            \t\treturn 1;
            \t}
            \(loop)
            \tkv_cache_free(c);
            \treturn 0;
            }

            """
    }

    private static func options(_ s: DemoState) -> String {
        var rows = ""
        for (_, row) in s.values(prefix: "option:") {
            let f = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            rows += "\t{ \"\(f[0])\", \"\(f[1])\", \"\(f[2])\" },\n"
        }
        return """
            // SPDX-License-Identifier: MIT
            #include "kvcache.h"

            struct kv_option {
            \tconst char *name;
            \tconst char *value;
            \tconst char *help;
            };

            static const struct kv_option options[] = {
            \(rows)\t{ NULL, NULL, NULL },
            };

            void kv_options_print(FILE *out)
            {
            \tfor (const struct kv_option *o = options; o->name; o++)
            \t\tfprintf(out, "%-24s %-12s %s\\n", o->name, o->value, o->help);
            }

            """
    }

    private static let makefile = """
        CC ?= gcc
        CFLAGS ?= -std=gnu11 -g -O1 -Wall
        SANITIZE ?= -fsanitize=address -fno-omit-frame-pointer

        kvcache: $(wildcard src/*.c) include/kvcache.h
        \t$(CC) $(CFLAGS) $(SANITIZE) -Iinclude -o $@ $(filter %.c,$^)

        check: kvcache
        \ttests/run.sh

        clean:
        \trm -f kvcache

        .PHONY: check clean

        """

    private static let testRunner = """
        #!/bin/sh
        # Runs every case in tests/cases through ./kvcache and compares with the .out file.
        set -e
        for case in tests/cases/*.kv; do
        \t./kvcache < "$case" > /dev/null || { echo "FAIL: $case"; exit 1; }
        done
        echo "all cases passed"

        """
}
