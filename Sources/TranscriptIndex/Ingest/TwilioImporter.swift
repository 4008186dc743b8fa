import Foundation

/// What an import read from one source.
public struct ImportSummary: Sendable, Equatable {
    public var counts = IngestCounts()
    /// Texts set from `TR….txt` files.
    public var textsSet = 0
    public var problems: [ImportProblem] = []
    /// Whether the import loaded the index in bulk (BulkLoad): it had at most 1,000 documents.
    public var loadedInBulk = false

    public init() {}

    public static func += (lhs: inout ImportSummary, rhs: ImportSummary) {
        lhs.counts += rhs.counts
        lhs.textsSet += rhs.textsSet
        lhs.problems += rhs.problems
        lhs.loadedInBulk = lhs.loadedInBulk || rhs.loadedInBulk
    }
}

/// Loads Twilio JSON into the index: v2010 list pages, single resources, arrays or NDJSON of any of these
/// (detected by shape), and `TR<32 hex>.txt` files holding a transcription's text (the `.txt` representation).
/// A bad record is reported with its file and line and skipped; the others load. Records are written in
/// transactions of `batchSize`, so an interrupted import leaves whole records only, and re-running it converges.
public struct TwilioImporter: Sendable {
    public let database: IndexDatabase
    public var batchSize = 10_000
    /// The largest record (an NDJSON line, a whole document, a `.txt`) an import reads; see ImportLimits.
    public var maximumRecordBytes = ImportLimits.maximumRecordBytes
    /// How far an oversized record is skipped looking for its end before the rest of its file is given up.
    public var maximumSkipBytes = ImportLimits.maximumSkipBytes
    /// Load in bulk when the index has (almost) no documents (BulkLoad); false keeps the row-by-row triggers
    /// (the tests' and the benchmark's reference).
    public var bulkLoadWhenSuited = true

    public init(database: IndexDatabase) { self.database = database }

    /// Imports a file by path, or standard input for "-", then brings the ranked-search term lists up to date.
    public func importSource(_ path: String) throws -> ImportSummary {
        var summary = ImportSummary()
        try importSources([path], into: &summary)
        return summary
    }

    /// Imports files (or "-") in order, adding what each read to `summary` (which keeps what the files before a
    /// failure read), then brings the full-text index and the term lists up to date. An index with almost no
    /// documents is loaded in bulk (BulkLoad): its full-text index is built once, at the end.
    public func importSources(_ paths: [String], into summary: inout ImportSummary) throws {
        let lock = bulkLoadWhenSuited ? try database.beginBulkLoadIfSuited() : nil
        summary.loadedInBulk = lock != nil
        defer { withExtendedLifetime(lock) {} }  // held to the end: the load is live
        do {
            for path in paths { summary += try importRows(path) }
        } catch {
            // What the files before committed stays: make it searchable. A failure here (the disk still full)
            // leaves the marker, and the next writer finishes the load.
            if lock != nil { _ = try? database.finishBulkLoad() }
            throw error
        }
        let finished = try lock != nil && database.finishBulkLoad()
        if !finished { try database.refreshTermLists() }
    }

    /// An input that cannot be opened or read is reported as that file's problem, not thrown: the other inputs
    /// still import. Only the index failing (disk full, a lock) throws.
    private func importRows(_ path: String) throws -> ImportSummary {
        let input: InputFile
        switch InputFile.open(path) {
        case .success(let opened): input = opened
        case .failure(let failure):
            var summary = ImportSummary()
            summary.problems.append(ImportProblem(source: path, line: nil, message: failure.message, effect: .fileNotRead))
            return summary
        }
        defer { input.close() }
        let name = (path as NSString).lastPathComponent
        if path != "-", name.hasSuffix(".txt") {
            return try importText(input, path: path, name: name)
        }
        var reader = LineReader(input: input, maximumLineBytes: maximumRecordBytes, maximumSkipBytes: maximumSkipBytes)
        var writer = BatchWriter(database: database, batchSize: batchSize, source: path)
        do {
            try readRecords(from: &reader, into: &writer)
        } catch let failure as InputFile.Failure {
            writer.report(line: nil, "read error after line \(reader.lineNumber): \(failure.message); rest of file skipped",
                          effect: .fileReadInPart)
        }
        return try writer.flushAndFinish()
    }

    private func readRecords(from reader: inout LineReader, into writer: inout BatchWriter) throws {
        // The first non-empty line decides: a complete JSON document on one line means NDJSON (streamed);
        // otherwise the input is one pretty-printed document.
        var firstLine: Data?
        while firstLine == nil, let line = try reader.nextLine() {
            switch line {
            case .complete(let data): if !data.allSatisfy(Self.isSpace) { firstLine = data }
            case .tooLong: reportTooLong(reader, to: &writer)
            }
        }
        guard let firstLine else { return }
        let firstLineNumber = reader.lineNumber
        let firstOffset = reader.lineOffset
        if let document = try? TwilioDocument.decode(firstLine) {
            try addLine(firstLine, number: firstLineNumber, offset: firstOffset, decoded: document, to: &writer)
            try addRemainingLines(from: &reader, to: &writer)
            return
        }
        // One document: it is one record, held whole (JSONDecoder needs it all), so it is bounded like a line.
        var whole = firstLine
        var overflow: LineReader.Line?
        while overflow == nil, let line = try reader.nextLine() {
            if case .complete(let data) = line, whole.count + 1 + data.count <= maximumRecordBytes {
                whole.append(UInt8(ascii: "\n"))
                whole.append(data)
            } else {
                overflow = line
            }
        }
        if let overflow {
            // Larger than a record may be: NDJSON whose first line is bad, or a document too large to read.
            guard Self.looksLikeNDJSON(whole) else {
                writer.report(line: firstLineNumber, "record larger than \(ImportLimits.describe(maximumRecordBytes)) "
                    + "(a JSON document that is not NDJSON is read whole: split it into NDJSON, e.g. with jq -c)")
                return
            }
            try addLines(of: whole, firstNumber: firstLineNumber, firstOffset: firstOffset, to: &writer)
            try add(overflow, from: reader, to: &writer)
            try addRemainingLines(from: &reader, to: &writer)
            return
        }
        if let document = try? TwilioDocument.decode(whole) {
            let (lines, invalidUTF8) = whole.withUnsafeBytes { bytes in
                (JSONElementLines.scan(bytes), UTF8Check.firstInvalidByte(bytes))
            }
            // JSONDecoder reads strings lazily: a record with bytes that are not UTF-8 fails on its own, with an
            // internal error. Say what is wrong, and where.
            let explain: (Error, Int) -> String = { error, line in
                guard invalidUTF8 != nil, !(error is DecodingError), !(error is IndexError),
                      let offset = Self.firstInvalidByte(in: whole, fromLine: line - firstLineNumber + 1)
                else { return ImportProblem.explain(error) }
                return "not UTF-8 (invalid byte at offset \(firstOffset + offset))"
            }
            try writer.add(document, lines: lines, firstLine: firstLineNumber, bytes: whole.count, explain: explain)
        } else {
            // Neither NDJSON nor one document: report each line that does not parse, load the rest.
            try addLines(of: whole, firstNumber: firstLineNumber, firstOffset: firstOffset, to: &writer)
        }
    }

    private func addRemainingLines(from reader: inout LineReader, to writer: inout BatchWriter) throws {
        while let line = try reader.nextLine() { try add(line, from: reader, to: &writer) }
    }

    private func add(_ line: LineReader.Line, from reader: LineReader, to writer: inout BatchWriter) throws {
        switch line {
        case .complete(let data): try addLine(data, number: reader.lineNumber, offset: reader.lineOffset, to: &writer)
        case .tooLong: reportTooLong(reader, to: &writer)
        }
    }

    private func reportTooLong(_ reader: LineReader, to writer: inout BatchWriter) {
        let limit = ImportLimits.describe(maximumRecordBytes)
        writer.report(line: reader.lineNumber, "record larger than \(limit)")
        if reader.gaveUp {
            writer.report(line: nil, "no line end within \(ImportLimits.describe(maximumSkipBytes)) after line "
                          + "\(reader.lineNumber); rest of file skipped",
                          effect: .fileReadInPart)
        }
    }

    /// The lines of `text` (lines `firstNumber`… of the input, from `firstOffset`), each as one NDJSON record.
    private func addLines(of text: Data, firstNumber: Int, firstOffset: Int, to writer: inout BatchWriter) throws {
        var number = firstNumber
        var offset = firstOffset
        for line in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            try addLine(Data(line), number: number, offset: offset, to: &writer)
            number += 1
            offset += line.count + 1
        }
    }

    /// True when one of the first lines after the first of `text` (whole lines joined by line ends) is a Twilio
    /// document by itself: the input is NDJSON with a bad first line. A pretty-printed document has no such line
    /// among its first (a lone `{`, `"key": value,` lines); a thousand are enough to tell.
    private static func looksLikeNDJSON(_ text: Data) -> Bool {
        text.withUnsafeBytes { bytes -> Bool in
            guard let base = bytes.baseAddress else { return false }
            let newline = Int32(UInt8(ascii: "\n"))
            var start = 0
            var tried = 0
            // `text` is whole lines joined by line ends: the last one ends with the text.
            while tried < 1_000, start < bytes.count {
                let end = memchr(base + start, newline, bytes.count - start)
                    .map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
                if start > 0 {
                    let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                    if !line.allSatisfy(isSpace) {
                        if (try? TwilioDocument.decode(Data(line))) != nil { return true }
                        tried += 1
                    }
                }
                start = end + 1
            }
            return false
        }
    }

    /// The offset in `document` of its first byte that is not UTF-8 on or after its line `line` (1-based).
    private static func firstInvalidByte(in document: Data, fromLine line: Int) -> Int? {
        document.withUnsafeBytes { bytes -> Int? in
            var start = 0
            for _ in 1..<max(1, line) {
                guard let newline = memchr(bytes.baseAddress! + start, Int32(UInt8(ascii: "\n")), bytes.count - start)
                else { return nil }
                start = bytes.baseAddress!.distance(to: UnsafeRawPointer(newline)) + 1
            }
            return UTF8Check.firstInvalidByte(UnsafeRawBufferPointer(rebasing: bytes[start...])).map { start + $0 }
        }
    }

    /// One line of NDJSON (`offset`: where it starts in the input). A line that is not UTF-8 is reported with the
    /// offset of its first bad byte, before the JSON decoder sees it.
    private func addLine(_ line: Data, number: Int, offset: Int, decoded: TwilioDocument? = nil,
                         to writer: inout BatchWriter) throws {
        guard !line.allSatisfy(Self.isSpace) else { return }
        if let invalid = line.withUnsafeBytes(UTF8Check.firstInvalidByte) {
            writer.report(line: number, "not UTF-8 (invalid byte at offset \(offset + invalid))")
            return
        }
        do {
            try writer.add(try decoded ?? TwilioDocument.decode(line), lines: nil, firstLine: number, bytes: line.count)
        } catch let error as IndexError where error.code == .invalidInput {
            writer.report(line: number, error.message)
        }
    }

    /// `TR<32 hex>.txt`: the plain-text representation of a transcription already in the index.
    private func importText(_ input: InputFile, path: String, name: String) throws -> ImportSummary {
        var summary = ImportSummary()
        let sid = String(name.dropLast(4))
        guard SIDKind.transcription.matches(sid) else {
            summary.problems.append(ImportProblem(source: path, line: 1, message:
                "a .txt file must be named after its transcription: TR followed by 32 hex digits, then .txt"))
            return summary
        }
        var reader = LineReader(input: input, maximumLineBytes: maximumRecordBytes)
        let data: Data
        do {
            guard let whole = try reader.rest(upTo: maximumRecordBytes) else {
                summary.problems.append(ImportProblem(source: path, line: nil, message:
                    "text larger than \(ImportLimits.describe(maximumRecordBytes))", effect: .fileNotRead))
                return summary
            }
            data = whole
        } catch let failure as InputFile.Failure {
            summary.problems.append(ImportProblem(source: path, line: nil, message: failure.message, effect: .fileNotRead))
            return summary
        }
        if let invalid = data.withUnsafeBytes(UTF8Check.firstInvalidByte) {
            summary.problems.append(ImportProblem(source: path, line: nil,
                message: "not UTF-8 (invalid byte at offset \(invalid))", effect: .fileNotRead))
            return summary
        }
        let trimmed = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        let replacedNULs = NULCharacters.replaced(in: trimmed).count
        let found = try database.writeBatch { try $0.setText(sid: sid, text: trimmed) }
        if found {
            summary.textsSet = 1
            if replacedNULs > 0 {
                summary.problems.append(ImportProblem(source: path, line: 1, message: "\(replacedNULs) NUL character"
                    + (replacedNULs == 1 ? " replaced by a space" : "s replaced by spaces") + "; text imported",
                    effect: .recordRepaired))
            }
        } else {
            summary.problems.append(ImportProblem(source: path, line: 1, message:
                "no transcription \(sid) in the index: import its JSON first"))
        }
        return summary
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
}
