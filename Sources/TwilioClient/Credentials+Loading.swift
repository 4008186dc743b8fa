import Foundation

extension Credentials {
    /// Credentials from `TWILIO_API_KEY` + `TWILIO_API_SECRET` + `TWILIO_ACCOUNT_SID` (preferred when a key is
    /// set, as with Twilio's helper libraries' recommendation to use keys), else `TWILIO_ACCOUNT_SID` +
    /// `TWILIO_AUTH_TOKEN`. Nil when none of these is set.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CredentialsError) -> Credentials? {
        func value(_ name: String) -> String? {
            environment[name].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let accountSid = value("TWILIO_ACCOUNT_SID"), authToken = value("TWILIO_AUTH_TOKEN")
        let apiKey = value("TWILIO_API_KEY"), apiSecret = value("TWILIO_API_SECRET")
        if apiKey != nil || apiSecret != nil {
            guard let apiKey else { throw .incomplete("TWILIO_API_SECRET is set but TWILIO_API_KEY is not") }
            guard let apiSecret else { throw .incomplete("TWILIO_API_KEY is set but TWILIO_API_SECRET is not") }
            guard let accountSid else { throw .incomplete("an API key needs TWILIO_ACCOUNT_SID as well") }
            return try Credentials(apiKey: apiKey, apiSecret: apiSecret, accountSid: accountSid)
        }
        if accountSid == nil, authToken == nil { return nil }
        guard let accountSid else { throw .incomplete("TWILIO_AUTH_TOKEN is set but TWILIO_ACCOUNT_SID is not") }
        guard let authToken else { throw .incomplete("TWILIO_ACCOUNT_SID is set but TWILIO_AUTH_TOKEN is not") }
        return try Credentials(accountSid: accountSid, authToken: authToken)
    }

    /// Credentials from a file of `NAME=value` lines using the environment variables' names (`#` comments,
    /// optional `export ` and quotes, as in a shell env file). The file must not be accessible to group or
    /// others (mode 0600 or stricter): a readable token file is a leaked token.
    public static func fromFile(_ path: String) throws(CredentialsError) -> Credentials {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let mode: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: resolved)
            mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        } catch {
            throw .unreadableFile(path: path, reason: (error as NSError).localizedDescription)
        }
        guard mode & 0o077 == 0 else { throw .insecureFile(path: path, mode: mode & 0o7777) }
        let text: String
        do {
            text = try String(contentsOfFile: resolved, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: path, reason: (error as NSError).localizedDescription)
        }
        guard let credentials = try fromEnvironment(parseEnvironmentFile(text)) else {
            throw .incomplete("\(path) sets none of TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_API_KEY, TWILIO_API_SECRET")
        }
        return credentials
    }

    /// The file when one is given, else the environment; `.missing` when neither has any.
    public static func resolve(
        file: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CredentialsError) -> Credentials {
        if let file { return try fromFile(file) }
        guard let credentials = try fromEnvironment(environment) else { throw .missing }
        return credentials
    }

    static func parseEnvironmentFile(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = String(value.dropFirst().dropLast())
            }
            values[name] = value
        }
        return values
    }
}
