import Foundation
import TranscriptIndex

/// Latency percentiles over repeated runs.
struct Percentiles {
    var p50: Double, p95: Double, p99: Double, runs: Int

    init(milliseconds samples: [Double]) {
        let sorted = samples.sorted()
        func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1)] }
        p50 = at(0.50); p95 = at(0.95); p99 = at(0.99); runs = sorted.count
    }
}

enum Measure {
    /// The library: `runs` searches after 3 warm-up runs, each timed on its own.
    static func library(_ request: SearchRequest, database: IndexDatabase, runs: Int) throws -> Percentiles {
        for _ in 0..<3 { _ = try database.search(request) }
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            _ = try database.search(request)
            samples.append(milliseconds(ContinuousClock.now - start))
        }
        return Percentiles(milliseconds: samples)
    }

    /// The floor: the same number of runs of `sql` in one plain `sqlite3` shell, timed by its `.timer`.
    static func sqliteShell(_ sql: String, databasePath: String, runs: Int) throws -> Percentiles {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-readonly", databasePath]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var script = ".output /dev/null\n"
        for _ in 0..<3 { script += sql + "\n" }
        script += ".timer on\n"
        for _ in 0..<runs { script += sql + "\n" }
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // ".timer on" writes "Run Time: real 0.012 user … sys …" to the console, not to .output: collect every
        // "real" figure (the shell prints milliseconds, so sub-millisecond queries show as 0).
        let samples = text.split(separator: "\n").compactMap { line -> Double? in
            guard let range = line.range(of: "Run Time: real ") else { return nil }
            return Double(line[range.upperBound...].split(separator: " ").first ?? "").map { $0 * 1000 }
        }
        guard samples.count == runs else {
            throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey:
                "sqlite3 printed \(samples.count) timings for \(runs) runs of: \(sql)"])
        }
        return Percentiles(milliseconds: samples)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
