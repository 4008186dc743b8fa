import GRDB

/// Matches a query against small texts — the sentences of a page's transcripts — with exactly the index's FTS5
/// semantics: the same tokenizer (stemming, diacritics) and the same expression, in a private in-memory FTS5
/// table. Why not an FTS5 index of sentences in the file: it would double the index for the sixty rows a page
/// shows, and marking which words matched needs FTS5's highlight() over just those.
enum SentenceMatcher {
    struct Match {
        /// The key the text was given with.
        var key: Int64
        /// The text with `\u{1}`…`\u{2}` around the matched words (see `Snippet`).
        var marked: String
        /// bm25 among the given texts, lower is better.
        var rank: Double
    }

    /// The texts that match `expression`, best first.
    static func matches(_ texts: [(key: Int64, text: String)], expression: String) throws -> [Match] {
        guard !texts.isEmpty else { return [] }
        let queue = try DatabaseQueue()
        return try queue.write { db in
            try db.execute(sql: """
                CREATE VIRTUAL TABLE texts USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2')
                """)
            let insert = try db.makeStatement(sql: "INSERT INTO texts (rowid, text) VALUES (?, ?)")
            for (key, text) in texts { try insert.execute(arguments: [key, text]) }
            return try Row.fetchAll(db, sql: """
                SELECT rowid, highlight(texts, 0, char(1), char(2)) AS marked, rank FROM texts
                WHERE texts MATCH ? ORDER BY rank, rowid
                """, arguments: [expression]).map { Match(key: $0["rowid"], marked: $0["marked"], rank: $0["rank"]) }
        }
    }
}

extension ParsedQuery {
    /// Any of the query's wanted words or phrases: what makes a sentence worth showing (an AND of the query's
    /// words need not fall within one sentence).
    var anyRequiredExpression: String? {
        let terms = required.flatMap { $0 }
        return terms.isEmpty ? nil : terms.map(\.fts5).joined(separator: " OR ")
    }
}
