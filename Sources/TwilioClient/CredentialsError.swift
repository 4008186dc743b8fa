/// Why credentials could not be had. Messages name variables, files and SIDs, never a secret.
public enum CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing configured at all.
    case missing
    /// Something configured, something else missing or empty.
    case incomplete(String)
    case invalidSID(name: String, value: String)
    /// The credentials file grants group or other access.
    case insecureFile(path: String, mode: Int)
    case unreadableFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing:
            return "no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY, "
                + "TWILIO_API_SECRET and TWILIO_ACCOUNT_SID, or use a credentials file (mode 0600)"
        case .incomplete(let what):
            return "incomplete Twilio credentials: \(what)"
        case .invalidSID(let name, let value):
            // The value is not shown: a secret pasted into the wrong variable would be printed.
            let prefix = name == "API key SID" ? "SK" : "AC"
            return "invalid \(name) (\(value.count) characters): expected \(prefix) followed by 32 hexadecimal digits "
                + "— check that the SID and the secret are not swapped"
        case .insecureFile(let path, let mode):
            return "refusing to read credentials file \(path): its mode is \(String(format: "%04o", mode)), "
                + "so other users may read it; run: chmod 600 \(path)"
        case .unreadableFile(let path, let reason):
            return "cannot read credentials file \(path): \(reason)"
        }
    }
}
