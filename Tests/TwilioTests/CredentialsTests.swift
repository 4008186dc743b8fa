import Foundation
import Testing
import TwilioClient

@Suite("Credentials: sources, validation and redaction")
struct CredentialsTests {
    static let account = "AC" + String(repeating: "1", count: 32)
    static let key = "SK" + String(repeating: "2", count: 32)
    static let secret = "s3cr3t-value-do-not-print"

    @Test("auth token from the environment")
    func authTokenFromEnvironment() throws {
        let credentials = try #require(try Credentials.fromEnvironment(
            ["TWILIO_ACCOUNT_SID": Self.account, "TWILIO_AUTH_TOKEN": Self.secret]))
        #expect(credentials.kind == .authToken)
        #expect(credentials.username == Self.account)
    }

    @Test("an API key from the environment needs the account SID too")
    func apiKeyFromEnvironment() throws {
        let credentials = try #require(try Credentials.fromEnvironment(
            ["TWILIO_API_KEY": Self.key, "TWILIO_API_SECRET": Self.secret, "TWILIO_ACCOUNT_SID": Self.account,
             "TWILIO_AUTH_TOKEN": "ignored-when-a-key-is-set"]))
        #expect(credentials.kind == .apiKey(sid: Self.key))
        #expect(credentials.username == Self.key)
        #expect(credentials.accountSid == Self.account)
        #expect(throws: CredentialsError.self) {
            try Credentials.fromEnvironment(["TWILIO_API_KEY": Self.key, "TWILIO_API_SECRET": Self.secret])
        }
    }

    @Test("nothing set is nil from the environment and .missing from resolve; half set is an error")
    func missingAndIncomplete() throws {
        #expect(try Credentials.fromEnvironment([:]) == nil)
        #expect(throws: CredentialsError.missing) { try Credentials.resolve(environment: [:]) }
        #expect(throws: CredentialsError.self) { try Credentials.fromEnvironment(["TWILIO_ACCOUNT_SID": Self.account]) }
        #expect(throws: CredentialsError.invalidSID(name: "account SID", value: "ACnothex")) {
            try Credentials(accountSid: "ACnothex", authToken: Self.secret)
        }
    }

    @Test("no textual form of credentials or their errors contains the secret")
    func secretIsRedacted() throws {
        for credentials in [try Credentials(accountSid: Self.account, authToken: Self.secret),
                            try Credentials(apiKey: Self.key, apiSecret: Self.secret, accountSid: Self.account)] {
            var dumped = ""
            dump(credentials, to: &dumped)
            for text in ["\(credentials)", String(reflecting: credentials), dumped] {
                #expect(!text.contains(Self.secret))
                #expect(text.contains(Self.account))
            }
        }
        let error = CredentialsError.incomplete("TWILIO_ACCOUNT_SID is set but TWILIO_AUTH_TOKEN is not")
        #expect(!error.description.contains(Self.secret))
    }

    @Test("a credentials file is read only when no one else can read it")
    func fileModeIsEnforced() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("twilio-\(UUID().uuidString).env").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let contents = """
            # Twilio, read by transcripts
            export TWILIO_ACCOUNT_SID=\(Self.account)
            TWILIO_AUTH_TOKEN="\(Self.secret)"
            """
        try contents.write(toFile: path, atomically: true, encoding: .utf8)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let error = #expect(throws: CredentialsError.self) { try Credentials.fromFile(path) }
        #expect(error == .insecureFile(path: path, mode: 0o644))
        #expect(error?.description.contains("chmod 600 \(path)") == true)

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let credentials = try Credentials.fromFile(path)
        #expect(credentials == (try Credentials(accountSid: Self.account, authToken: Self.secret)))
        #expect(try Credentials.resolve(file: path, environment: [:]) == credentials)
    }
}
