import Foundation
import Testing
import TwilioClient

@Suite("API base URL resolution")
struct APIBaseTests {
    @Test("region and edge build the host as Twilio's helper libraries do", arguments: [
        ([:], "https://api.twilio.com"),
        (["TWILIO_REGION": "au1"], "https://api.au1.twilio.com"),
        (["TWILIO_EDGE": "sydney"], "https://api.sydney.us1.twilio.com"),
        (["TWILIO_EDGE": "sydney", "TWILIO_REGION": "au1"], "https://api.sydney.au1.twilio.com"),
        (["TWILIO_REGION": "au1", "TWILIO_API_BASE": "http://127.0.0.1:8080"], "http://127.0.0.1:8080"),
    ] as [([String: String], String)])
    func regionalHosts(environment: [String: String], expected: String) throws {
        #expect(try APIBase.resolve(environment: environment).absoluteString == expected)
    }

    @Test("an explicit base wins over the environment, and unsafe or odd bases are refused")
    func explicitBase() throws {
        #expect(try APIBase.resolve(explicit: "http://localhost:9/", environment: ["TWILIO_API_BASE": "https://x.example"])
            .absoluteString == "http://localhost:9")
        #expect(throws: TwilioError.self) { try APIBase.resolve(explicit: "http://api.example.com", environment: [:]) }
        #expect(throws: TwilioError.self) { try APIBase.resolve(explicit: "https://api.twilio.com/2010-04-01", environment: [:]) }
        #expect(throws: TwilioError.self) { try APIBase.resolve(explicit: "https://user:pw@api.twilio.com", environment: [:]) }
    }
}
