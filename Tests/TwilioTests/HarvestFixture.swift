import Foundation
import Testing
import TranscriptIndex
import TwilioClient
import TwilioEmulator
import TwilioHarvest
import TranscriptionHarvest

/// An emulator, a client for it and a real SQLite index in a temporary directory: what every harvest test runs on.
struct HarvestBed {
    let server: EmulatorServer
    let client: TwilioClient
    let database: IndexDatabase
    let directory: URL

    var store: EmulatorStore { server.store }
    var databasePath: String { database.path }

    /// One harvest run of the v2010 transcriptions source, with its own (fresh) stop signal unless one is given.
    func harvest(_ mode: HarvestOptions.Mode = .incremental, pageSize: Int, concurrency: Int = 4,
                 client: TwilioClient? = nil, stop: StopSignal = StopSignal(),
                 observer: (any HarvestObserver)? = nil) async -> HarvestReport {
        await harvestSources([TranscriptionSource()], mode, pageSize: pageSize, concurrency: concurrency,
                             client: client, stop: stop, observer: observer).reports[0]
    }

    /// One harvest run of these sources.
    func harvestSources(_ sources: [any HarvestSource], _ mode: HarvestOptions.Mode = .incremental, pageSize: Int,
                        concurrency: Int = 4, client: TwilioClient? = nil, stop: StopSignal = StopSignal(),
                        observer: (any HarvestObserver)? = nil) async -> HarvestSummary {
        let harvester = Harvester(client: client ?? self.client, database: database, sources: sources,
                                  options: HarvestOptions(mode: mode, pageSize: pageSize, concurrency: concurrency),
                                  stop: stop, observer: observer)
        return await harvester.run()
    }

    /// The index's detail of a transcription (the synchronous read: these helpers are called from async tests).
    func detail(_ sid: String) throws -> TranscriptionDetail {
        try database.transcription(sid: sid)
    }

    func indexStats(recentRuns: Int = 5) throws -> IndexStats {
        try database.stats(recentRuns: recentRuns)
    }

    /// Every transcription SID in the index (a plain column read, duplicates would show).
    func indexedSids() throws -> [String] {
        try database.writeBatch { try $0.allTranscriptionSids() }
    }

    /// Search hits for `query` (and optional filters), at most 1000.
    func search(_ query: String? = nil, callSid: String? = nil, statuses: [String] = []) throws -> SearchPage {
        try database.search(SearchParameters(query: query, statuses: statuses, callSid: callSid, limit: "1000")
            .validated())
    }
}

/// Runs `body` on a fresh emulator and a fresh index file; removes both afterwards.
func withHarvestBed(_ configuration: EmulatorConfiguration, retry: RetryPolicy = fastRetries,
                    _ body: (HarvestBed) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("harvest-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try await withEmulator(configuration) { server in
        let database = try IndexDatabase.openForWriting(path: directory.appendingPathComponent("index.sqlite").path)
        let bed = HarvestBed(server: server, client: try makeClient(for: server, retry: retry), database: database,
                             directory: directory)
        do {
            try await body(bed)
        } catch {
            try? database.close()
            throw error
        }
        try database.close()
    }
}

/// Every way the index differs from the emulator's truth: SIDs (missing, extra, duplicated), status, text,
/// recording SID, date_updated, and the joined recording (availability, call SID, status). Empty when equal.
func differencesFromTruth(_ bed: HarvestBed, ignoringRecordingOf ignored: String? = nil) throws -> [String] {
    let truth = bed.store.transcriptions()
    let indexed = try bed.indexedSids()
    var problems: [String] = []
    let indexedSet = Set(indexed), truthSet = Set(truth.map(\.transcriptionSid))
    if indexed.count != indexedSet.count { problems.append("duplicate SIDs: \(indexed.count - indexedSet.count)") }
    let missing = truthSet.subtracting(indexedSet), extra = indexedSet.subtracting(truthSet)
    if !missing.isEmpty { problems.append("\(missing.count) missing, e.g. \(missing.sorted().prefix(3))") }
    if !extra.isEmpty { problems.append("\(extra.count) not upstream, e.g. \(extra.sorted().prefix(3))") }
    for call in truth where indexedSet.contains(call.transcriptionSid) {
        let sid = call.transcriptionSid
        let detail = try bed.detail(sid)
        let stored = detail.transcription
        if stored.status != call.status { problems.append("\(sid) status \(stored.status ?? "nil") ≠ \(call.status)") }
        if stored.text != call.text {
            problems.append("\(sid) (\(call.status), list omits text: \(bed.store.listOmitsText(transcriptionSid: sid))) "
                + "text \(String(describing: stored.text?.prefix(30))) ≠ \(String(describing: call.text?.prefix(30)))")
        }
        if stored.recordingSid != call.recordingSid { problems.append("\(sid) recording_sid differs") }
        if stored.dateUpdated != call.dateUpdated { problems.append("\(sid) date_updated differs") }
        if stored.accountSid != call.accountSid { problems.append("\(sid) account_sid differs") }
        if sid == ignored { continue }
        if let recording = bed.store.recording(sid: call.recordingSid) {
            if detail.recordingAvailability != "present" {
                problems.append("\(sid) recording availability \(detail.recordingAvailability ?? "nil") ≠ present")
            }
            if detail.recording?.callSid != recording.callSid {
                problems.append("\(sid) call SID via recording \(detail.recording?.callSid ?? "nil") ≠ \(recording.callSid)")
            }
            if detail.recording?.status != recording.recordingStatus {
                problems.append("\(sid) recording status \(detail.recording?.status ?? "nil") ≠ \(recording.recordingStatus)")
            }
        } else if detail.recordingAvailability != "not_found" {
            problems.append("\(sid) absent recording recorded as \(detail.recordingAvailability ?? "no row")")
        }
    }
    return problems
}

/// Fails the test (once, with the first differences) when the index is not the emulator's truth.
func expectIndexEqualsTruth(_ bed: HarvestBed, _ comment: String = "", ignoringRecordingOf ignored: String? = nil,
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
    let problems = try differencesFromTruth(bed, ignoringRecordingOf: ignored)
    #expect(problems.isEmpty,
            "\(comment) index ≠ truth (\(problems.count) differences): \(problems.prefix(8).joined(separator: "; "))",
            sourceLocation: sourceLocation)
    let stats = try bed.indexStats()
    let otherSources = try bed.database.writeBatch { try $0.allSids(.intelligence) }.count
    #expect(stats.transcriptions == bed.store.transcriptions().count + otherSources, sourceLocation: sourceLocation)
}

/// The full-text index agrees with the rows for a sample of completed transcriptions: a word of each one's
/// text, searched with its call SID as filter, finds exactly that transcription.
func expectSearchableSample(_ bed: HarvestBed, every stride: Int = 37,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
    // The call SID filter goes through the joined recording: calls whose recording is absent cannot be found by it.
    let completed = bed.store.transcriptions().filter {
        $0.status == "completed" && $0.text != nil && bed.store.recording(sid: $0.recordingSid) != nil
    }
    var checked = 0
    for call in completed.enumerated().filter({ $0.offset % stride == 0 }).map(\.element) {
        let words: [Substring] = (call.text ?? "").split(whereSeparator: { !$0.isLetter })
        guard let word = words.first(where: { $0.count >= 4 }).map(String.init) else { continue }
        let page = try bed.database.search(SearchParameters(query: word, callSid: call.callSid).validated())
        #expect(page.hits.map(\.sid) == [call.transcriptionSid],
                "searching \"\(word)\" for call \(call.callSid)", sourceLocation: sourceLocation)
        checked += 1
    }
    #expect(checked > 0, sourceLocation: sourceLocation)
}

/// Calls `action` on the n-th progress report (n from 1) of a run; records every report.
final class ProgressTap: HarvestObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [HarvestReport] = []
    private var notices: [String] = []
    private let when: @Sendable (HarvestReport) -> Bool
    private let action: @Sendable () -> Void
    private var fired = false

    init(when: @escaping @Sendable (HarvestReport) -> Bool, action: @escaping @Sendable () -> Void) {
        self.when = when
        self.action = action
    }

    func progress(_ report: HarvestReport) {
        let fire = lock.withLock { () -> Bool in
            reports.append(report)
            if !fired, when(report) { fired = true; return true }
            return false
        }
        if fire { action() }
    }

    func notice(_ message: String) { lock.withLock { notices.append(message) } }

    var seenReports: [HarvestReport] { lock.withLock { reports } }
    var seenNotices: [String] { lock.withLock { notices } }
}
