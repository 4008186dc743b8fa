import Foundation
import TranscriptIndex

/// What the client authenticates with: an Account SID and its Auth Token, or an API key SID ("SK…") and its
/// secret for an account. The secret never leaves this type except as the Authorization header: every textual
/// form (`description`, `debugDescription`, `dump`) redacts it.
public struct Credentials: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case authToken
        case apiKey(sid: String)
    }

    /// The account whose resources are read (the path's `{AccountSid}`).
    public let accountSid: String
    public let kind: Kind
    /// The HTTP Basic password. Deliberately not public.
    let secret: String

    public init(accountSid: String, authToken: String) throws(CredentialsError) {
        guard SIDKind.account.matches(accountSid) else { throw .invalidSID(name: "account SID", value: accountSid) }
        guard !authToken.isEmpty else { throw .incomplete("the auth token is empty") }
        self.accountSid = accountSid
        self.kind = .authToken
        self.secret = authToken
    }

    public init(apiKey: String, apiSecret: String, accountSid: String) throws(CredentialsError) {
        guard SIDKind.apiKey.matches(apiKey) else { throw .invalidSID(name: "API key SID", value: apiKey) }
        guard SIDKind.account.matches(accountSid) else { throw .invalidSID(name: "account SID", value: accountSid) }
        guard !apiSecret.isEmpty else { throw .incomplete("the API secret is empty") }
        self.accountSid = accountSid
        self.kind = .apiKey(sid: apiKey)
        self.secret = apiSecret
    }

    /// The HTTP Basic user: the Account SID, or the API key SID.
    public var username: String {
        switch kind {
        case .authToken: return accountSid
        case .apiKey(let sid): return sid
        }
    }

    /// "Basic base64(user:secret)", sent pre-emptively on every request.
    var authorizationHeaderValue: String {
        "Basic " + Data("\(username):\(secret)".utf8).base64EncodedString()
    }
}

extension Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        switch kind {
        case .authToken: return "Credentials(account \(accountSid), auth token <redacted>)"
        case .apiKey(let sid): return "Credentials(account \(accountSid), API key \(sid), secret <redacted>)"
        }
    }

    public var debugDescription: String { description }

    /// `dump()` and debuggers read fields through the mirror; this one has no secret in it.
    public var customMirror: Mirror {
        Mirror(self, children: ["accountSid": accountSid, "kind": kind, "secret": "<redacted>"])
    }
}
