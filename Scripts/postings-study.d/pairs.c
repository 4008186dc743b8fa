// What an index of adjacent word pairs would weigh if it covered the frequent terms (those with a term list of
// every document): every instance of those terms from fts5vocab, sorted by (document, offset); two instances at
// offsets o and o+1 of one document are a pair. Prints the instances, the distinct pairs, the (pair, document)
// postings, and how many of both belong to pairs in at least 2,000 documents. An estimate: a document key keeps the
// id's seconds and the low 10 bits of its within-second number, offsets their low 13 bits.
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long long u64;

static int ascending(const void *a, const void *b) {
    u64 x = *(const u64 *)a, y = *(const u64 *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: pairs INDEX\n"); return 2; }
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, 0) != SQLITE_OK) { fprintf(stderr, "cannot open %s\n", argv[1]); return 1; }
    sqlite3_stmt *statement;
    sqlite3_prepare_v2(db, "SELECT term FROM term_lists WHERE facet = '' AND term NOT LIKE '%*' ORDER BY term", -1, &statement, 0);
    char *terms[256];
    int termCount = 0;
    while (sqlite3_step(statement) == SQLITE_ROW && termCount < 256) terms[termCount++] = strdup((const char *)sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    sqlite3_prepare_v2(db, "SELECT sum(cnt) FROM documents_vocab_row", -1, &statement, 0);
    sqlite3_step(statement);
    size_t capacity = (size_t)sqlite3_column_int64(statement, 0) + 1, count = 0;
    sqlite3_finalize(statement);
    u64 *instances = malloc(capacity * sizeof(u64));  // document (31 + 10 bits), offset (13), term (8)
    sqlite3_prepare_v2(db, "SELECT doc, offset FROM documents_vocab_instance WHERE term = ?", -1, &statement, 0);
    for (int term = 0; term < termCount; term++) {
        sqlite3_bind_text(statement, 1, terms[term], -1, SQLITE_STATIC);
        while (sqlite3_step(statement) == SQLITE_ROW && count < capacity) {
            u64 id = (u64)sqlite3_column_int64(statement, 0), offset = (u64)sqlite3_column_int(statement, 1);
            instances[count++] = (((id >> 20) & 0x7FFFFFFFULL) << 31) | ((id & 0x3FF) << 21) | ((offset & 0x1FFF) << 8) | (u64)term;
        }
        sqlite3_reset(statement);
    }
    qsort(instances, count, sizeof(u64), ascending);
    u64 *pairs = malloc(count * sizeof(u64));  // pair (16 bits: two terms) above the document key
    size_t pairCount = 0;
    for (size_t i = 1; i < count; i++) {
        u64 a = instances[i - 1], b = instances[i];
        if ((a >> 21) != (b >> 21) || ((b >> 8) & 0x1FFF) != ((a >> 8) & 0x1FFF) + 1) continue;
        pairs[pairCount++] = (((a & 255) << 8 | (b & 255)) << 44) | (a >> 21);
    }
    qsort(pairs, pairCount, sizeof(u64), ascending);
    size_t postings = 0, distinct = 0, frequentPairs = 0, frequentPostings = 0, run = 0;
    u64 last = ~0ULL;
    for (size_t i = 0; i <= pairCount; i++) {
        if (i < pairCount && i > 0 && pairs[i] == pairs[i - 1]) continue;
        u64 pair = i < pairCount ? pairs[i] >> 44 : ~0ULL;
        if (pair != last) {
            if (run >= 2000) { frequentPairs++; frequentPostings += run; }
            if (i < pairCount) distinct++;
            last = pair;
            run = 0;
        }
        if (i < pairCount) { postings++; run++; }
    }
    printf("%d frequent terms, %zu of their instances; %zu adjacent instances; %zu distinct pairs with %zu (pair, document)"
           " postings; pairs in at least 2,000 documents: %zu, with %zu postings\n",
           termCount, count, pairCount, distinct, postings, frequentPairs, frequentPostings);
    return 0;
}
