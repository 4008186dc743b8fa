import Foundation
import Testing

/// An import's memory is bounded whatever the input: `/dev/zero` (no line end, no end at all) ends with a
/// reported problem after a bounded read (the 64 MiB record, then 1 GiB skipped looking for its end), in bounded
/// memory. The peak is the child's VmHWM, sampled from /proc
/// while it runs; a child that goes over the bound is killed at once rather than left to exhaust the machine.
@Suite("CLI: import memory is bounded")
struct ImportMemoryTests {
    /// The 64 MiB record limit, one 1 MiB read chunk, and the process's own baseline (a few tens of MB).
    static let bound = 160 << 20

    @Test func importingDevZeroEndsWithAProblemInBoundedMemory() async throws {
        #if os(Linux)
        try await withAsyncCLISandbox { sandbox in
            let process = try sandbox.start(["import", "--db", sandbox.path("index.sqlite"), "/dev/zero"])
            var peak = 0
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning {
                if let sample = Self.highWaterMark(process.pid) { peak = max(peak, sample) }
                if peak > Self.bound || Date() > deadline {
                    process.send(SIGKILL)
                    Issue.record("killed after \(peak >> 20) MiB: the import of /dev/zero does not stop or grows unbounded")
                    break
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            let result = try await process.finish(timeout: 10)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr == """
                transcripts: /dev/zero:1: record larger than 64 MiB
                transcripts: /dev/zero: no line end within 1 GiB after line 1; rest of file skipped

                """, "\(result)")
            #expect(result.stdout == "imported: 0 added, 0 updated, 0 unchanged; 1 skipped, 1 file read in part (see above)\n",
                    "\(result)")
            #expect(peak > 0, "VmHWM was never read from /proc/\(process.pid)/status")
            #expect(peak <= Self.bound, "peak RSS \(peak >> 20) MiB")
        }
        #endif
    }

    /// VmHWM (peak resident set) of a running process, in bytes; nil once it has exited.
    static func highWaterMark(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kilobytes << 10
    }
}
