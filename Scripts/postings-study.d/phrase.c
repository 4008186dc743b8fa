// The two-word phrase with positional postings, measured before anything is built: each word's documents in
// document order as varint gap, varint tf and tf varint offset gaps (the offsets fts5vocab gives). One pass
// decodes both lists, intersects the documents, counts the phrase in each by merging the offsets, then scores the
// phrase's documents with bm25 (IDF from the phrase's own document count, as FTS5 counts a phrase) and keeps the
// best 21. Prints the list sizes, the pass's time, the exact total and the top 20 as "id rank".
#include <math.h>

#include "study.h"

typedef struct { unsigned char *bytes; size_t size, capacity; int count; } Postings;

static void put(Postings *list, unsigned value) {
    if (list->size + 10 > list->capacity) { list->capacity *= 2; list->bytes = realloc(list->bytes, list->capacity); }
    put_varint(list->bytes, &list->size, value);
}

// A term's documents and offsets from fts5vocab (rows by document, then offset).
static Postings load(sqlite3 *db, const char *term) {
    Postings list = { malloc(1 << 20), 0, 1 << 20, 0 };
    unsigned *offsets = malloc(sizeof(unsigned) * 1000000);
    sqlite3_stmt *statement;
    sqlite3_prepare_v2(db, "SELECT doc, offset FROM documents_vocab_instance WHERE term = ?", -1, &statement, 0);
    sqlite3_bind_text(statement, 1, term, -1, SQLITE_STATIC);
    i64 last = -1;
    int previous = -1, tf = 0;
    for (int more = 1; more;) {
        more = sqlite3_step(statement) == SQLITE_ROW;
        i64 document = more ? sqlite3_column_int64(statement, 0) : -2;
        if (document != last && last >= 0) {
            int position = position_of(last);
            put(&list, (unsigned)(position - previous));
            previous = position;
            put(&list, (unsigned)tf);
            for (int i = 0; i < tf; i++) put(&list, offsets[i] - (i ? offsets[i - 1] : 0));
            list.count++;
            tf = 0;
        }
        if (!more) break;
        last = document;
        if (tf < 1000000) offsets[tf++] = (unsigned)sqlite3_column_int(statement, 1);
    }
    sqlite3_finalize(statement);
    free(offsets);
    return list;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: phrase INDEX FIRST SECOND (tokens as FTS5 stores them)\n"); return 2; }
    sqlite3 *db;
    double averageLength = load_documents(argv[1], &db), k1 = 1.2, b = 0.75;

    Postings first = load(db, argv[2]), second = load(db, argv[3]);
    printf("%d documents; %s: %d documents, %zu bytes with offsets; %s: %d documents, %zu bytes with offsets\n",
           documents, argv[2], first.count, first.size, argv[3], second.count, second.size);
    size_t *entry = calloc(documents, sizeof(size_t));  // byte offset + 1 of the second word's entry, by position
    int *phrasePositions = malloc(sizeof(int) * documents), *phraseFrequencies = malloc(sizeof(int) * documents);
    unsigned *offsets = malloc(sizeof(unsigned) * 1000000);
    double best[21], times[7];
    int bestPositions[21], kept = 0, total = 0;
    for (int run = 0; run < 7; run++) {
        double start = milliseconds();
        size_t offset = 0;
        int position = -1;
        while (offset < second.size) {
            position += get_varint(second.bytes, &offset);
            entry[position] = offset + 1;
            unsigned tf = get_varint(second.bytes, &offset);
            for (unsigned i = 0; i < tf; i++) get_varint(second.bytes, &offset);
        }
        total = 0;
        offset = 0; position = -1;
        while (offset < first.size) {
            position += get_varint(first.bytes, &offset);
            unsigned tf = get_varint(first.bytes, &offset);
            size_t other = entry[position];
            if (!other) { for (unsigned i = 0; i < tf; i++) get_varint(first.bytes, &offset); continue; }
            unsigned value = 0;
            for (unsigned i = 0; i < tf; i++) { value += get_varint(first.bytes, &offset); offsets[i] = value; }
            other -= 1;
            unsigned otherTf = get_varint(second.bytes, &other), otherValue = 0, i = 0;
            int phrase = 0;
            for (unsigned j = 0; j < otherTf; j++) {
                otherValue += get_varint(second.bytes, &other);
                while (i < tf && offsets[i] + 1 < otherValue) i++;
                if (i < tf && offsets[i] + 1 == otherValue) phrase++;
            }
            if (phrase) { phrasePositions[total] = position; phraseFrequencies[total++] = phrase; }
        }
        double idf = log((documents - total + 0.5) / (total + 0.5));
        if (idf <= 0.0) idf = 1e-6;
        kept = 0;
        for (int k = 0; k < total; k++) {
            double f = phraseFrequencies[k], length = lengths[phrasePositions[k]];
            double rank = -1.0 * (0.0 + idf * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * length / averageLength))));
            if (kept == 21 && rank >= best[20]) continue;
            int slot = kept < 21 ? kept++ : 20;
            while (slot > 0 && best[slot - 1] > rank) { best[slot] = best[slot - 1]; bestPositions[slot] = bestPositions[slot - 1]; slot--; }
            best[slot] = rank;
            bestPositions[slot] = phrasePositions[k];
        }
        offset = 0; position = -1;
        while (offset < second.size) {
            position += get_varint(second.bytes, &offset);
            entry[position] = 0;
            unsigned tf = get_varint(second.bytes, &offset);
            for (unsigned i = 0; i < tf; i++) get_varint(second.bytes, &offset);
        }
        times[run] = milliseconds() - start;
    }
    for (int i = 1; i < 7; i++) for (int j = i + 1; j < 7; j++) if (times[j] < times[i]) { double t = times[i]; times[i] = times[j]; times[j] = t; }
    printf("pass: %.2f ms median of 6 (first run %.2f ms); total %d\n", times[3], times[0], total);
    for (int i = 0; i < 20 && i < kept; i++) printf("%lld %.17g\n", ids[bestPositions[i]], best[i]);
    return 0;
}
