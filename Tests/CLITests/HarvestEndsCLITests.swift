import Foundation
import Testing
import TranscriptIndex
import TwilioEmulator

/// A harvest always ends: under broken responses and dropped connections, on SIGTERM, and at --max-runtime.
/// The built binary against an in-process emulator; every run is bounded, and one that outlives its bound is
/// killed and fails the test (a hang here once held the harvest lock forever).
@Suite("transcripts harvest always ends (the binary under faults, signals and its run-time limit)")
struct HarvestEndsCLITests {
    static let runs = 30

    @Test("30 first harvests under 10% malformed bodies and 5% dropped connections: each ends, succeeds and stores the truth")
    func faultyRunsEndAndConverge() async throws {
        let faults = FaultConfiguration(dropRate: 0.05, malformedRate: 0.1, seed: 3)
        var configuration = HarvestCLITests.configuration(count: 300)
        configuration.faults = faults
        try await HarvestCLITests.withServer(configuration) { server in
            try await withAsyncCLISandbox { sandbox in
                // Two harvests at a time, each on its own index, so the 30 runs fit in CI's budget.
                var retries = 0
                try await withThrowingTaskGroup(of: (Int, CLIResult, [String]).self) { group in
                    var next = 0
                    func startRun() {
                        let run = next
                        next += 1
                        group.addTask {
                            let db = sandbox.path("faulty-\(run).sqlite")
                            let result = try await sandbox.runAsync(
                                HarvestCLITests.harvestArguments(server, db: db, ["--page-size", "50", "--json"]),
                                environment: HarvestCLITests.environment(), timeout: 120)
                            return (run, result, IndexProbe.differences(db, server.store))
                        }
                    }
                    startRun()
                    startRun()
                    var finished = 0
                    while let (run, result, differences) = try await group.next() {
                        finished += 1
                        #expect(result.status == 0, "run \(run): \(result)")
                        #expect(differences == [], "run \(run): the index differs from the emulator")
                        retries += (try? result.json()["retries"] as? Int) ?? 0
                        if next < Self.runs { startRun() }
                    }
                    #expect(finished == Self.runs)
                }
                // Malformed bodies count as 200s in the emulator's stats; the runs' retries show them.
                let dropped = server.stats.snapshot().endpoints.values.reduce(0) { $0 + ($1[RequestStats.dropped] ?? 0) }
                #expect(dropped > Self.runs, "the faults were injected (\(dropped) dropped connections)")
                #expect(retries > Self.runs, "the runs retried what failed (\(retries) retries in all)")
            }
        }
    }

    @Test("SIGTERM during a request that never answers ends the harvest within seconds, as interrupted; a waiting harvest stops too")
    func sigtermEndsAStuckHarvest() async throws {
        var configuration = HarvestCLITests.configuration(count: 100)
        // Long enough to outlast the 5 s grace; the emulator's own stop waits for the request it holds.
        configuration.faults = FaultConfiguration(latencyMilliseconds: 12_000)
        try await HarvestCLITests.withServer(configuration) { server in
            try await withAsyncCLISandbox { sandbox in
                let db = sandbox.path("index.sqlite")
                let stuck = try sandbox.start(HarvestCLITests.harvestArguments(server, db: db, ["--json"]),
                                              environment: HarvestCLITests.environment())
                // The first harvest has begun its run (committed before its first request, which the emulator holds
                // for 12 s); the emulator counts a request only once it has answered it.
                let deadline = Date().addingTimeInterval(20)
                while (try? IndexProbe.stats(db).recentRuns.first?.outcome) != "running", Date() < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                try #require(try IndexProbe.stats(db).recentRuns.first?.outcome == "running", "\(stuck.stderrSoFar)")
                let waiting = try sandbox.start(HarvestCLITests.harvestArguments(server, db: db, ["--wait", "--json"]),
                                                environment: HarvestCLITests.environment())
                try await Task.sleep(for: .milliseconds(700))
                try #require(stuck.isRunning, "\(stuck.stderrSoFar)")
                try #require(waiting.isRunning, "the second harvest should wait for the lock: \(waiting.stderrSoFar)")

                let signalled = ContinuousClock.now
                try #require(stuck.send(SIGTERM))
                try #require(waiting.send(SIGTERM))
                let stopped = try await stuck.finish(timeout: 30)
                let elapsed = ContinuousClock.now - signalled
                #expect(stopped.status == 130, "\(stopped)")
                #expect(elapsed < .seconds(9), "stopped \(elapsed) after SIGTERM; the grace is 5 s")
                #expect(try stopped.json()["outcome"] as? String == "interrupted")
                let waited = try await waiting.finish(timeout: 10)
                #expect(waited.status == 130, "the waiting harvest ends on SIGTERM too: \(waited)")
                let runs = try IndexProbe.stats(db).recentRuns
                #expect(runs.map(\.outcome) == ["interrupted"], "the waiting harvest never ran")
            }
        }
    }

    @Test("--max-runtime stops a run that is still going: exit 1, a clear error, committed pages kept; the next run resumes")
    func maxRuntimeStopsTheRun() async throws {
        var configuration = HarvestCLITests.configuration(count: 400)
        configuration.faults = FaultConfiguration(latencyMilliseconds: 50)
        try await HarvestCLITests.withServer(configuration) { server in
            try await withAsyncCLISandbox { sandbox in
                let db = sandbox.path("index.sqlite")
                let started = ContinuousClock.now
                let limited = try sandbox.start(
                    HarvestCLITests.harvestArguments(server, db: db, ["--page-size", "50", "--max-runtime", "8s", "--json"]),
                    environment: HarvestCLITests.environment())
                // Once a page has committed, every answer takes 15 s: the run is still going at its limit.
                let deadline = Date().addingTimeInterval(8)
                while IndexProbe.committedPages(db) < 1, limited.isRunning, Date() < deadline {
                    try await Task.sleep(for: .milliseconds(5))
                }
                server.faults.configuration = FaultConfiguration(latencyMilliseconds: 15_000)
                let result = try await limited.finish(timeout: 30)
                let elapsed = ContinuousClock.now - started
                #expect(result.status == 1, "\(result)")
                #expect(elapsed < .seconds(12), "an 8 s limit took \(elapsed)")
                let summary = try result.json()
                #expect(summary["outcome"] as? String == "failed")
                #expect((summary["error"] as? String)?.contains("--max-runtime") == true, "\(summary)")
                let pages = try #require(summary["pages"] as? Int)
                #expect(pages >= 1 && pages < 8, "some pages committed, not all: \(pages)")
                #expect(try IndexProbe.sids(db).count == pages * 50)

                server.faults.configuration = .none
                let resumed = try await sandbox.runAsync(
                    HarvestCLITests.harvestArguments(server, db: db, ["--page-size", "50", "--json"]),
                    environment: HarvestCLITests.environment(), timeout: 60)
                #expect(resumed.status == 0, "\(resumed)")
                #expect(try resumed.json()["added"] as? Int == 400 - pages * 50, "resumed, nothing fetched twice as new")
                #expect(IndexProbe.differences(db, server.store) == [])
            }
        }
    }

    @Test("--max-runtime refuses what is not an interval")
    func maxRuntimeValidation() throws {
        try withCLISandbox { sandbox in
            let bad = try sandbox.run(["harvest", "--max-runtime", "soon"], environment: HarvestCLITests.environment())
            #expect(bad.status == 2, "\(bad)")
            #expect(bad.stderr.contains("--max-runtime"), "\(bad)")
        }
    }
}
