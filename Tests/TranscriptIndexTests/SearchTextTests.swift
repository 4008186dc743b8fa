import Foundation
import Testing
@testable import TranscriptIndex

/// What full-text matching finds (stemming, accents, the "(blank)" placeholder) and how snippets show it.
@Suite("Search text, snippets and scores")
struct SearchTextTests {
    typealias P = SearchParameters

    @Test func stemmingFindsOtherFormsOfAWord() throws {
        try withSearchFixture { (db) throws in
            // refund / refunds / refunded share the stem "refund".
            #expect(try db.sids(matching: "refunds") == SearchFixture.sids(2, 5, 1))
            #expect(try db.sids(matching: "refunded") == SearchFixture.sids(2, 5, 1))
            #expect(try db.sids(matching: "refund") == SearchFixture.sids(2, 5, 1))
            #expect(try db.sids(matching: "REFUND") == SearchFixture.sids(2, 5, 1))
            #expect(try db.sids(matching: "process") == SearchFixture.sids(2))
        }
    }

    @Test func accentFoldingBothWays() throws {
        try withSearchFixture { (db) throws in
            #expect(try db.sids(matching: "jose") == SearchFixture.sids(5))
            #expect(try db.sids(matching: "José") == SearchFixture.sids(5))
            #expect(try db.sids(matching: "JOSÉ") == SearchFixture.sids(5))
            // Decomposed é (e + U+0301) folds the same way.
            #expect(try db.sids(matching: "Jose\u{301}") == SearchFixture.sids(5))
        }
    }

    @Test func theBlankPlaceholderIsNotTheWordBlank() throws {
        try withSearchFixture { (db) throws in
            #expect(try db.sids(matching: "blank") == [])
            #expect(try db.search(P(query: "blank")).total == 0)
        }
    }

    @Test func phrasePrefixOrAndExclusionAgainstTheIndex() throws {
        try withSearchFixture { (db) throws in
            #expect(try db.sids(matching: "\"order 4471\"") == SearchFixture.sids(1))
            #expect(try db.sids(matching: "\"4471 order\"") == [])
            #expect(try db.sids(matching: "ship*") == SearchFixture.sids(6))
            #expect(try db.sids(matching: "pack*") == SearchFixture.sids(6))
            #expect(try db.sids(matching: "damaged OR processed") == SearchFixture.sids(2, 6))
            #expect(try db.sids(matching: "refund -jose") == SearchFixture.sids(2, 1))
            #expect(try db.sids(matching: "refund -\"five days\" -4471") == SearchFixture.sids(5))
            // Only exclusions: every transcription whose text does not contain the word (no text included).
            #expect(try db.sids(matching: "-refund") == SearchFixture.sids(3, 4, 6))
        }
    }

    @Test func snippetsMarkTheMatchesAndEscapeHTML() throws {
        try withSearchFixture { (db) throws in
            let hit = try #require(try db.search(P(query: "jose refund")).hits.first)
            #expect(hit.sid == sid("TR", 5))
            let html = try #require(hit.snippet?.html)
            #expect(html.contains("<mark>José</mark>"), "\(html)")
            #expect(html.contains("<mark>refund</mark>"), "\(html)")
            #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "\(html)")
            #expect(!html.contains("<script>"), "\(html)")
            #expect(html.components(separatedBy: "<mark>").count == 3, "\(html)")
            // On a terminal the marks become whatever the caller passes; with nothing, the plain text.
            let plain = try #require(hit.snippet?.rendered(before: "", after: ""))
            #expect(plain == "José called about his refund <script>alert('x')</script> thanks")
            #expect(try #require(hit.snippet?.rendered(before: "[", after: "]")).hasPrefix("[José] called about his [refund]"))
        }
    }

    @Test func aSnippetOfALongTextIsCutAroundTheMatch() throws {
        try withFreshIndex { (db, _) throws in
            let filler = (1...200).map { "filler\($0)" }
            let text = (filler[..<100] + ["warranty"] + filler[100...]).joined(separator: " ")
            try db.upsert([transcription(1, text: text, created: "2024-03-05T10:00:00Z")])
            let html = try #require(try db.search(P(query: "warranty")).hits.first?.snippet?.html)
            #expect(html.contains("<mark>warranty</mark>"))
            #expect(html.hasPrefix("…") && html.hasSuffix("…"), "\(html)")
            #expect(html.split(separator: " ").count <= 24, "\(html)")
            // A listing shows the first 200 characters, marked as cut.
            let preview = try #require(try db.search(P()).hits.first?.snippet?.html)
            #expect(preview.hasPrefix("filler1 filler2 "))
            #expect(preview.hasSuffix("…"))
            #expect(preview.count == 201)
        }
    }

    @Test func relevanceScoresAreNumbersBestFirst() throws {
        try withFreshIndex { (db, _) throws in
            try db.upsert([
                transcription(1, text: "refund", created: "2024-03-01T10:00:00Z"),
                transcription(2, text: "a long call about delivery and billing that once mentions a refund "
                              + "among many other words about the package and the driver", created: "2024-03-02T10:00:00Z"),
                transcription(3, text: "refund refund refund please", created: "2024-03-03T10:00:00Z"),
                transcription(4, text: "nothing relevant here", created: "2024-03-04T10:00:00Z"),
            ])
            let page = try db.search(P(query: "refund"))
            #expect(page.total == 3)
            let scores = page.hits.compactMap(\.score)
            #expect(scores.count == 3)
            #expect(scores.allSatisfy { $0 > 0 }, "\(scores)")
            #expect(scores == scores.sorted(by: >), "\(scores)")
            // The one-word text and the repeated word rank above the long text that mentions it once.
            #expect(page.hits.last?.sid == sid("TR", 2))
        }
    }

    @Test func theSearchJSONBody() throws {
        try withSearchFixture { (db) throws in
            let page = try db.search(P(query: "jose", limit: "1"))
            let text = page.json.text
            #expect(text.hasPrefix(#"{"total":1,"results":[{"sid":"\#(sid("TR", 5))","source":"transcription","call_sid":"\#(sid("CA", 3))","recording_sid":"\#(sid("RE", 5))","account_sid":"\#(sid("AC", 2))","status":"completed","date_created":"2024-03-05T12:00:00Z","duration":10,"score":"#), "\(text)")
            #expect(text.hasSuffix(#"</mark> called about his refund &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; thanks"}],"next_cursor":null}"#), "\(text)")
            let listing = try db.search(P(recordingSid: sid("RE", 4))).json.text
            #expect(listing == #"{"total":1,"results":[{"sid":"\#(sid("TR", 4))","source":"transcription","call_sid":null,"recording_sid":"\#(sid("RE", 4))","account_sid":"\#(sid("AC", 2))","status":"in-progress","date_created":"2024-03-04T23:59:59Z","duration":null,"score":null,"snippet":null}],"next_cursor":null}"#)
        }
    }
}
