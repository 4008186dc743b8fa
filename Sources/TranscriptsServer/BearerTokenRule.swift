/// What a bearer token must look like. It travels in an HTTP header (`Authorization: Bearer <token>`), where
/// spaces, control characters and non-ASCII are either separators, forbidden, or re-encoded by some clients, so
/// a token that holds them either never matches or is not what its owner thinks. A token of 16 spaces passed the
/// old length-only check: it is no secret at all.
enum BearerTokenRule {
    static let minimumLength = 16

    /// Why `token` cannot be used, or nil: at least 16 characters, every one visible ASCII (`!`…`~`).
    static func problem(with token: String) -> String? {
        let visibleASCII = UInt8(ascii: "!")...UInt8(ascii: "~")
        guard token.utf8.allSatisfy({ visibleASCII.contains($0) }) else {
            return "the bearer token contains a space, a control character or a non-ASCII character; use \(minimumLength) "
                + "or more visible ASCII characters (e.g. the output of: openssl rand -hex 24)"
        }
        guard token.utf8.count >= minimumLength else {
            return "the bearer token is shorter than \(minimumLength) characters"
        }
        return nil
    }
}
