import Foundation
import Testing
import TwilioCorpus
@testable import TranscriptIndex

/// A generated corpus of a few thousand calls, imported the way a user would: its NDJSON written to a file and
/// read by `TwilioImporter`. The generator is the oracle: expected matches are computed from its calls.
enum CorpusFixture {
    static let count = 3_000
    /// 30 days from 2024-03-01: about a hundred calls a day, so day filters have something to cut.
    static let generator = CorpusGenerator(seed: 20_240_301, count: count, start: 1_709_251_200,
                                           spanSeconds: 30 * 86_400)
    static let calls: [GeneratedCall] = (0..<count).map { generator.call($0) }

    static var ndjson: String {
        calls.map { $0.recordingJSON() + "\n" + $0.transcriptionJSON() + "\n" }.joined()
    }

    /// The words of a call's searchable text (nil text and Twilio's "(blank)" have none).
    static func words(_ call: GeneratedCall) -> Set<String> {
        guard let text = call.text, text != "(blank)" else { return [] }
        return Set(text.split(separator: " ").map(String.init))
    }

    static func transcriptionSids(where predicate: (GeneratedCall) -> Bool) -> Set<String> {
        Set(calls.filter(predicate).map(\.transcriptionSid))
    }
}

@discardableResult
func withCorpusIndex<T>(_ body: (IndexDatabase) throws -> T) throws -> T {
    try withFreshIndex { (db, dir) throws in
        let path = try dir.write("corpus.ndjson", CorpusFixture.ndjson)
        let summary = try TwilioImporter(database: db).importSource(path)
        try #require(summary.problems.isEmpty, "corpus import problems: \(summary.problems.prefix(3))")
        try #require(summary.counts.added == 2 * CorpusFixture.count)
        return try body(db)
    }
}

extension IndexDatabase {
    /// Every page of a search, following next_cursor; fails after `maxPages` to stop a cursor loop.
    func allPages(_ parameters: SearchParameters, maxPages: Int = 5_000,
                  sourceLocation: SourceLocation = #_sourceLocation) throws -> (hits: [SearchHit], totals: Set<Int>, pages: Int) {
        var parameters = parameters
        var hits: [SearchHit] = []
        var totals: Set<Int> = []
        var pages = 0
        while true {
            let page = try search(parameters)
            pages += 1
            hits += page.hits
            totals.insert(page.total)
            if let limit = parameters.limit.flatMap(Int.init) {
                #expect(page.hits.count <= limit, sourceLocation: sourceLocation)
                if page.nextCursor != nil {
                    #expect(page.hits.count == limit, "a page before the last is full", sourceLocation: sourceLocation)
                }
            }
            guard let next = page.nextCursor else { break }
            guard pages < maxPages else {
                Issue.record("more than \(maxPages) pages: the cursor does not advance", sourceLocation: sourceLocation)
                break
            }
            parameters.cursor = next
        }
        return (hits, totals, pages)
    }
}
