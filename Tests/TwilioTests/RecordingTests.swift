import Testing
import TranscriptIndex
import TwilioClient
import TwilioEmulator

@Suite("Recordings list filters, soft-deleted and absent recordings")
struct RecordingTests {
    static let configuration = emulatorConfiguration(count: 500, absentRecordingRate: 0.05, deletedRecordingRate: 0.05)

    @Test("soft-deleted recordings are listed only with IncludeSoftDeleted; absent ones never")
    func softDeletedOnlyWhenAsked() async throws {
        try await withEmulator(Self.configuration) { server in
            let client = try makeClient(for: server)
            let live = try await walkRecordings(client, RecordingQuery(), pageSize: 60)
            let all = try await walkRecordings(client, RecordingQuery(includeSoftDeleted: true), pageSize: 60)
            #expect(live.map(\.sid) == server.store.recordings().map(\.recordingSid))
            #expect(all.map(\.sid) == server.store.recordings(includeSoftDeleted: true).map(\.recordingSid))
            #expect(!live.contains { $0.status == "deleted" })
            #expect(all.contains { $0.status == "deleted" })
            #expect(all.count < 500, "some recordings are absent")
        }
    }

    @Test("DateCreated, DateCreated<= and DateCreated>= select whole GMT days; CallSid selects one call")
    func filters() async throws {
        try await withEmulator(Self.configuration) { server in
            let client = try makeClient(for: server)
            let all = try await walkRecordings(client, RecordingQuery(includeSoftDeleted: true), pageSize: 1000)
            let pivot = try #require(all.dropFirst(all.count / 2).first)
            let day = TwilioDay(epochSeconds: try #require(pivot.dateCreated))
            func days(_ recordings: [Recording]) -> [TwilioDay] {
                recordings.map { TwilioDay(epochSeconds: $0.dateCreated!) }
            }

            let on = try await walkRecordings(client, RecordingQuery(createdOn: day, includeSoftDeleted: true), pageSize: 2)
            #expect(on.map(\.sid) == all.filter { TwilioDay(epochSeconds: $0.dateCreated!) == day }.map(\.sid))
            #expect(on.contains { $0.sid == pivot.sid })

            let upTo = try await walkRecordings(client, RecordingQuery(createdOnOrBefore: day, includeSoftDeleted: true), pageSize: 100)
            #expect(upTo.map(\.sid) == all.filter { TwilioDay(epochSeconds: $0.dateCreated!) <= day }.map(\.sid))
            let from = try await walkRecordings(client, RecordingQuery(createdOnOrAfter: day, includeSoftDeleted: true), pageSize: 100)
            #expect(from.map(\.sid) == all.filter { TwilioDay(epochSeconds: $0.dateCreated!) >= day }.map(\.sid))
            #expect(days(upTo).allSatisfy { $0 <= day } && days(from).allSatisfy { $0 >= day })
            #expect(upTo.count + from.count == all.count + on.count)

            let callSid = try #require(pivot.callSid)
            let byCall = try await walkRecordings(client, RecordingQuery(callSid: callSid, includeSoftDeleted: true), pageSize: 50)
            #expect(byCall.map(\.sid) == [pivot.sid])
            // Filters travel in next_page_uri: the two-item pages above would otherwise have drifted to other days.
            #expect(server.stats.count(.listRecordings, status: 200) > 3)
        }
    }

    @Test("fetching a soft-deleted recording finds it with status deleted; an absent one is .notFound")
    func softDeletedAndAbsentFetch() async throws {
        try await withEmulator(Self.configuration) { server in
            let client = try makeClient(for: server)
            let deleted = try #require(server.store.recordings(includeSoftDeleted: true).first { $0.recordingStatus == "deleted" })
            let fetched = try #require(try await client.recording(sid: deleted.recordingSid).value)
            #expect(fetched.status == "deleted")
            #expect(fetched.callSid == deleted.callSid)

            let absent = try #require(server.store.transcriptions().first { server.store.recording(sid: $0.recordingSid) == nil })
            #expect(try await client.recording(sid: absent.recordingSid) == .notFound)

            let live = try #require(server.store.recordings().first)
            server.store.softDeleteRecording(sid: live.recordingSid)
            #expect(try await client.recording(sid: live.recordingSid).value?.status == "deleted")
            server.store.removeRecording(sid: live.recordingSid)
            #expect(try await client.recording(sid: live.recordingSid) == .notFound)
        }
    }
}
