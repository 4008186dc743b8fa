import GRDB
import GRDBSQLite

/// Reads FTS5's instances of every frequent term at once, a chunk of documents at a time, and writes the
/// postings of each term and of each pair of frequent terms that stand next to each other ("your account"): of
/// the terms frequent enough for pairs (`pairTerms`), since FTS5 finds a phrase of a rarer word fast.
///
/// Why in lockstep: a pair is seen only where both terms' instances of one document meet, and FTS5 gives a
/// term's instances one term at a time (fts5vocab). One statement per term, all stepping forward together by
/// chunk of positions, keeps in memory only the chunk's instances (not a corpus's hundreds of millions).
///
/// A pair's postings answer a two-word phrase as FTS5 does: its tf in a document is the number of offsets where
/// the first word stands right before the second, which is FTS5's count of the phrase's instances.
struct PostingsBuild {
    /// Positions read together: their tokens are laid out in one array (a few million at most).
    static let chunkSize = 4_096
    /// Term indices are 16 bits; 0xFFFF marks a token that is not a frequent term.
    static let maximumTerms = 0xFFFF

    let ids: [Int64]
    let lengths: [Int32]
    let blockSize: Int
    /// At most `maximumTerms`, most frequent first.
    let terms: [Token]
    /// The pairs are of the first `pairTerms` terms only (TermLists.Settings.pairMinimumDocumentFrequency).
    let pairTerms: Int

    /// Calls `write(key, postings)` for each term's and pair's postings of each block, block after block.
    func run(_ db: Database, write: (Token, EncodedPostings) throws -> Void) throws {
        guard !terms.isEmpty, !ids.isEmpty else { return }
        precondition(terms.count <= Self.maximumTerms)
        var cursors = try terms.map { try InstanceCursor(db, term: $0, ids: ids) }
        var encoders = BlockEncoders(termCount: terms.count)
        var tokens: [UInt16] = []   // the chunk's documents' tokens, document after document
        var starts: [Int] = []      // where each document of the chunk starts in `tokens`
        var documentPairs: [UInt32] = []
        var chunkStart = 0
        let pairLimit = UInt16(pairTerms)  // below UInt16.max, the mark of a token that is not a frequent term
        while chunkStart < ids.count {
            let block = chunkStart / blockSize, blockStart = block * blockSize
            // A chunk never crosses a block's end: its postings go to one block's encoders.
            let chunkEnd = min(chunkStart + Self.chunkSize, blockStart + blockSize, ids.count)
            defer { chunkStart = chunkEnd }
            if block != encoders.block {
                try encoders.flush(terms: terms, write)
                encoders.block = block
            }
            starts.removeAll(keepingCapacity: true)
            var total = 0
            for position in chunkStart..<chunkEnd {
                starts.append(total)
                total += Int(lengths[position])
            }
            starts.append(total)
            tokens.removeAll(keepingCapacity: true)
            tokens.append(contentsOf: repeatElement(UInt16.max, count: total))
            // Each term's instances of the chunk: its tf per document (a run of one position), and its place
            // among the document's tokens.
            for term in cursors.indices {
                var runPosition = -1, run = 0
                try cursors[term].take(before: chunkEnd) { position, offset in
                    let local = position - chunkStart
                    guard starts[local] + offset < starts[local + 1] else { return false }
                    tokens[starts[local] + offset] = UInt16(term)
                    if position != runPosition {
                        if run > 0 { encoders.add(term: term, offset: runPosition - blockStart, tf: run) }
                        runPosition = position
                        run = 0
                    }
                    run += 1
                    return true
                }
                if run > 0 { encoders.add(term: term, offset: runPosition - blockStart, tf: run) }
            }
            // Neighbouring frequent terms are a pair; a document's pairs sorted, a run is the pair's tf.
            for local in 0..<(chunkEnd - chunkStart) {
                documentPairs.removeAll(keepingCapacity: true)
                var index = starts[local]
                while index + 1 < starts[local + 1] {
                    let first = tokens[index], second = tokens[index + 1]
                    if first < pairLimit, second < pairLimit {
                        documentPairs.append(UInt32(first) << 16 | UInt32(second))
                    }
                    index += 1
                }
                guard !documentPairs.isEmpty else { continue }
                documentPairs.sort()
                var start = 0
                while start < documentPairs.count {
                    var end = start + 1
                    while end < documentPairs.count, documentPairs[end] == documentPairs[start] { end += 1 }
                    encoders.add(pair: documentPairs[start], offset: chunkStart + local - blockStart, tf: end - start)
                    start = end
                }
            }
        }
        try encoders.flush(terms: terms, write)
    }
}

/// The postings of the block being built, per term (by index) and per pair (first << 16 | second).
private struct BlockEncoders {
    var block = 0
    private var terms: [EncodedPostings?]
    private var pairs: [UInt32: EncodedPostings] = [:]

    init(termCount: Int) { terms = Array(repeating: nil, count: termCount) }

    mutating func add(term: Int, offset: Int, tf: Int) {
        if terms[term] == nil { terms[term] = EncodedPostings(block: block) }
        terms[term]!.append(offset: offset, tf: tf)
    }

    mutating func add(pair: UInt32, offset: Int, tf: Int) {
        pairs[pair, default: EncodedPostings(block: block)].append(offset: offset, tf: tf)
    }

    mutating func flush(terms names: [Token], _ write: (Token, EncodedPostings) throws -> Void) throws {
        for index in terms.indices {
            if let postings = terms[index] { try write(names[index], postings) }
            terms[index] = nil
        }
        for (pair, postings) in pairs {
            try write(PairKey.key(names[Int(pair >> 16)], names[Int(pair & 0xFFFF)]), postings)
        }
        pairs.removeAll(keepingCapacity: true)
    }
}

/// How a pair of adjacent tokens is stored among the terms: "your account". The tokenizer never leaves a space
/// inside a token, so a pair's key cannot be a term's.
enum PairKey {
    static func key(_ first: Token, _ second: Token) -> Token {
        Token(utf8: first.utf8 + [UInt8(ascii: " ")] + second.utf8)
    }
}

extension Token {
    /// Whether this is a pair's key (`PairKey`).
    var isPair: Bool { utf8.contains(UInt8(ascii: " ")) }
}

/// One term's instances in FTS5 (document, offset), in document order, as positions among `ids`.
private struct InstanceCursor {
    private let statement: Statement
    private let ids: [Int64]
    private var hint = 0
    /// The instance under the cursor (position -1: none yet; Int.max: the end).
    private var position = -1
    private var offset = 0

    init(_ db: Database, term: Token, ids: [Int64]) throws {
        statement = try db.makeStatement(sql: "SELECT doc, offset FROM documents_vocab_instance WHERE term = ?")
        self.ids = ids
        sqlite3_bind_text(statement.sqliteStatement, 1, term.text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    /// Calls `body(position, offset)` for each instance at a position below `end`, and stops before the first
    /// at or after it. `body` answers false for an offset past the document's length (a damaged index).
    mutating func take(before end: Int, _ body: (Int, Int) -> Bool) throws {
        while true {
            if position < 0 { try step() }
            guard position < end else { return }
            guard body(position, offset) else {
                throw IndexError(.database, "the full-text index has a token past the end of row \(ids[position]); rebuild it")
            }
            position = -1
        }
    }

    private mutating func step() throws {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE {
            position = Int.max
            sqlite3_reset(handle)
            return
        }
        guard code == SQLITE_ROW else {
            throw IndexError(.database, "cannot read the full-text vocabulary (SQLite error \(code))")
        }
        let id = sqlite3_column_int64(handle, 0)
        guard let found = ids.gallopingIndex(of: id, hint: &hint) else {
            throw IndexError(.database, "the full-text index has no length for row \(id); rebuild it")
        }
        position = found
        offset = Int(sqlite3_column_int64(handle, 1))
    }
}
