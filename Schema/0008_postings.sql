-- transcripts schema, version 8: document-ordered postings of the frequent terms and of their adjacent pairs, for
-- ranked searches of several words (AND, OR, NOT) and of two-word phrases.
--
-- Why: the term lists (0002) give one word's best documents first, but two frequent words that are each in half
-- the documents share few of their best: the threshold algorithm reads deep, then falls back to FTS5, which
-- scores every match by walking both words' positions (`refund order` at 1M mixed documents: 482,758 matches,
-- 566–915 ms). Every frequent term's documents in one order with their tf, and every document's length, score
-- every match exactly in milliseconds instead (Scripts/postings-study: 4.4–7.3 ms for that query, top 20,
-- bm25 and total identical to FTS5's). A phrase of two frequent words is as slow in FTS5 (both words' positions,
-- 102 ms for `"your account"`), and a pair's postings answer it the same way.
--
-- A document's *position* is its rank among the indexed documents by id when the postings were built; a block
-- holds 65,536 positions (or the size stored as 'block_size'). Positions keep the id order, so a date range is a range of positions, and ties in bm25
-- order by position as FTS5 orders them by rowid.

-- One row per block of positions: the documents' ids and lengths (bm25's dl, FTS5's own count of tokens).
CREATE TABLE posting_blocks (
    block     INTEGER PRIMARY KEY,   -- positions block·65536 ..< block·65536 + count
    count     INTEGER NOT NULL,
    first_id  INTEGER NOT NULL,
    last_id   INTEGER NOT NULL,
    ids       BLOB NOT NULL,         -- count little-endian 8-byte ids, ascending
    lengths   BLOB NOT NULL          -- count little-endian 4-byte lengths, in the same order
);

-- One row per (key, block that has it), where a key is a frequent term ("refund") or a pair of frequent terms
-- that stand next to each other ("your account", a space between: no token holds one), for two-word phrases:
-- the positions that have the key and its tf in each (a pair's: how often the first word stands right before
-- the second, which is FTS5's count of the phrase), as
-- LEB128 varints (7 bits a byte, low bits first): the gap from the previous position in the block (the first:
-- the position within the block), then tf.
CREATE TABLE postings (
    seq       INTEGER PRIMARY KEY,
    term      TEXT NOT NULL,
    block     INTEGER NOT NULL,
    count     INTEGER NOT NULL,      -- documents of the block with the term
    data      BLOB NOT NULL
);
CREATE UNIQUE INDEX postings_term_block ON postings(term, block);

-- Documents whose indexed text changed since the postings were built: their postings are stale, so a search
-- skips them there and asks FTS5 about them instead, until the next build empties this table.
CREATE TABLE posting_changes (
    id        INTEGER PRIMARY KEY
);
CREATE TRIGGER posting_changes_insert AFTER INSERT ON documents BEGIN
    INSERT OR IGNORE INTO posting_changes(id) VALUES (new.id);
END;
CREATE TRIGGER posting_changes_delete AFTER DELETE ON documents BEGIN
    INSERT OR IGNORE INTO posting_changes(id) VALUES (old.id);
END;
CREATE TRIGGER posting_changes_update AFTER UPDATE OF id, text ON documents
WHEN old.text IS NOT new.text OR old.id IS NOT new.id BEGIN
    INSERT OR IGNORE INTO posting_changes(id) VALUES (old.id);
    INSERT OR IGNORE INTO posting_changes(id) VALUES (new.id);
END;

-- 'built_at' (absent: never built; searches use the other plans), 'rows' (documents at the build),
-- 'minimum_df' (the terms with at least this many documents have postings), 'block_size' and 'build_id' (a
-- random number per build: a process may keep a build's lengths in memory).
CREATE TABLE posting_state (
    key       TEXT PRIMARY KEY,
    value     INTEGER NOT NULL
) WITHOUT ROWID;
