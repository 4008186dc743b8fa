import Foundation
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

    @Test("date-time DateCreated filters, as Twilio's helper libraries send them, compare as the instant")
    func dateTimeFilters() async throws {
        try await withEmulator(Self.configuration) { server in
            let client = try makeClient(for: server)
            let raw = RawTwilioRequests(server: server)
            let all = try await walkRecordings(client, RecordingQuery(includeSoftDeleted: true), pageSize: 1000)
            let pivot = try #require(all.dropFirst(all.count / 2).first)
            let instant = try #require(pivot.dateCreated)
            func list(_ query: String) async throws -> [String] {
                // Small pages: the filters must travel in next_page_uri too.
                try await raw.walk(raw.accountPath + "/Recordings.json?\(query)&IncludeSoftDeleted=true&PageSize=40",
                                   key: "recordings").sids
            }
            func truth(_ included: (Int64) -> Bool) -> [String] {
                all.filter { included($0.dateCreated!) }.compactMap(\.sid)
            }
            // twilio-python 9.13.0: serialize.iso8601_datetime, keys "DateCreated>" / "DateCreated<" URL-encoded.
            let at = Self.iso8601(instant)
            let onOrAfter = try await list("DateCreated%3E=\(at)")
            #expect(onOrAfter == truth { $0 >= instant })
            #expect(onOrAfter.contains(try #require(pivot.sid)))
            #expect(try await list("DateCreated%3C=\(at)") == truth { $0 <= instant })
            #expect(try await list("DateCreated=\(at)") == truth { $0 == instant })
            let window = try await list("DateCreated%3E=\(Self.iso8601(instant - 7200))&DateCreated%3C=\(Self.iso8601(instant + 7200))")
            #expect(window == truth { (instant - 7200...instant + 7200).contains($0) })
            // The instant, not its day: the day filter takes in the whole of the pivot's day.
            let day = String(at.prefix(10))
            #expect(try await list("DateCreated%3E=\(day)") == truth { $0 >= instant - instant % 86_400 })
            // RFC 3339 offsets and fractions name instants too.
            let offset = try await list("DateCreated%3E=\(Self.iso8601(instant + 3600).dropLast())%2B01:00")
            #expect(offset == onOrAfter)
            #expect(try await list("DateCreated%3E=\(at.dropLast()).5Z") == truth { $0 > instant })

            for bad in ["2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00Z", "2024-01-01T00:00:00",
                        "2024-01-01%2000:00:00Z", "2024-02-30T00:00:00Z"] {
                let (status, body) = try await raw.error("GET", raw.accountPath + "/Recordings.json?DateCreated%3E=\(bad)")
                #expect(status == 400, "\(bad)")
                #expect(body.code == 20001)
                #expect(body.message == "Invalid DateCreated>= value: \(bad.removingPercentEncoding!)")
            }
        }
    }

    static func iso8601(_ epochSeconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(epochSeconds)))
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
