// What the postings studies (and.c, phrase.c) share: every document's id and length from FTS5's %_docsize, a
// position as an index into those ids, SQLite-style varints for the stored lists, and a clock.
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef long long i64;
static i64 *ids;           // every document's id, ascending: a position is an index here
static unsigned *lengths;  // tokens per document, by position
static int documents;

static double milliseconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int position_of(i64 id) {
    int low = 0, high = documents - 1;
    while (low <= high) {
        int middle = (low + high) / 2;
        if (ids[middle] < id) low = middle + 1; else if (ids[middle] > id) high = middle - 1; else return middle;
    }
    return -1;
}

static void put_varint(unsigned char *out, size_t *at, unsigned value) {
    while (value >= 128) { out[(*at)++] = (value & 127) | 128; value >>= 7; }
    out[(*at)++] = value;
}

static unsigned get_varint(const unsigned char *in, size_t *at) {
    unsigned value = 0, shift = 0;
    unsigned char byte;
    do { byte = in[(*at)++]; value |= (unsigned)(byte & 127) << shift; shift += 7; } while (byte & 128);
    return value;
}

// Opens INDEX read-only and loads `ids` and `lengths`; returns FTS5's average length (its own token and row totals,
// which are these sums), or exits.
static double load_documents(const char *path, sqlite3 **db) {
    if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, 0) != SQLITE_OK) { fprintf(stderr, "cannot open %s\n", path); exit(1); }
    sqlite3_stmt *statement;
    sqlite3_prepare_v2(*db, "SELECT count(*) FROM documents_fts_docsize", -1, &statement, 0);
    sqlite3_step(statement);
    documents = sqlite3_column_int(statement, 0);
    sqlite3_finalize(statement);
    ids = malloc(sizeof(i64) * documents);
    lengths = malloc(sizeof(unsigned) * documents);
    i64 tokens = 0;
    int at = 0;
    sqlite3_prepare_v2(*db, "SELECT id, sz FROM documents_fts_docsize ORDER BY id", -1, &statement, 0);
    while (sqlite3_step(statement) == SQLITE_ROW && at < documents) {
        const unsigned char *size = sqlite3_column_blob(statement, 1);
        unsigned length = 0;  // one big-endian varint (SQLite's) per column; there is one column
        int i = 0;
        while (size[i] & 128) { length = (length << 7) | (size[i] & 127); i++; }
        lengths[at] = (length << 7) | size[i];
        ids[at] = sqlite3_column_int64(statement, 0);
        tokens += lengths[at++];
    }
    sqlite3_finalize(statement);
    return (double)tokens / documents;
}
