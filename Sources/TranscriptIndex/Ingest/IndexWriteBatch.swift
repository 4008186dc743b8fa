import GRDB

extension IndexDatabase {
    /// Runs `body` in one write transaction: everything it upserts, deletes and records commits together or not
    /// at all. The harvester commits each page with its progress state this way, so a killed process leaves
    /// either the whole page or none of it.
    public func writeBatch<T>(_ body: (IndexWriteBatch) throws -> T) throws -> T {
        try write { db in
            let result = try body(IndexWriteBatch(db: db))
            // The term lists follow the rows in the same transaction (or go stale, unused, after a large batch).
            try TermLists.absorbPendingChanges(db)
            return result
        }
    }

    /// Brings the ranked-search term lists up to date after an import or a harvest: folds in what changed, or
    /// rebuilds them after a large import (seconds per million transcriptions). Searches are exact either way;
    /// stale lists only make ranked searches on common words slower.
    /// Finishes first a bulk load whose import died (a harvest that runs for days is the writer that sees it);
    /// does nothing while a live import loads in bulk: it rebuilds everything when it ends.
    public func refreshTermLists() throws {
        try finishInterruptedBulkLoad()
        try write { db in try TermLists.refresh(db) }
    }
}

/// Write access to the index inside one transaction. All SQL that changes rows lives here.
public struct IndexWriteBatch {
    let db: Database

    /// Bits of the time-ordered rowid that distinguish transcriptions created in the same second.
    static let sequenceBits: Int64 = 20

    /// Inserts or updates a transcription by SID.
    /// - A newer (or equal) `dateUpdated` replaces the stored fields; an older one changes nothing.
    /// - `text == nil` means "this representation did not carry text" and keeps the stored text (same status).
    /// - NUL characters become spaces (see NULCharacters); `ingest` says how many there were.
    public func upsert(_ incoming: Transcription) throws -> UpsertOutcome {
        try ingest(incoming).outcome
    }

    /// `upsert`, and the NUL characters replaced in the record: what an import reports. Import and harvest both
    /// store through here, so neither can store a string cut at a NUL.
    public func ingest(_ incoming: Transcription) throws -> Ingested {
        let (clean, replacedNULs) = incoming.withoutNULs()
        return Ingested(outcome: try store(clean), replacedNULs: replacedNULs)
    }

    /// `upsert` for a recording, with the NUL characters replaced.
    public func ingest(_ incoming: Recording) throws -> Ingested {
        let (clean, replacedNULs) = incoming.withoutNULs()
        return Ingested(outcome: try store(clean), replacedNULs: replacedNULs)
    }

    private func store(_ incoming: Transcription) throws -> UpsertOutcome {
        guard let sid = incoming.sid, SIDKind.transcription.matches(sid) else {
            throw IndexError(.invalidInput, "transcription sid is missing or not TR followed by 32 hex digits")
        }
        guard let stored = try StoredTranscription.fetch(sid: sid, in: db) else {
            try insert(incoming, id: try allocateID(dateCreated: incoming.dateCreated))
            return .added
        }
        if let old = stored.value.dateUpdated {
            // An older version, or one that does not say when it was updated, never replaces a dated row.
            guard let new = incoming.dateUpdated, new >= old else { return .unchanged }
        }
        var merged = incoming
        // A list page may omit the text (null) of a transcription whose text we already have: keep it, unless the
        // status changed, in which case the stored text described the earlier state ("(blank)" of a failed try).
        if merged.text == nil, merged.status == stored.value.status { merged.text = stored.value.text }
        if merged == stored.value { return .unchanged }
        if Self.secondOf(id: stored.id) != Self.secondOf(dateCreated: merged.dateCreated) {
            // date_created moved (Twilio does not do this, but an import may): the rowid encodes it, so re-key.
            // The new id is allocated first, so a full bucket fails before anything is deleted.
            let newID = try allocateID(dateCreated: merged.dateCreated)
            try db.execute(sql: "DELETE FROM documents WHERE id = ?", arguments: [stored.id])
            try insert(merged, id: newID)
        } else {
            try update(merged, id: stored.id)
        }
        return .updated
    }

    /// Sets the text of a stored transcription (from the `.txt` representation). Returns false for an unknown SID.
    @discardableResult
    /// NUL characters become spaces (count them first with `NULCharacters` to report them).
    public func setText(sid: String, text: String) throws -> Bool {
        let statement = try db.cachedStatement(sql: "UPDATE documents SET text = ? WHERE sid = ? AND source = 'transcription'")
        try statement.execute(arguments: [NULCharacters.replaced(in: text).text, sid])
        return try StoredTranscription.exists(sid: sid, in: db)
    }

    /// Inserts or updates a recording by SID, with the same date_updated rule as transcriptions, NULs as spaces.
    public func upsert(_ incoming: Recording) throws -> UpsertOutcome {
        try ingest(incoming).outcome
    }

    private func store(_ incoming: Recording) throws -> UpsertOutcome {
        guard let sid = incoming.sid, SIDKind.recording.matches(sid) else {
            throw IndexError(.invalidInput, "recording sid is missing or not RE followed by 32 hex digits")
        }
        let existing = try Row.fetchOne(db.cachedStatement(
            sql: "SELECT date_updated, availability FROM recordings WHERE sid = ?"), arguments: [sid])
        if let existing, let old = existing["date_updated"] as Int64?, existing["availability"] as String == "present" {
            guard let new = incoming.dateUpdated, new >= old else { return .unchanged }
        }
        let arguments: StatementArguments = [
            sid, incoming.accountSid, incoming.callSid, incoming.conferenceSid, incoming.status, incoming.source,
            incoming.channels, incoming.duration, incoming.startTime, incoming.dateCreated, incoming.dateUpdated,
            incoming.price, incoming.priceUnit, incoming.errorCode, incoming.mediaURL, incoming.uri,
            incoming.encryptionDetails,
        ]
        let statement = try db.cachedStatement(sql: """
            INSERT INTO recordings (sid, account_sid, call_sid, conference_sid, status, source, channels, duration,
                start_time, date_created, date_updated, price, price_unit, error_code, media_url, uri,
                encryption_details, availability)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'present')
            ON CONFLICT(sid) DO UPDATE SET
                account_sid = excluded.account_sid, call_sid = excluded.call_sid,
                conference_sid = excluded.conference_sid, status = excluded.status, source = excluded.source,
                channels = excluded.channels, duration = excluded.duration, start_time = excluded.start_time,
                date_created = excluded.date_created, date_updated = excluded.date_updated, price = excluded.price,
                price_unit = excluded.price_unit, error_code = excluded.error_code, media_url = excluded.media_url,
                uri = excluded.uri, encryption_details = excluded.encryption_details, availability = 'present'
            WHERE (account_sid, call_sid, conference_sid, status, source, channels, duration, start_time,
                   date_created, date_updated, price, price_unit, error_code, media_url, uri, encryption_details,
                   availability)
                IS NOT (excluded.account_sid, excluded.call_sid, excluded.conference_sid, excluded.status,
                   excluded.source, excluded.channels, excluded.duration, excluded.start_time, excluded.date_created,
                   excluded.date_updated, excluded.price, excluded.price_unit, excluded.error_code,
                   excluded.media_url, excluded.uri, excluded.encryption_details, 'present')
            """)
        try statement.execute(arguments: arguments)
        if existing == nil { return .added }
        return db.changesCount > 0 ? .updated : .unchanged
    }

    /// Records that Twilio answered 404 for a recording, so the transcription shows it and later runs need not ask.
    public func markRecordingNotFound(sid: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO recordings (sid, availability) VALUES (?, 'not_found')
            ON CONFLICT(sid) DO UPDATE SET availability = 'not_found'
            """).execute(arguments: [sid])
    }

    // MARK: Harvest progress

    /// A value of a source's checkpoint, stored with the page it describes.
    public func checkpoint(_ source: DocumentSource, _ key: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM harvest_checkpoints WHERE source = ? AND key = ?"),
                            arguments: [source.rawValue, key])
    }

    /// The distinct values of one checkpoint key across every source.
    public func checkpointValues(_ key: String) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT value FROM harvest_checkpoints WHERE key = ? ORDER BY value"),
                            arguments: [key])
    }

    public func setCheckpoint(_ source: DocumentSource, _ key: String, _ value: String?) throws {
        // Stored as a C string (see NULCharacters), a value with a NUL would come back cut: a resumed walk
        // would follow a wrong page URI. Refuse it instead.
        if let value, value.utf8.contains(0) {
            throw IndexError(.invalidInput, "the harvest checkpoint \(key) contains a NUL character")
        }
        if let value {
            try db.cachedStatement(sql: """
                INSERT INTO harvest_checkpoints (source, key, value) VALUES (?, ?, ?)
                ON CONFLICT(source, key) DO UPDATE SET value = excluded.value
                """).execute(arguments: [source.rawValue, key, value])
        } else {
            try db.cachedStatement(sql: "DELETE FROM harvest_checkpoints WHERE source = ? AND key = ?")
                .execute(arguments: [source.rawValue, key])
        }
    }

    // MARK: Rows

    private func insert(_ t: Transcription, id: Int64) throws {
        // call_sid from the recording when it is already here; the schema's triggers set it when it comes later.
        try db.cachedStatement(sql: """
            INSERT INTO documents (id, source, sid, account_sid, recording_sid, call_sid, status, duration,
                date_created, date_updated, text)
            VALUES (?, 'transcription', ?, ?, ?, (SELECT call_sid FROM recordings WHERE sid = ?), ?, ?, ?, ?, ?)
            """).execute(arguments: [id, t.sid, t.accountSid, t.recordingSid, t.recordingSid, t.status, t.duration,
                                     t.dateCreated, t.dateUpdated, t.text])
        try db.cachedStatement(sql: """
            INSERT INTO transcription_details (id, type, price, price_unit, api_version, uri) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, t.type, t.price, t.priceUnit, t.apiVersion, t.uri])
    }

    private func update(_ t: Transcription, id: Int64) throws {
        try db.cachedStatement(sql: """
            UPDATE documents SET account_sid = ?, recording_sid = ?, status = ?, duration = ?, date_created = ?,
                date_updated = ?, text = ?
            WHERE id = ?
            """).execute(arguments: [t.accountSid, t.recordingSid, t.status, t.duration, t.dateCreated, t.dateUpdated,
                                     t.text, id])
        try db.cachedStatement(sql: """
            INSERT INTO transcription_details (id, type, price, price_unit, api_version, uri) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET type = excluded.type, price = excluded.price, price_unit = excluded.price_unit,
                api_version = excluded.api_version, uri = excluded.uri
            """).execute(arguments: [id, t.type, t.price, t.priceUnit, t.apiVersion, t.uri])
    }

    /// The next free time-ordered rowid in the second of `dateCreated` (see Schema/0003_documents.sql).
    func allocateID(dateCreated: Int64?) throws -> Int64 {
        let base = Self.secondOf(dateCreated: dateCreated) << Self.sequenceBits
        let last: Int64 = (1 << Self.sequenceBits) - 1
        let highest = try Int64.fetchOne(db.cachedStatement(
            sql: "SELECT max(id) FROM documents WHERE id BETWEEN ? AND ?"), arguments: [base, base + last])
        guard let highest else { return base }
        guard highest < base + last else {
            throw IndexError(.invalidInput, "more than \(last + 1) transcriptions created in one second")
        }
        return highest + 1
    }

    /// Dates before 1970 or absent sort first; the rowid only needs to be monotonic in date_created.
    static func secondOf(dateCreated: Int64?) -> Int64 { max(0, min(dateCreated ?? 0, (1 << 42) - 1)) }
    static func secondOf(id: Int64) -> Int64 { id >> sequenceBits }
}

/// A transcription row as stored, with its rowid.
struct StoredTranscription {
    var id: Int64
    var value: Transcription

    static func fetch(sid: String, in db: Database) throws -> StoredTranscription? {
        let statement = try db.cachedStatement(sql: """
            SELECT d.id, d.sid, d.account_sid, d.recording_sid, d.status, d.duration, d.date_created, d.date_updated,
                   d.text, x.type, x.price, x.price_unit, x.api_version, x.uri
            FROM documents d LEFT JOIN transcription_details x ON x.id = d.id
            WHERE d.sid = ? AND d.source = 'transcription'
            """)
        return try Row.fetchOne(statement, arguments: [sid]).map(StoredTranscription.init(row:))
    }

    static func exists(sid: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM documents WHERE sid = ? AND source = 'transcription')
            """), arguments: [sid]) ?? false
    }

    init(row: Row) {
        id = row["id"]
        value = Transcription(
            sid: row["sid"], accountSid: row["account_sid"], recordingSid: row["recording_sid"],
            status: row["status"], type: row["type"], duration: row["duration"], price: row["price"],
            priceUnit: row["price_unit"], apiVersion: row["api_version"], dateCreated: row["date_created"],
            dateUpdated: row["date_updated"], text: row["text"], uri: row["uri"])
    }
}
