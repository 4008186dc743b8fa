import Foundation
import Testing
import TwilioCorpus
import TwilioEmulator

/// v2 paging of `GET /v2/Transcripts` (and `/v2/Services`): `meta` with absolute URLs on the request's host,
/// keyset tokens, newest date_created first, PageSize limits answered with Twilio's 400.
@Suite("Intelligence list paging")
struct IntelligencePagingTests {
    @Test("a walk by absolute next_page_url returns every transcript once, newest date_created first, one request per page")
    func walkByNextPageURL() async throws {
        try await withEmulator(intelligenceConfiguration(count: 120, intelligenceCount: 100)) { server in
            let api = IntelligenceRequests(server: server)
            let (items, metas) = try await api.walk("/v2/Transcripts?PageSize=7", key: "transcripts")
            let truth = server.store.intelligence.transcripts()
            #expect(truth.count == 100)
            #expect(items.compactMap { $0["sid"] as? String } == truth.map(\.sid))
            #expect(truth.map(\.dateCreated) == truth.map(\.dateCreated).sorted(by: >))
            #expect(metas.count == 15)
            #expect(server.stats.count(.listIntelligenceTranscripts, status: 200) == 15)
            for (page, meta) in metas.enumerated() {
                #expect(meta["page"] as? Int == page)
                #expect(meta["page_size"] as? Int == 7)
                #expect(meta["key"] as? String == "transcripts")
                #expect(meta["first_page_url"] as? String == server.baseURL + "/v2/Transcripts?PageSize=7&Page=0")
                let url = try #require(meta["url"] as? String)
                #expect(url.hasPrefix(server.baseURL + "/v2/Transcripts?PageSize=7&Page=\(page)"))
                if page > 0 {
                    #expect(url.contains("PageToken=PA"))
                    #expect((meta["previous_page_url"] as? String)?.hasPrefix(server.baseURL + "/v2/Transcripts?") == true)
                } else {
                    #expect(meta["previous_page_url"] is NSNull)
                }
            }
            #expect(metas.last?["next_page_url"] is NSNull)
            #expect((metas.first?["next_page_url"] as? String)?.hasPrefix(server.baseURL + "/v2/Transcripts?PageSize=7&Page=1&PageToken=") == true)
        }
    }

    @Test("page URLs name the host the client used, and carry the filters")
    func urlsFollowTheHostHeader() async throws {
        try await withEmulator(intelligenceConfiguration(count: 30, intelligenceCount: 30)) { server in
            let api = IntelligenceRequests(server: server)
            let localhost = "http://localhost:\(server.port)"
            let page = try await api.object(localhost + "/v2/Transcripts?Status=completed&PageSize=2")
            let meta = try #require(page["meta"] as? [String: Any])
            #expect((meta["next_page_url"] as? String)?.hasPrefix(localhost + "/v2/Transcripts?Status=completed&PageSize=2&Page=1&PageToken=") == true)
            let first = try #require((page["transcripts"] as? [[String: Any]])?.first)
            #expect((first["url"] as? String)?.hasPrefix(localhost + "/v2/Transcripts/GT") == true)
            let links = try #require(first["links"] as? [String: String])
            #expect(Set(links.keys) == ["sentences", "encrypted_sentences", "media", "operator_results", "encrypted_operator_results"])
            #expect(links.values.allSatisfy { $0.hasPrefix(localhost + "/v2/Transcripts/") })
        }
    }

    @Test("PageSize defaults to 50 and may be 1000; 1001, 0 or a page number without a token are Twilio's 400")
    func pageSizeLimits() async throws {
        try await withEmulator(intelligenceConfiguration(count: 120, intelligenceCount: 120)) { server in
            let api = IntelligenceRequests(server: server)
            let defaults = try await api.object("/v2/Transcripts")
            #expect((defaults["transcripts"] as? [Any])?.count == 50)
            #expect((defaults["meta"] as? [String: Any])?["page_size"] as? Int == 50)
            let all = try await api.object("/v2/Transcripts?PageSize=1000")
            #expect((all["transcripts"] as? [Any])?.count == 120)
            #expect((all["meta"] as? [String: Any])?["next_page_url"] is NSNull)
            for bad in ["PageSize=1001", "PageSize=0", "PageSize=fifty", "PageSize=50&Page=1"] {
                let error = try await api.error("GET", "/v2/Transcripts?" + bad)
                #expect(error.status == 400, "\(bad)")
                #expect(error.body.code == 20001 && error.body.status == 400, "\(bad)")
            }
            #expect(try await api.error("GET", "/v2/Transcripts?PageToken=garbage").body.code == 21481)
        }
    }

    @Test("a transcript added mid-walk lists first and does not disturb the walk; a deleted one vanishes")
    func keysetPagingUnderChanges() async throws {
        try await withEmulator(intelligenceConfiguration(count: 60, intelligenceCount: 60)) { server in
            let api = IntelligenceRequests(server: server)
            let before = server.store.intelligence.transcripts()
            let first = try await api.object("/v2/Transcripts?PageSize=20")
            let added = server.store.addIntelligenceTranscript()
            server.store.deleteIntelligenceTranscript(sid: before[45].sid)
            var sids = (first["transcripts"] as? [[String: Any]])?.compactMap { $0["sid"] as? String } ?? []
            var next = (first["meta"] as? [String: Any])?["next_page_url"] as? String
            while let url = next {
                let page = try await api.object(url)
                sids += (page["transcripts"] as? [[String: Any]])?.compactMap { $0["sid"] as? String } ?? []
                next = (page["meta"] as? [String: Any])?["next_page_url"] as? String
            }
            #expect(sids == before.map(\.sid).filter { $0 != before[45].sid })
            #expect(server.store.intelligence.transcripts().first?.sid == added.sid)
        }
    }

    @Test("GET /v2/Services lists the account's two services; a default emulator has no transcripts")
    func servicesAndEmptyDefault() async throws {
        try await withEmulator(emulatorConfiguration(count: 10)) { server in
            let api = IntelligenceRequests(server: server)
            let services = try await api.object("/v2/Services")
            let items = try #require(services["services"] as? [[String: Any]])
            #expect(items.compactMap { $0["sid"] as? String } == server.store.intelligence.services.map(\.sid))
            #expect(items.compactMap { $0["language_code"] as? String } == ["en-US", "es-US"])
            #expect((services["meta"] as? [String: Any])?["key"] as? String == "services")
            let sid = try #require(items.first?["sid"] as? String)
            #expect(try await api.object("/v2/Services/\(sid)")["unique_name"] as? String == "customer-support")
            let empty = try await api.object("/v2/Transcripts")
            #expect((empty["transcripts"] as? [Any])?.isEmpty == true)
            #expect((empty["meta"] as? [String: Any])?["next_page_url"] is NSNull)
        }
    }
}
