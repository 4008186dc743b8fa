import Foundation
import TranscriptIndex
import TwilioClient
import TwilioHarvest

/// Conversational Intelligence v2 Transcripts as a harvest source (NOTES-wave2.md §1.7).
///
/// - **initial** and **full** runs walk `GET /v2/Transcripts` (1000 a page) to the end, following the absolute
///   `meta.next_page_url` (on the Intelligence host only); each page commits with the next URL, so a killed walk
///   resumes. A complete full walk removes the transcripts it did not see, each confirmed by a 404.
/// - **incremental** runs list `AfterDateCreated` = the newest date_created of the last run minus an overlap
///   (Twilio documents no DateUpdated filter and no sort order, so the filtered list is walked to its end), then
///   re-fetch the transcripts stored in a non-terminal state, whose completion a date_created filter cannot see.
/// - A **completed** transcript's sentences (5000 a page) and operator results are read when it is new or
///   changed, or still has none. The variant read is Twilio's default: redacted when the Service redacts.
/// - An **encrypted** transcript (`encryption_credential_sid`) is kept without text, with a per-item problem.
/// - `channel.media_properties.source_sid` (RE…) links a transcript to its v2010 Recording, fetched when the
///   index lacks it, and so to its call.
public struct IntelligenceSource: HarvestSource {
    public var source: DocumentSource { .intelligence }

    /// Twilio's terminal statuses; the others are re-fetched until they reach one.
    static let terminalStatuses: Set<String> = ["completed", "failed", "canceled", "error"]
    static let sentencesPageSize = 5000
    static let operatorResultsPageSize = 1000

    public init() {}

    public func harvest(_ run: SourceRun) async throws -> Bool {
        guard try await walk(run) else { return false }
        if run.plan.mode == .full {
            try await run.reconcileDeletions { unseen in try await refetch(unseen, run) }
        }
        if run.plan.mode == .incremental { try await recheck(run) }
        return true
    }

    // MARK: Walk

    private func walk(_ run: SourceRun) async throws -> Bool {
        let client = run.client
        let plan = run.plan
        var page: TwilioMetaPage<TranscriptJSON>
        if let resume = plan.resumePage {
            do {
                page = try await client.intelligencePage(TranscriptJSON.self, following: resume, key: "transcripts")
            } catch let error as TwilioError where error.isRejectedPageURI {
                run.notice("the interrupted walk's next page was refused (\(error)); walking from the top")
                page = try await firstPage(run)
            }
            run.notice("resuming an interrupted \(plan.mode.rawValue) walk of Intelligence transcripts")
        } else {
            page = try await firstPage(run)
        }
        while true {
            run.advanceWatermark(to: page.items.compactMap(\.dateCreated).max())
            try await process(page.items, nextPage: page.nextPageURL, run)
            if run.stop.isRequested { return false }
            guard let next = page.nextPageURL else { return true }
            page = try await client.intelligencePage(TranscriptJSON.self, following: next, key: "transcripts")
        }
    }

    private func firstPage(_ run: SourceRun) async throws -> TwilioMetaPage<TranscriptJSON> {
        var query: [(name: String, value: String)] = []
        if !run.plan.isWalk, let watermark = run.plan.watermark {
            query.append(("AfterDateCreated", TwilioDate.iso8601(watermark - run.options.overlapSeconds)))
        }
        return try await run.client.intelligenceTranscriptsPage(TranscriptJSON.self, query: query,
                                                                pageSize: run.options.pageSize)
    }

    /// Reads what the page's transcripts need (content, recordings) and commits the page.
    private func process(_ listed: [TranscriptJSON], nextPage: String?, _ run: SourceRun) async throws {
        let items = listed.filter { IntelligenceDocument($0) != nil }
        let sids = items.compactMap(\.sid)
        let stored = try run.transaction { try $0.storedVersions(.intelligence, sids: sids) }
        let resolved = try await ContentReader(client: run.client, width: run.options.concurrency).read(items) { item in
            guard Self.wantsContent(item), let sid = item.sid else { return false }
            guard let version = stored[sid] else { return true }
            return version.dateUpdated != item.dateUpdated || !version.hasText || version.status != item.status
        }
        let recordings = try await run.resolveRecordings(resolved.documents.compactMap { document in
            document.recordingSid.map { ($0, document.dateCreated) }
        })
        try run.commitPage(items: listed.count, seen: resolved.documents.map(\.sid), nextPage: nextPage) { batch in
            var counts = IngestCounts()
            try recordings.write(to: batch)
            for document in resolved.documents { counts += try batch.upsert(document).counts }
            for sid in resolved.vanished where try batch.deleteDocument(.intelligence, sid: sid) { counts.deleted += 1 }
            return counts
        }
        let problems = resolved.documents.filter { $0.problem != nil && stored[$0.sid] == nil }.count
        run.update { report in
            report.textsFetched += resolved.fetched
            report.problems += problems
        }
    }

    /// A completed transcript that is not encrypted has sentences to read.
    static func wantsContent(_ item: TranscriptJSON) -> Bool {
        item.status == "completed" && item.encryptionCredentialSid == nil
    }

    // MARK: Re-checks and reconciliation

    /// Transcripts stored in a non-terminal state (and completed ones whose content never arrived), fetched one
    /// by one: an `AfterDateCreated` list cannot see an old transcript complete. Those created within the window
    /// before the newest transcript seen (not before now: the account's clock is the one that counts, and a
    /// stalled account still has its last transcripts re-checked).
    private func recheck(_ run: SourceRun) async throws {
        let newest = run.newWatermark ?? Int64(Date().timeIntervalSince1970)
        let since = newest - run.options.inProgressWindowSeconds
        let limit = run.options.recheckLimit
        let sids = try run.transaction { batch in
            try batch.intelligenceSidsToRecheck(terminal: Array(Self.terminalStatuses), createdSince: since, limit: limit)
        }
        try await refetch(sids, run)
    }

    /// Fetches these transcripts one by one (with their content when completed) and commits what Twilio says:
    /// found ones are upserted, 404s deleted.
    private func refetch(_ sids: [String], _ run: SourceRun) async throws {
        guard !sids.isEmpty else { return }
        let client = run.client
        let lookups = try await boundedMap(sids, width: run.options.concurrency) { sid in
            (sid, try await client.intelligenceTranscript(TranscriptJSON.self, sid: sid))
        }
        let resolved = try await ContentReader(client: client, width: run.options.concurrency)
            .read(lookups.compactMap { $0.1.value }, needsContent: Self.wantsContent)
        let recordings = try await run.resolveRecordings(resolved.documents.compactMap { document in
            document.recordingSid.map { ($0, document.dateCreated) }
        })
        let gone = lookups.filter { $0.1.value == nil }.map(\.0) + resolved.vanished
        try run.commit { batch in
            var counts = IngestCounts()
            try recordings.write(to: batch)
            for document in resolved.documents { counts += try batch.upsert(document).counts }
            for sid in gone where try batch.deleteDocument(.intelligence, sid: sid) { counts.deleted += 1 }
            return counts
        }
        run.update { $0.textsFetched += resolved.fetched }
    }
}
