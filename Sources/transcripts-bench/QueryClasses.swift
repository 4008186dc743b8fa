import Foundation
import TranscriptIndex

/// The query classes of the benchmark (issue 5): each as the search the library runs, and as the naive SQL a
/// person would write against the same file (join + `ORDER BY bm25()`), run through the plain sqlite3 shell as
/// the floor.
struct QueryClass {
    var name: String
    var parameters: SearchParameters
    var floorSQL: String
}

enum QueryClasses {
    /// Picks concrete values from the index (a rare order number, a call SID, a cursor 500 results deep).
    static func make(database: IndexDatabase) throws -> [QueryClass] {
        let orderHits = try database.search(try SearchParameters(query: "order", limit: "200").validated()).hits
        let rare = orderHits.lazy.compactMap { hit in hit.snippet.flatMap { Self.orderNumber(in: $0.marked) } }.first ?? "4471"
        let callSid = try database.search(try SearchParameters(limit: "1").validated()).hits.first?.callSid ?? ""
        let from = "2023-01-01", to = "2023-12-31"
        let fromSeconds = TwilioDate.parse(from + "T00:00:00Z")!, toSeconds = TwilioDate.parse(to + "T23:59:59Z")!

        // The cursor after 500 results of a ranked common-word search: 25 pages of 20.
        var cursor: String?
        for _ in 0..<25 {
            cursor = try database.search(try SearchParameters(query: "refund", limit: "20", cursor: cursor).validated()).nextCursor
        }

        func ranked(_ match: String, extra: String = "", offset: Int = 0) -> String {
            rankedSQL(match, extra, offset)
        }
        func rankedSQL(_ match: String, _ extra: String, _ offset: Int) -> String {
            "SELECT t.sid, bm25(documents_fts) AS score FROM documents_fts "
                + "JOIN documents t ON t.id = documents_fts.rowid "
                + "WHERE documents_fts MATCH '\(match.replacingOccurrences(of: "'", with: "''"))'\(extra) "
                + "ORDER BY score LIMIT 20\(offset > 0 ? " OFFSET \(offset)" : "");"
        }
        return [
            QueryClass(name: "rare word (\(rare))", parameters: SearchParameters(query: rare), floorSQL: ranked(rare)),
            QueryClass(name: "common word (refund)", parameters: SearchParameters(query: "refund"), floorSQL: ranked("refund")),
            QueryClass(name: "two-word AND (refund order)", parameters: SearchParameters(query: "refund order"),
                       floorSQL: ranked("refund order")),
            // Issue 11's shapes of several words: scored from the postings (Schema/0008_postings.sql).
            QueryClass(name: "three-word AND (refund order account)",
                       parameters: SearchParameters(query: "refund order account"),
                       floorSQL: ranked("refund order account")),
            QueryClass(name: "OR of two common words (refund OR cancel)",
                       parameters: SearchParameters(query: "refund OR cancel"), floorSQL: ranked("refund OR cancel")),
            QueryClass(name: "exclusion (refund -invoice)", parameters: SearchParameters(query: "refund -invoice"),
                       floorSQL: ranked("refund NOT invoice")),
            QueryClass(name: "phrase (\"your account\")", parameters: SearchParameters(query: "\"your account\""),
                       floorSQL: ranked("\"your account\"")),
            QueryClass(name: "prefix (ref*)", parameters: SearchParameters(query: "ref*"), floorSQL: ranked("ref*")),
            QueryClass(name: "common word + 2023 + completed",
                       parameters: SearchParameters(query: "refund", from: from, to: to, statuses: ["completed"]),
                       floorSQL: ranked("refund", extra: " AND t.date_created BETWEEN \(fromSeconds) AND \(toSeconds) AND t.status = 'completed'")),
            QueryClass(name: "call SID listing", parameters: SearchParameters(callSid: callSid),
                       floorSQL: "SELECT t.sid FROM documents t JOIN recordings r ON r.sid = t.recording_sid "
                           + "WHERE r.call_sid = '\(callSid)' ORDER BY t.date_created DESC LIMIT 20;"),
            QueryClass(name: "newest-first listing", parameters: SearchParameters(),
                       floorSQL: "SELECT sid FROM documents ORDER BY date_created DESC LIMIT 20;"),
            QueryClass(name: "deep page (after 500, refund)", parameters: SearchParameters(query: "refund", cursor: cursor),
                       floorSQL: ranked("refund", offset: 500)),
            // Issue 9: a common word and a status whose transcriptions rarely have text (Twilio's failed and
            // in-progress ones; the generated corpus gives them none), ranked and newest first, and the listing.
            QueryClass(name: "common word + failed (account)",
                       parameters: SearchParameters(query: "account", statuses: ["failed"]),
                       floorSQL: ranked("account", extra: " AND t.status = 'failed'")),
            QueryClass(name: "common word + in-progress (account)",
                       parameters: SearchParameters(query: "account", statuses: ["in-progress"]),
                       floorSQL: ranked("account", extra: " AND t.status = 'in-progress'")),
            QueryClass(name: "common word + failed, newest first",
                       parameters: SearchParameters(query: "account", statuses: ["failed"], sort: "newest"),
                       floorSQL: "SELECT t.sid FROM documents_fts JOIN documents t ON t.id = documents_fts.rowid "
                           + "WHERE documents_fts MATCH 'account' AND t.status = 'failed' "
                           + "ORDER BY t.date_created DESC LIMIT 20;"),
            QueryClass(name: "failed listing, newest first", parameters: SearchParameters(statuses: ["failed"]),
                       floorSQL: "SELECT sid FROM documents WHERE status = 'failed' ORDER BY date_created DESC LIMIT 20;"),
        ] + (try wider(database: database, ranked: rankedSQL)) + (try mixed(database: database, ranked: rankedSQL))
    }

    /// Issue 11's further shapes of what users type: 4- and 5-word AND, phrases of 3 and 5 words (taken from a
    /// real transcription, so they match), prefixes of 2, 5 and 8 letters, and a common word with a call SID, an
    /// account SID or the newest-first order.
    static func wider(database: IndexDatabase, ranked: (String, String, Int) -> String) throws -> [QueryClass] {
        let refund = try database.search(try SearchParameters(query: "refund", limit: "50").validated()).hits
        // Five words of a snippet, from its first marked "refund" on (the snippet's own words, so they stand
        // next to each other in that transcription).
        let words: [String] = refund.lazy.compactMap { hit -> [String]? in
            guard let marked = hit.snippet?.marked, let start = marked.firstIndex(of: "\u{1}") else { return nil }
            let following = marked[start...].split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { String($0).lowercased() }
            return following.count >= 5 ? Array(following.prefix(5)) : nil
        }.first ?? ["refund", "for", "the", "order", "please"]
        let three = "\"" + words.prefix(3).joined(separator: " ") + "\"", five = "\"" + words.joined(separator: " ") + "\""
        let callSid = refund.first?.callSid ?? "", accountSid = refund.first?.accountSid ?? ""
        let sidClasses: [QueryClass] = callSid.isEmpty || accountSid.isEmpty ? [] : [
            QueryClass(name: "common word + call SID", parameters: SearchParameters(query: "refund", callSid: callSid),
                       floorSQL: ranked("refund", " AND t.call_sid = '\(callSid)'", 0)),
            QueryClass(name: "common word + account SID", parameters: SearchParameters(query: "refund", accountSid: accountSid),
                       floorSQL: ranked("refund", " AND t.account_sid = '\(accountSid)'", 0)),
        ]
        return [
            QueryClass(name: "four-word AND (refund order account thank)",
                       parameters: SearchParameters(query: "refund order account thank"),
                       floorSQL: ranked("refund order account thank", "", 0)),
            QueryClass(name: "five-word AND (… call)", parameters: SearchParameters(query: "refund order account thank call"),
                       floorSQL: ranked("refund order account thank call", "", 0)),
            QueryClass(name: "phrase, 3 words (\(three))", parameters: SearchParameters(query: three), floorSQL: ranked(three, "", 0)),
            QueryClass(name: "phrase, 5 words (\(five))", parameters: SearchParameters(query: five), floorSQL: ranked(five, "", 0)),
            // Common words that rarely stand together: what a person quotes ("cancel my subscription").
            QueryClass(name: "phrase, rare, of common words", parameters: SearchParameters(query: "\"cancel my subscription\""),
                       floorSQL: ranked("\"cancel my subscription\"", "", 0)),
            QueryClass(name: "prefix, 2 letters (ca*)", parameters: SearchParameters(query: "ca*"), floorSQL: ranked("ca*", "", 0)),
            QueryClass(name: "prefix, 5 letters (refun*)", parameters: SearchParameters(query: "refun*"),
                       floorSQL: ranked("refun*", "", 0)),
            QueryClass(name: "prefix, 8 letters (subscrip*)", parameters: SearchParameters(query: "subscrip*"),
                       floorSQL: ranked("subscrip*", "", 0)),
            QueryClass(name: "common word, newest first", parameters: SearchParameters(query: "refund", sort: "newest"),
                       floorSQL: "SELECT t.sid FROM documents_fts JOIN documents t ON t.id = documents_fts.rowid "
                           + "WHERE documents_fts MATCH 'refund' ORDER BY t.date_created DESC LIMIT 20;"),
        ] + sidClasses
    }

    /// Issue 10: on an index that holds Intelligence transcripts (the mixed corpus), the classes of that source:
    /// its documents alone, a language, and one speaker's words. Their floors join what a person would join:
    /// the sentences of that speaker that contain the word.
    static func mixed(database: IndexDatabase, ranked: (String, String, Int) -> String) throws -> [QueryClass] {
        let intelligence = try database.search(try SearchParameters(sources: ["intelligence"], limit: "1").validated())
        guard intelligence.total > 0 else { return [] }
        func speaker(_ word: String, _ role: String) -> String {
            "SELECT t.sid, bm25(documents_fts) AS score FROM documents_fts "
                + "JOIN documents t ON t.id = documents_fts.rowid "
                + "WHERE documents_fts MATCH '\(word)' AND t.id IN (SELECT document_id FROM sentences "
                + "WHERE lower(speaker) = '\(role)' AND text LIKE '%\(word)%') ORDER BY score LIMIT 20;"
        }
        return [
            QueryClass(name: "intelligence only, common word", parameters: SearchParameters(query: "refund", sources: ["intelligence"]),
                       floorSQL: ranked("refund", " AND t.source = 'intelligence'", 0)),
            QueryClass(name: "language es-US + common word", parameters: SearchParameters(query: "refund", languages: ["es-US"]),
                       floorSQL: ranked("refund", " AND t.language = 'es-US'", 0)),
            QueryClass(name: "speaker customer + rare word (tracking)",
                       parameters: SearchParameters(query: "tracking", speaker: "customer"),
                       floorSQL: speaker("tracking", "customer")),
            QueryClass(name: "speaker customer + common word (refund)",
                       parameters: SearchParameters(query: "refund", speaker: "customer"),
                       floorSQL: speaker("refund", "customer")),
        ]
    }

    /// A 4–5 digit number following "order" in a snippet: rare by construction in the generated corpus.
    static func orderNumber(in text: String) -> String? {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        for (index, word) in words.enumerated() where word.lowercased() == "order" && index + 1 < words.count {
            let next = words[index + 1]
            if (4...5).contains(next.count), next.allSatisfy(\.isNumber) { return next }
        }
        return nil
    }
}
