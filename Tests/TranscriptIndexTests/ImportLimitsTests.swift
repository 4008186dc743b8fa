import Foundation
import Testing
@testable import TranscriptIndex

/// An import holds at most one record of `maximumRecordBytes` (here 64 KiB, so the inputs stay small and the
/// suite fast): a longer line is reported and skipped without being buffered, and the import goes on.
@Suite("Import limits")
struct ImportLimitsTests {
    static let limit = 64 << 10

    static func record(_ n: Int, text: String) -> String {
        """
        {"sid": "\(sid("TR", n))", "status": "completed", "date_created": "Tue, 05 Mar 2024 14:02:11 +0000", \
        "date_updated": "Tue, 05 Mar 2024 14:02:11 +0000", "transcription_text": "\(text)"}
        """
    }

    func importer(_ db: IndexDatabase) -> TwilioImporter {
        var importer = TwilioImporter(database: db)
        importer.maximumRecordBytes = Self.limit
        importer.maximumSkipBytes = 4 * Self.limit
        return importer
    }

    @Test func aLineLongerThanTheLimitIsReportedAndTheNextRecordsLoad() throws {
        try withFreshIndex { (db, dir) throws in
            // Not the word searched for: FTS5's snippet() of a multi-MB match takes minutes.
            let huge = Self.record(2, text: String(repeating: "filler ", count: 3 * Self.limit / 7))
            let path = try dir.write("export.ndjson", [Self.record(1, text: "alpha refund"), huge,
                                                       Self.record(3, text: "charlie refund")].joined(separator: "\n"))
            let summary = try importer(db).importSource(path)
            #expect(summary.problems == [ImportProblem(source: path, line: 2, message: "record larger than 64 KiB")])
            #expect(summary.counts == IngestCounts(added: 2))
            #expect(try db.sids(matching: "refund") == [sid("TR", 3), sid("TR", 1)])
            #expect(try db.stats().transcriptions == 2)
        }
    }

    @Test func theReaderSkipsAnOversizedLineWithoutBufferingIt() throws {
        try withTemporaryDirectory { dir in
            let path = dir.path("long.ndjson")
            var bytes = Data("first\n".utf8)
            bytes.append(Data(repeating: UInt8(ascii: "x"), count: 5 * Self.limit / 2))
            bytes.append(Data("\nlast\n".utf8))
            try bytes.write(to: URL(fileURLWithPath: path))
            let input = try InputFile.open(path).get()
            defer { input.close() }
            var reader = LineReader(input: input, maximumLineBytes: Self.limit, maximumSkipBytes: 4 * Self.limit)
            var lines: [String] = []
            while let line = try reader.nextLine() {
                switch line {
                case .complete(let data): lines.append(String(decoding: data, as: UTF8.self))
                default: lines.append("(\(line))")
                }
            }
            #expect(lines == ["first", "(tooLong)", "last"])
            #expect(reader.lineNumber == 3)
            #expect(reader.peakBufferedBytes <= Self.limit + 1,
                    "the reader held \(reader.peakBufferedBytes) bytes for a limit of \(Self.limit)")
        }
    }

    @Test func withoutALineEndTheRestOfTheFileIsGivenUp() throws {
        try withFreshIndex { (db, dir) throws in
            let path = dir.path("no-newline.json")
            try Data(repeating: UInt8(ascii: "x"), count: 8 * Self.limit).write(to: URL(fileURLWithPath: path))
            let summary = try importer(db).importSource(path)
            #expect(summary.problems == [
                ImportProblem(source: path, line: 1, message: "record larger than 64 KiB"),
                ImportProblem(source: path, line: nil, message: "no line end within 256 KiB after line 1; rest of file skipped",
                              effect: .fileReadInPart),
            ])
            #expect(summary.problems.last?.description == "\(path): no line end within 256 KiB after line 1; rest of file skipped")
        }
    }

    @Test func aPrettyPrintedDocumentOverTheLimitIsOneProblem() throws {
        try withFreshIndex { (db, dir) throws in
            let elements = (1...25).map { ImporterTests.transcriptionJSON($0, text: String(repeating: "word ", count: 600)) }
            let page = ImporterTests.prettyPage("transcriptions", elements)
            try #require(page.utf8.count > Self.limit)
            let path = try dir.write("page.json", page)
            let summary = try importer(db).importSource(path)
            #expect(summary.problems.count == 1, "\(summary.problems.prefix(3))")
            #expect(summary.problems.first?.line == 1)
            #expect(summary.problems.first?.message.hasPrefix("record larger than 64 KiB") == true)
            #expect(summary.counts == IngestCounts())
        }
    }

    @Test func ndjsonOverTheLimitWithABadFirstLineStillLoads() throws {
        try withFreshIndex { (db, dir) throws in
            let lines = ["{not json"] + (1...40).map { Self.record($0, text: String(repeating: "word ", count: 400)) }
            let path = try dir.write("export.ndjson", lines.joined(separator: "\n") + "\n")
            try #require(lines.joined().utf8.count > Self.limit)
            let summary = try importer(db).importSource(path)
            #expect(summary.problems.map(\.line) == [1], "\(summary.problems.prefix(3))")
            #expect(summary.counts == IngestCounts(added: 40))
        }
    }

    @Test func aTextFileOverTheLimitIsNotRead() throws {
        try withFreshIndex { (db, dir) throws in
            let list = try dir.write("list.ndjson", Self.record(1, text: "short") + "\n")
            _ = try importer(db).importSource(list)
            let path = try dir.write("\(sid("TR", 1)).txt", String(repeating: "long text ", count: Self.limit / 5))
            let summary = try importer(db).importSource(path)
            #expect(summary.problems == [ImportProblem(source: path, line: nil, message: "text larger than 64 KiB",
                                                       effect: .fileNotRead)])
            #expect(try db.transcription(sid: sid("TR", 1)).transcription.text == "short")
        }
    }
}
