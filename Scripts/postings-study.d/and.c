// The two-word AND planned for the frequent terms (README, "What is left"), measured before it is built: each
// word's documents as doc-ordered postings (varint gap between positions in id order, varint tf), as the index
// would store them, plus every document's length in tokens. One pass decodes both lists, intersects them, scores
// every match with FTS5's bm25 (same operations as BM25.swift), keeps the best 21 and counts the matches exactly.
// Prints the list sizes, the time of that pass (the postings are read from FTS5's vocabulary first, untimed), the
// exact total and the top 20 as "id rank".
#include <math.h>

#include "study.h"

typedef struct { unsigned char *bytes; size_t size; int count; } Postings;

// A term's postings from fts5vocab (one row per instance, by document: a run is one tf).
static Postings load(sqlite3 *db, const char *term) {
    Postings list = { malloc((size_t)documents * 10), 0, 0 };
    sqlite3_stmt *statement;
    sqlite3_prepare_v2(db, "SELECT doc FROM documents_vocab_instance WHERE term = ?", -1, &statement, 0);
    sqlite3_bind_text(statement, 1, term, -1, SQLITE_STATIC);
    i64 last = -1;
    int previous = -1;
    unsigned tf = 0;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        i64 document = sqlite3_column_int64(statement, 0);
        if (document == last) { tf++; continue; }
        if (last >= 0) put_varint(list.bytes, &list.size, tf);
        int position = position_of(document);
        put_varint(list.bytes, &list.size, (unsigned)(position - previous));
        previous = position;
        last = document;
        tf = 1;
        list.count++;
    }
    if (last >= 0) put_varint(list.bytes, &list.size, tf);
    sqlite3_finalize(statement);
    return list;
}

static double idf(int hits) {
    double value = log((documents - hits + 0.5) / (hits + 0.5));
    return value <= 0.0 ? 1e-6 : value;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: and INDEX WORD WORD (tokens as FTS5 stores them)\n"); return 2; }
    sqlite3 *db;
    double averageLength = load_documents(argv[1], &db), k1 = 1.2, b = 0.75;

    Postings first = load(db, argv[2]), second = load(db, argv[3]);
    printf("%d documents; %s: %d postings, %zu bytes; %s: %d postings, %zu bytes\n",
           documents, argv[2], first.count, first.size, argv[3], second.count, second.size);
    double idfs[2] = { idf(first.count), idf(second.count) };
    unsigned *dense = calloc(documents, sizeof(unsigned));  // the longer list's tf by position
    double best[21];
    int bestPositions[21], kept = 0, total = 0;
    double times[7];
    for (int run = 0; run < 7; run++) {
        double start = milliseconds();
        // The shorter list drives; the longer one is scattered into `dense`, then cleared.
        int shortIsFirst = first.count <= second.count;
        Postings driver = shortIsFirst ? first : second, other = shortIsFirst ? second : first;
        size_t offset = 0;
        int position = -1;
        while (offset < other.size) { position += get_varint(other.bytes, &offset); dense[position] = get_varint(other.bytes, &offset); }
        kept = 0; total = 0;
        offset = 0; position = -1;
        while (offset < driver.size) {
            position += get_varint(driver.bytes, &offset);
            unsigned tf = get_varint(driver.bytes, &offset), otherTf = dense[position];
            if (!otherTf) continue;
            total++;
            double length = lengths[position];
            double f[2] = { shortIsFirst ? tf : otherTf, shortIsFirst ? otherTf : tf };
            double score = 0.0;
            for (int i = 0; i < 2; i++) score += idfs[i] * ((f[i] * (k1 + 1.0)) / (f[i] + k1 * (1 - b + b * length / averageLength)));
            double rank = -1.0 * score;
            if (kept == 21 && rank >= best[20]) continue;  // ties keep the earlier (smaller) id, as ORDER BY rank, rowid
            int slot = kept < 21 ? kept++ : 20;
            while (slot > 0 && best[slot - 1] > rank) { best[slot] = best[slot - 1]; bestPositions[slot] = bestPositions[slot - 1]; slot--; }
            best[slot] = rank;
            bestPositions[slot] = position;
        }
        offset = 0; position = -1;
        while (offset < other.size) { position += get_varint(other.bytes, &offset); get_varint(other.bytes, &offset); dense[position] = 0; }
        times[run] = milliseconds() - start;
    }
    // The median of the runs after the first (which pays for page faults in `dense`).
    for (int i = 1; i < 7; i++) for (int j = i + 1; j < 7; j++) if (times[j] < times[i]) { double t = times[i]; times[i] = times[j]; times[j] = t; }
    printf("pass: %.2f ms median of 6 (first run %.2f ms); total %d\n", times[3], times[0], total);
    for (int i = 0; i < 20 && i < kept; i++) printf("%lld %.17g\n", ids[bestPositions[i]], best[i]);
    return 0;
}
