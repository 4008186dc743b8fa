import Foundation
import TranscriptIndex
import TwilioClient
import TwilioHarvest

/// v2010 Recording Transcriptions (and their Recordings) as a harvest source.
///
/// - **initial** (empty index) and **full** runs walk the whole list, newest first, following `next_page_uri`.
///   Each page commits with the URI of the next one, so a killed walk resumes where it stopped. A full run
///   first refreshes every recording (the Recordings list, 1000 a request), and after a complete, error-free
///   walk removes the transcriptions it did not see — each confirmed gone by a 404 first.
/// - **incremental** runs walk from the top until a page holds only transcriptions already indexed at the same
///   version and older than the last run's newest `date_updated` (minus an overlap). If the list is ever seen
///   out of `date_updated` order (the order is not contractual), the run walks to the end instead.
///   Then in-progress transcriptions created recently, and completed ones still without text, are re-fetched.
public struct TranscriptionSource: HarvestSource {
    public var source: DocumentSource { .transcription }

    public init() {}

    public func harvest(_ run: SourceRun) async throws -> Bool {
        var walk = WalkState()
        if run.plan.mode == .full, run.plan.resumePage == nil {
            try await refreshAllRecordings(run)
        }
        guard try await self.walk(run, &walk) else { return false }
        if run.plan.mode == .full {
            try await run.reconcileDeletions { unseen in try await refetch(unseen, run) }
            try await reverifySuspectTexts(run)
        }
        if run.plan.mode == .incremental { try await recheck(run) }
        return true
    }

    private struct WalkState {
        var previousDateUpdated: Int64?
    }

    // MARK: Walk

    /// Returns true when the walk reached its end (or caught up), false when stopped by a signal.
    private func walk(_ run: SourceRun, _ walk: inout WalkState) async throws -> Bool {
        let client = run.client
        let plan = run.plan
        var page: TwilioPage<Transcription>
        if let resume = plan.resumePage {
            do {
                page = try await client.transcriptionsPage(following: resume)
            } catch let error as TwilioError where error.isRejectedPageURI {
                // The stored PageToken is no longer accepted (expired, or Twilio changed paging): the walk starts
                // over from the top, keeping what it has seen, rather than failing every run from now on.
                run.notice("the interrupted walk's next page was refused (\(error)); walking from the top")
                page = try await client.transcriptionsPage(pageSize: run.options.pageSize)
            }
            run.notice("resuming an interrupted \(plan.mode.rawValue) walk")
        } else {
            page = try await client.transcriptionsPage(pageSize: run.options.pageSize)
        }
        while true {
            run.advanceWatermark(to: page.items.compactMap(\.dateUpdated).max())
            for item in page.items {
                if let updated = item.dateUpdated, let previous = walk.previousDateUpdated, updated > previous,
                   !run.report.orderAnomaly {
                    run.update { $0.orderAnomaly = true }
                    run.notice("Twilio listed transcriptions out of date_updated order; walking to the end")
                }
                if let updated = item.dateUpdated { walk.previousDateUpdated = updated }
            }
            let result = try await process(page.items, nextPageURI: page.nextPageURI, run)
            if run.stop.isRequested { return false }
            guard let next = page.nextPageURI else { return true }
            if !plan.isWalk, !run.report.orderAnomaly, let watermark = plan.watermark,
               result.allKnown, result.oldest.map({ $0 < watermark - run.options.overlapSeconds }) ?? true {
                return true
            }
            page = try await client.transcriptionsPage(following: next)
        }
    }

    private struct PageResult {
        /// Every item was already indexed at the same date_updated.
        var allKnown: Bool
        var oldest: Int64?
    }

    private func process(_ items: [Transcription], nextPageURI: String?, _ run: SourceRun) async throws -> PageResult {
        let sids = items.compactMap(\.sid)
        let stored = try run.transaction { try $0.storedVersions(.transcription, sids: sids) }
        let allKnown = items.allSatisfy { item in
            guard let sid = item.sid, let version = stored[sid] else { return false }
            return version.dateUpdated == item.dateUpdated
        }
        let texts = try await TextResolver(client: run.client, width: run.options.concurrency).complete(items) { item in
            guard Self.lacksText(item), let sid = item.sid else { return false }
            guard let version = stored[sid] else { return true }
            return version.dateUpdated != item.dateUpdated || !version.hasText || version.status != item.status
        }
        let recordings = try await run.resolveRecordings(texts.items.compactMap { item in
            item.recordingSid.map { ($0, item.dateCreated) }
        })
        try run.commitPage(items: items.count, seen: texts.items.compactMap(\.sid), nextPage: nextPageURI) { batch in
            var counts = IngestCounts()
            try recordings.write(to: batch)
            for item in texts.items { counts += try batch.upsert(item).counts }
            for sid in texts.vanished where try batch.deleteDocument(.transcription, sid: sid) { counts.deleted += 1 }
            return counts
        }
        run.update { $0.textsFetched += texts.fetched }
        return PageResult(allKnown: allKnown, oldest: items.compactMap(\.dateUpdated).min())
    }

    // MARK: Full runs

    /// Every recording, soft-deleted ones included: statuses change (a recording deleted upstream) and a full
    /// run is where the index converges to the source.
    private func refreshAllRecordings(_ run: SourceRun) async throws {
        let client = run.client
        var page = try await client.recordingsPage(RecordingQuery(includeSoftDeleted: true), pageSize: run.options.pageSize)
        var listed: Set<String> = []
        while true {
            let recordings = page.items
            try run.transaction { batch in
                for recording in recordings { _ = try batch.upsert(recording) }
            }
            listed.formUnion(recordings.compactMap(\.sid))
            run.update { $0.recordingsFetched += recordings.count }
            run.observer?.progress(run.report)
            if run.stop.isRequested { throw CancellationError() }
            guard let next = page.nextPageURI else { break }
            page = try await client.recordingsPage(following: next)
        }
        // Indexed recordings the list no longer returns: removed upstream (or past the 40 days Twilio keeps
        // soft-deleted ones). Each is confirmed by its own 404 before it is marked not found.
        let missing = try run.transaction { try $0.presentRecordingSids() }.filter { !listed.contains($0) }
        let lookups = try await boundedMap(missing, width: run.options.concurrency) { sid in
            (sid, try await client.recording(sid: sid))
        }
        try run.transaction { batch in
            for (sid, lookup) in lookups {
                if let recording = lookup.value { _ = try batch.upsert(recording) } else { try batch.markRecordingNotFound(sid: sid) }
            }
        }
        run.update { $0.recordingsMissing += lookups.filter { $0.1.value == nil }.count }
    }

    /// Stored texts that look like an HTTP body, not speech, are fetched again from the `.json` resource (whose
    /// body is checked: it decodes and names this SID). The list walk already corrected every text the list
    /// carries; these are the ones it gave as null.
    private func reverifySuspectTexts(_ run: SourceRun) async throws {
        let limit = run.options.suspectTextLimit
        let suspect = try run.transaction { try $0.sidsWithSuspectText(limit: limit) }
        guard !suspect.isEmpty else { return }
        let updatedBefore = run.report.counts.updated
        try await refetch(suspect, run)
        run.update { $0.textsReverified += suspect.count }
        run.notice("re-verified \(suspect.count) stored texts that looked like an HTTP body; "
            + "\(run.report.counts.updated - updatedBefore) corrected")
    }

    // MARK: Incremental re-checks

    /// In-progress transcriptions created recently and completed ones without text, fetched one by one.
    private func recheck(_ run: SourceRun) async throws {
        let since = Int64(Date().timeIntervalSince1970) - run.options.inProgressWindowSeconds
        let limit = run.options.recheckLimit
        let sids = try run.transaction { batch in
            Array(Set(try batch.sids(.transcription, statuses: ["in-progress"], createdSince: since, limit: limit)
                      + batch.sidsMissingText(createdSince: since, limit: limit))).sorted()
        }
        try await refetch(sids, run)
    }

    /// Fetches these transcriptions one by one (their text too when missing) and commits what Twilio says:
    /// found ones are upserted, 404s deleted.
    private func refetch(_ sids: [String], _ run: SourceRun) async throws {
        let client = run.client
        let lookups = try await boundedMap(sids, width: run.options.concurrency) { sid in
            (sid, try await client.transcription(sid: sid))
        }
        let completed = try await TextResolver(client: client, width: run.options.concurrency)
            .complete(lookups.compactMap { $0.1.value }, needsText: Self.lacksText)
        let gone = lookups.filter { $0.1.value == nil }.map(\.0) + completed.vanished
        try run.commit { batch in
            var counts = IngestCounts()
            for item in completed.items { counts += try batch.upsert(item).counts }
            for sid in gone where try batch.deleteDocument(.transcription, sid: sid) { counts.deleted += 1 }
            return counts
        }
        run.update { $0.textsFetched += completed.fetched }
    }

    /// A finished transcription (completed, or failed with Twilio's "(blank)") whose representation carried no
    /// text: the list often gives null for either. In-progress ones have no text yet.
    static func lacksText(_ item: Transcription) -> Bool {
        item.text == nil && (item.status == "completed" || item.status == "failed")
    }
}
