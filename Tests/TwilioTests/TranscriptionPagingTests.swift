import Testing
import TranscriptIndex
import TwilioClient
import TwilioEmulator

@Suite("Transcriptions list paging")
struct TranscriptionPagingTests {
    @Test("a walk by next_page_uri returns every transcription once, in Twilio's order, one request per page",
          arguments: [(count: 2345, pageSize: 1000), (count: 601, pageSize: 7)])
    func walkVisitsEveryTranscriptionOnce(count: Int, pageSize: Int) async throws {
        try await withEmulator(emulatorConfiguration(count: count)) { server in
            let client = try makeClient(for: server)
            let (items, pages) = try await walkTranscriptions(client, pageSize: pageSize)
            let truth = server.store.transcriptions()

            #expect(truth.count == count)
            #expect(items.map(\.sid) == truth.map(\.transcriptionSid))
            #expect(pages == (count + pageSize - 1) / pageSize)
            #expect(server.stats.count(.listTranscriptions) == pages)
            #expect(client.metrics.snapshot().requests == pages)
            for (item, call) in zip(items, truth) {
                #expect(item.status == call.status)
                #expect(item.dateUpdated == call.dateUpdated)
                #expect(item.recordingSid == call.recordingSid)
                #expect(item.text == (server.store.listOmitsText(transcriptionSid: call.transcriptionSid) ? nil : call.text))
            }
        }
    }

    @Test("list pages carry the quirks: null text on some items, \"(blank)\" on failed ones")
    func listQuirks() async throws {
        try await withEmulator(emulatorConfiguration(count: 800, nullTextRate: 0.3)) { server in
            let client = try makeClient(for: server)
            let items = try await walkTranscriptions(client, pageSize: 1000).items
            let completedWithoutText = items.filter { $0.status == "completed" && $0.text == nil }.count
            let completed = items.filter { $0.status == "completed" }.count
            #expect((0.2...0.4).contains(Double(completedWithoutText) / Double(completed)))
            let failedTexts = Set(items.filter { $0.status == "failed" }.compactMap(\.text))
            #expect(failedTexts == [Transcription.blankPlaceholder])
        }
    }

    @Test("a page number without a PageToken is refused with Twilio's 20001, and not retried")
    func pageWithoutTokenIs20001() async throws {
        try await withEmulator(emulatorConfiguration(count: 120)) { server in
            let client = try makeClient(for: server)
            let error = await #expect(throws: TwilioError.self) {
                try await client.transcriptionsPage(following: client.accountPath + "/Transcriptions.json?PageSize=50&Page=1")
            }
            guard case .http(let status, let path, let body)? = error else {
                Issue.record("expected an HTTP error, got \(String(describing: error))")
                return
            }
            #expect(status == 400)
            #expect(path == client.accountPath + "/Transcriptions.json")
            #expect(body?.code == 20001)
            #expect(body?.message == "PageToken is required for paging.")
            #expect(error?.description.contains("error 20001: PageToken is required for paging.") == true)
            #expect(server.stats.count(.listTranscriptions) == 1)
        }
    }

    @Test("a next_page_uri outside this account's API paths is refused before any request")
    func foreignPageURIIsRefused() async throws {
        try await withEmulator(emulatorConfiguration(count: 10)) { server in
            let client = try makeClient(for: server)
            await #expect(throws: TwilioError.invalidPageURI("https://evil.example/2010-04-01/Accounts/X.json")) {
                try await client.transcriptionsPage(following: "https://evil.example/2010-04-01/Accounts/X.json")
            }
            #expect(server.stats.total == 0)
        }
    }

    @Test("keyset paging: items added, completed or deleted mid-walk neither repeat nor hide unchanged items")
    func pagingIsStableUnderConcurrentChanges() async throws {
        try await withEmulator(emulatorConfiguration(count: 300)) { server in
            let client = try makeClient(for: server)
            let before = server.store.transcriptions()
            let deletedSeen = before[5].transcriptionSid, deletedUnseen = before[150].transcriptionSid
            let completed = try #require(before.dropFirst(100).first { $0.status == "in-progress" })

            let (items, _) = try await walkTranscriptions(client, pageSize: 20) { pagesRead in
                guard pagesRead == 3 else { return }
                // After 60 items: new ones arrive at the top, one seen and one unseen item vanish, and an unseen
                // in-progress item completes (moving to the top, behind the cursor).
                for _ in 0..<3 { server.store.addTranscription() }
                server.store.deleteTranscription(sid: deletedSeen)
                server.store.deleteTranscription(sid: deletedUnseen)
                server.store.completeTranscription(sid: completed.transcriptionSid, text: "finally done")
            }
            let seen = items.compactMap(\.sid)
            #expect(Set(seen).count == seen.count, "no transcription is listed twice")
            let unchanged = before.map(\.transcriptionSid)
                .filter { $0 != deletedUnseen && $0 != completed.transcriptionSid }
            #expect(Set(unchanged).isSubset(of: Set(seen)), "every unchanged transcription is listed")
            #expect(!seen.contains(deletedUnseen))
        }
    }
}
