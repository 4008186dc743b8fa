import Foundation
import Synchronization

/// Accumulates decoded records and writes them `batchSize` at a time, one transaction per batch.
/// Writing is pipelined: a batch is committed on a background queue while the next one is read and decoded,
/// so JSON decoding and SQLite's FTS5 indexing use both cores (at most two batches are in flight).
struct BatchWriter {
    let database: IndexDatabase
    let batchSize: Int
    let source: String
    private var pending: [(line: Int, item: TwilioDocument.Item)] = []
    /// Input bytes of the pending records: a batch is also cut at `ImportLimits.batchBytes`, so that batches of
    /// large records do not add up to gigabytes in flight.
    private var pendingBytes = 0
    private var summary = ImportSummary()
    private let pipeline: WritePipeline

    init(database: IndexDatabase, batchSize: Int, source: String) {
        self.database = database
        self.batchSize = batchSize
        self.source = source
        pipeline = WritePipeline(database: database)
    }

    mutating func report(line: Int?, _ message: String, effect: ImportProblem.Effect = .recordSkipped) {
        summary.problems.append(ImportProblem(source: source, line: line, message: message, effect: effect))
    }

    /// `lines`: element start lines of a multi-line document (see JSONElementLines); nil for one-line documents.
    /// `explain` words an element's decoding error (given the element's line).
    mutating func add(_ document: TwilioDocument, lines: [String: [Int]]?, firstLine: Int, bytes: Int,
                      explain: (Error, Int) -> String = { error, _ in ImportProblem.explain(error) }) throws {
        for (list, index, result) in document.items {
            let line = lines.flatMap { $0[list]?[safe: index] } ?? firstLine
            switch result {
            case .success(let item): pending.append((line, item))
            case .failure(let error): report(line: line, explain(error, line))
            }
            if pending.count >= batchSize { try flush() }
        }
        pendingBytes += bytes
        if pendingBytes >= ImportLimits.batchBytes { try flush() }
    }

    mutating func flush() throws {
        pendingBytes = 0
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        try pipeline.submit(batch)
    }

    mutating func flushAndFinish() throws -> ImportSummary {
        try flush()
        return try finish()
    }

    func finish() throws -> ImportSummary {
        let written = try pipeline.drain()
        var result = summary
        result.counts += written.counts
        for (line, message, effect) in written.problems {
            result.problems.append(ImportProblem(source: source, line: line, message: message, effect: effect))
        }
        // Record problems by line; a file's own problem (no line: reading stopped) after them.
        result.problems.sort { ($0.line ?? .max) < ($1.line ?? .max) }
        return result
    }
}

/// Commits batches on a serial background queue, in submission order, two at most in flight.
final class WritePipeline: Sendable {
    struct Written: Sendable {
        var counts = IngestCounts()
        var problems: [(Int, String, ImportProblem.Effect)] = []
        var failure: IndexError?
    }

    private let database: IndexDatabase
    private let queue = DispatchQueue(label: "transcripts.import.writer")
    private let slots = DispatchSemaphore(value: 2)
    private let written = Mutex(Written())

    init(database: IndexDatabase) { self.database = database }

    func submit(_ batch: [(line: Int, item: TwilioDocument.Item)]) throws {
        if let failure = written.withLock({ $0.failure }) { throw failure }
        slots.wait()
        let database = self.database
        let batch = UncheckedBatch(items: batch)
        queue.async { [self] in
            defer { slots.signal() }
            if written.withLock({ $0.failure != nil }) { return }
            do {
                let (counts, problems) = try database.writeBatch { writer in
                    var counts = IngestCounts()
                    var problems: [(Int, String, ImportProblem.Effect)] = []
                    for (line, item) in batch.items {
                        do {
                            let ingested: Ingested
                            switch item {
                            case .transcription(let t): ingested = try writer.ingest(t)
                            case .recording(let r): ingested = try writer.ingest(r)
                            case .intelligence(let d): ingested = try writer.ingest(d)
                            }
                            counts += ingested.outcome.counts
                            if ingested.replacedNULs.count > 0 {
                                problems.append((line, ingested.replacedNULs.description + "; record imported",
                                                 .recordRepaired))
                            }
                        } catch let error as IndexError where error.code == .invalidInput {
                            problems.append((line, error.message, .recordSkipped))
                        }
                    }
                    return (counts, problems)
                }
                written.withLock {
                    $0.counts += counts
                    $0.problems += problems
                }
            } catch {
                let failure = error as? IndexError ?? IndexError(.database, String(describing: error))
                written.withLock { $0.failure = failure }
            }
        }
    }

    /// Waits for every submitted batch; rethrows the first database failure.
    func drain() throws -> Written {
        queue.sync {}
        let result = written.withLock { $0 }
        if let failure = result.failure { throw failure }
        return result
    }
}

/// Decoded records handed to the writer queue; they are values, never touched again by the reader.
struct UncheckedBatch: @unchecked Sendable {
    var items: [(line: Int, item: TwilioDocument.Item)]
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
