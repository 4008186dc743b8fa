import Foundation
import TranscriptIndex

/// `transcripts-bench --db PATH [--runs N] [--json FILE] [--only TEXT,…] [--no-floor]`: the query part of Scripts/bench. For each
/// query class, p50/p95/p99 through the library and through the plain sqlite3 shell on the same file, and the ratio.
/// `--only` keeps the classes whose name contains one of the texts (to re-measure a few at 1M).
@main
enum BenchCommand {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String) -> String? {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
            defer { arguments.removeSubrange(index...(index + 1)) }
            return arguments[index + 1]
        }
        guard let path = option("--db") else {
            FileHandle.standardError.write(Data("usage: transcripts-bench --db PATH [--runs N] [--json FILE] [--only TEXT,...] [--no-floor]\n".utf8))
            exit(2)
        }
        let runs = option("--runs").flatMap(Int.init) ?? 200
        let jsonPath = option("--json")
        let database = try IndexDatabase.openForReading(path: path)
        let only = option("--only")?.split(separator: ",").map(String.init)
        // --no-floor: the library alone (A/B runs of two builds, where the floor is the same for both).
        let withFloor = !arguments.contains("--no-floor")
        let classes = try QueryClasses.make(database: database).filter { queryClass in
            only.map { $0.contains { queryClass.name.contains($0) } } ?? true
        }

        print(pad("query class", 36) + ["p50 ms", "p95 ms", "p99 ms", "floor p50", "p95", "p99", "floor/us"]
            .map { pad($0, 10, right: true) }.joined())
        var rows: [JSONOut] = []
        for queryClass in classes {
            let request = try queryClass.parameters.validated()
            let page = try database.search(request)
            let total = page.total
            // The page must be the one FTS5's exhaustive bm25 gives: same rows, same order, same scores.
            let reference = try database.search(request, strategy: .fullTextOnly)
            let exact = page == reference
            let ours = try Measure.library(request, database: database, runs: runs)
            let floor = withFloor ? try Measure.sqliteShell(queryClass.floorSQL, databasePath: path, runs: runs)
                : Percentiles(milliseconds: [0])
            let ratio = floor.p50 / max(ours.p50, 0.001)
            print(pad(queryClass.name, 36) + [ours.p50, ours.p95, ours.p99, floor.p50, floor.p95, floor.p99]
                .map { pad(String(format: "%.2f", $0), 10, right: true) }.joined()
                + pad(String(format: "%.1fx", ratio), 10, right: true) + (exact ? "" : "  NOT THE EXACT PAGE"))
            rows.append(.object([
                ("class", .string(queryClass.name)), ("matches", .int(Int64(total))), ("same_page_as_fts5", .bool(exact)), ("runs", .int(Int64(runs))),
                ("p50_ms", .double(ours.p50)), ("p95_ms", .double(ours.p95)), ("p99_ms", .double(ours.p99)),
                ("floor_p50_ms", .double(floor.p50)), ("floor_p95_ms", .double(floor.p95)),
                ("floor_p99_ms", .double(floor.p99)), ("floor_over_library_p50", .double(ratio)),
                ("floor_sql", .string(queryClass.floorSQL)),
            ]))
        }
        if let jsonPath {
            try Data((JSONOut.array(rows).text + "\n").utf8).write(to: URL(fileURLWithPath: jsonPath))
        }
    }
}

/// Pads to a column width (String(format:) cannot pad strings on Linux).
func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return right ? fill + text : text + fill
}
