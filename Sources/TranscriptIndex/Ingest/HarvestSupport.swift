import GRDB

/// The index-side operations of a harvest (the SQL stays in the index module; the harvester knows none).
extension IndexWriteBatch {
    /// SIDs bound in one `IN (…)`, well under SQLite's limit on variables per statement.
    static let sidsPerQuery = 500

    /// What the index holds for these SIDs of `source`: date_updated and whether text is stored, to decide what
    /// to fetch.
    public func storedVersions(_ source: DocumentSource, sids: [String]) throws -> [String: StoredVersion] {
        guard !sids.isEmpty else { return [:] }
        var result: [String: StoredVersion] = [:]
        for chunk in sids.chunked(by: Self.sidsPerQuery) {
            let placeholders = chunk.map { _ in "?" }.joined(separator: ",")
            let rows = try Row.fetchAll(db, sql: """
                SELECT sid, date_updated, status, text IS NOT NULL AS has_text FROM documents
                WHERE source = ? AND sid IN (\(placeholders))
                """, arguments: StatementArguments([source.rawValue] + Array(chunk)))
            for row in rows {
                result[row["sid"]] = StoredVersion(dateUpdated: row["date_updated"], status: row["status"],
                                                   hasText: row["has_text"])
            }
        }
        return result
    }

    /// Recording SIDs among these that the index has no row for (present or known missing).
    public func unknownRecordingSids(_ sids: Set<String>) throws -> Set<String> {
        guard !sids.isEmpty else { return [] }
        var known: Set<String> = []
        for chunk in Array(sids).chunked(by: Self.sidsPerQuery) {
            let placeholders = chunk.map { _ in "?" }.joined(separator: ",")
            known.formUnion(try String.fetchAll(db, sql: "SELECT sid FROM recordings WHERE sid IN (\(placeholders))",
                                                arguments: StatementArguments(chunk)))
        }
        return sids.subtracting(known)
    }

    /// Documents of `source` stored with one of these statuses and created since `since`, newest first: the
    /// ones still in progress, re-checked individually by incremental runs in case their completion did not
    /// surface in the list.
    public func sids(_ source: DocumentSource, statuses: [String], createdSince since: Int64,
                     limit: Int) throws -> [String] {
        guard !statuses.isEmpty else { return [] }
        let placeholders = statuses.map { _ in "?" }.joined(separator: ",")
        return try String.fetchAll(db, sql: """
            SELECT sid FROM documents
            WHERE source = ? AND status IN (\(placeholders)) AND id >= ? ORDER BY id DESC LIMIT ?
            """, arguments: StatementArguments([source.rawValue] + statuses)
                + [IndexWriteBatch.secondOf(dateCreated: since) << IndexWriteBatch.sequenceBits, limit])
    }

    /// Removes a document of `source` (and its full-text entry and side-table rows, through the schema).
    @discardableResult
    public func deleteDocument(_ source: DocumentSource, sid: String) throws -> Bool {
        try db.cachedStatement(sql: "DELETE FROM documents WHERE sid = ? AND source = ?")
            .execute(arguments: [sid, source.rawValue])
        return db.changesCount > 0
    }

    /// Recent transcriptions whose text was never delivered (finished, null text): fetched individually. Only
    /// recent ones, so one whose text stays null upstream costs requests for a week, not on every run forever.
    public func sidsMissingText(createdSince since: Int64, limit: Int) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT sid FROM documents
            WHERE source = 'transcription' AND text IS NULL AND status IN ('completed', 'failed') AND id >= ?
            ORDER BY id DESC LIMIT ?
            """, arguments: [IndexWriteBatch.secondOf(dateCreated: since) << IndexWriteBatch.sequenceBits, limit])
    }

    /// Transcriptions whose stored text looks like an HTTP body rather than speech: its first visible character is
    /// `{`, `[` or `<` (JSON, an HTML or XML page). Versions before 2026-12 stored such bodies from `.txt` fetches
    /// that accepted any 2xx answer; full runs re-fetch these, so an index damaged that way repairs itself. One
    /// scan of the text column: about a second per million transcriptions, once a day.
    public func sidsWithSuspectText(limit: Int) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT sid FROM documents
            WHERE source = 'transcription' AND substr(ltrim(text, ' ' || char(9, 10, 13)), 1, 1) IN ('{', '[', '<')
            ORDER BY id DESC LIMIT ?
            """, arguments: [limit])
    }

    /// Recordings the index holds as present, for a full run to confirm against the Recordings list.
    public func presentRecordingSids() throws -> [String] {
        try String.fetchAll(db, sql: "SELECT sid FROM recordings WHERE availability = 'present' ORDER BY sid")
    }

    // MARK: Full-walk reconciliation

    /// Marks SIDs as seen by the full walk of `source` in progress.
    public func markSeen(_ source: DocumentSource, sids: [String]) throws {
        let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO harvest_seen (source, sid) VALUES (?, ?)")
        for sid in sids { try statement.execute(arguments: [source.rawValue, sid]) }
    }

    /// Forgets what the walks of `source` have seen (a new full walk starts).
    public func clearSeen(_ source: DocumentSource) throws {
        try db.execute(sql: "DELETE FROM harvest_seen WHERE source = ?", arguments: [source.rawValue])
    }

    /// After a complete walk of `source` for `accountSid`: the indexed documents the walk did not see. The
    /// harvest confirms each with Twilio before deleting it (a document updated during the walk can move in the
    /// list and be passed by).
    public func unseenSids(_ source: DocumentSource, accountSid: String) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT sid FROM documents
            WHERE source = ? AND (account_sid = ? OR account_sid IS NULL)
              AND sid NOT IN (SELECT sid FROM harvest_seen WHERE source = ?)
            """, arguments: [source.rawValue, accountSid, source.rawValue])
    }
}

/// The index's version of one transcription.
public struct StoredVersion: Sendable, Equatable {
    public var dateUpdated: Int64?
    public var status: String?
    public var hasText: Bool
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(by size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
