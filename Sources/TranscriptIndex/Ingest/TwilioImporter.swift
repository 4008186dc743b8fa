import Foundation
import Synchronization

/// What an import read from one source.
public struct ImportSummary: Sendable, Equatable {
    public var counts = IngestCounts()
    /// Texts set from `TR….txt` files.
    public var textsSet = 0
    public var problems: [ImportProblem] = []

    public init() {}

    public static func += (lhs: inout ImportSummary, rhs: ImportSummary) {
        lhs.counts += rhs.counts
        lhs.textsSet += rhs.textsSet
        lhs.problems += rhs.problems
    }
}

/// Loads Twilio JSON into the index: v2010 list pages, single resources, arrays or NDJSON of any of these
/// (detected by shape), and `TR<32 hex>.txt` files holding a transcription's text (the `.txt` representation).
/// A bad record is reported with its file and line and skipped; the others load. Records are written in
/// transactions of `batchSize`, so an interrupted import leaves whole records only, and re-running it converges.
public struct TwilioImporter: Sendable {
    public let database: IndexDatabase
    public var batchSize = 10_000

    public init(database: IndexDatabase) { self.database = database }

    /// Imports a file by path, or standard input for "-", then brings the ranked-search term lists up to date.
    public func importSource(_ path: String) throws -> ImportSummary {
        let summary = try importRows(path)
        try database.refreshTermLists()
        return summary
    }

    private func importRows(_ path: String) throws -> ImportSummary {
        let name = (path as NSString).lastPathComponent
        if path != "-", name.hasSuffix(".txt") {
            return try importText(path: path, name: name)
        }
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw IndexError(.invalidInput, "cannot read \(path)")
            }
            handle = opened
        }
        defer { if path != "-" { try? handle.close() } }
        var reader = LineReader(handle: handle)
        var writer = BatchWriter(database: database, batchSize: batchSize, source: path)

        // The first non-empty line decides: a complete JSON document on one line means NDJSON (streamed);
        // otherwise the input is one pretty-printed document.
        var firstLine: Data?
        while let line = try reader.next() {
            if !line.allSatisfy(Self.isSpace) { firstLine = line; break }
        }
        guard let firstLine else { return try writer.finish() }
        let firstLineNumber = reader.lineNumber
        if let document = try? TwilioDocument.decode(firstLine) {
            try writer.add(document, lines: nil, firstLine: firstLineNumber)
            while let line = try reader.next() {
                try addLine(line, number: reader.lineNumber, to: &writer)
            }
        } else {
            var whole = firstLine
            whole.append(UInt8(ascii: "\n"))
            whole.append(try reader.rest())
            if let document = try? TwilioDocument.decode(whole) {
                let lines = whole.withUnsafeBytes { JSONElementLines.scan($0) }
                try writer.add(document, lines: lines, firstLine: firstLineNumber)
            } else {
                // Neither NDJSON nor one document: report each line that does not parse, load the rest.
                var number = firstLineNumber
                for line in whole.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                    try addLine(Data(line), number: number, to: &writer)
                    number += 1
                }
            }
        }
        return try writer.flushAndFinish()
    }

    private func addLine(_ line: Data, number: Int, to writer: inout BatchWriter) throws {
        guard !line.allSatisfy(Self.isSpace) else { return }
        do {
            try writer.add(try TwilioDocument.decode(line), lines: nil, firstLine: number)
        } catch let error as IndexError where error.code == .invalidInput {
            writer.report(line: number, error.message)
        }
    }

    /// `TR<32 hex>.txt`: the plain-text representation of a transcription already in the index.
    private func importText(path: String, name: String) throws -> ImportSummary {
        var summary = ImportSummary()
        let sid = String(name.dropLast(4))
        guard SIDKind.transcription.matches(sid) else {
            summary.problems.append(ImportProblem(source: path, line: 1, message:
                "a .txt file must be named after its transcription: TR followed by 32 hex digits, then .txt"))
            return summary
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw IndexError(.invalidInput, "cannot read \(path) as UTF-8 text") }
        let trimmed = text.trimmingCharacters(in: .newlines)
        let found = try database.writeBatch { try $0.setText(sid: sid, text: trimmed) }
        if found {
            summary.textsSet = 1
        } else {
            summary.problems.append(ImportProblem(source: path, line: 1, message:
                "no transcription \(sid) in the index: import its JSON first"))
        }
        return summary
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
}

/// Accumulates decoded records and writes them `batchSize` at a time, one transaction per batch.
/// Writing is pipelined: a batch is committed on a background queue while the next one is read and decoded,
/// so JSON decoding and SQLite's FTS5 indexing use both cores (at most two batches are in flight).
private struct BatchWriter {
    let database: IndexDatabase
    let batchSize: Int
    let source: String
    private var pending: [(line: Int, item: TwilioDocument.Item)] = []
    private var summary = ImportSummary()
    private let pipeline: WritePipeline

    init(database: IndexDatabase, batchSize: Int, source: String) {
        self.database = database
        self.batchSize = batchSize
        self.source = source
        pipeline = WritePipeline(database: database)
    }

    mutating func report(line: Int, _ message: String) {
        summary.problems.append(ImportProblem(source: source, line: line, message: message))
    }

    /// `lines`: element start lines of a multi-line document (see JSONElementLines); nil for one-line documents.
    mutating func add(_ document: TwilioDocument, lines: [String: [Int]]?, firstLine: Int) throws {
        for (list, index, result) in document.items {
            let line = lines.flatMap { $0[list]?[safe: index] } ?? firstLine
            switch result {
            case .success(let item): pending.append((line, item))
            case .failure(let error): report(line: line, ImportProblem.explain(error))
            }
            if pending.count >= batchSize { try flush() }
        }
    }

    mutating func flush() throws {
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
        for (line, message) in written.problems {
            result.problems.append(ImportProblem(source: source, line: line, message: message))
        }
        result.problems.sort { $0.line < $1.line }
        return result
    }
}

/// Commits batches on a serial background queue, in submission order, two at most in flight.
private final class WritePipeline: Sendable {
    struct Written: Sendable {
        var counts = IngestCounts()
        var problems: [(Int, String)] = []
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
                    var problems: [(Int, String)] = []
                    for (line, item) in batch.items {
                        do {
                            switch item {
                            case .transcription(let t): counts += try writer.upsert(t).counts
                            case .recording(let r): counts += try writer.upsert(r).counts
                            }
                        } catch let error as IndexError where error.code == .invalidInput {
                            problems.append((line, error.message))
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
private struct UncheckedBatch: @unchecked Sendable {
    var items: [(line: Int, item: TwilioDocument.Item)]
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
