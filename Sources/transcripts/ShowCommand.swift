import ArgumentParser
import TranscriptIndex

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one transcription with its full text and its recording.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "A transcription SID (TR…).")
    var sid: String

    func run() async throws {
        guard SIDKind.transcription.matches(sid) else {
            throw IndexError(.invalidParameter, "\"\(sid)\" is not a transcription SID (TR + 32 hex digits)")
        }
        let detail = try IndexDatabase.openForReading(path: common.databasePath, announce: Output.standardError).transcription(sid: sid)
        if common.json {
            Output.json(detail.json)
            return
        }
        let t = detail.transcription
        Output.line(TerminalStyle.bold(t.sid ?? sid) + "  " + (t.status ?? "—") + (t.type.map { "  (\($0))" } ?? ""))
        Output.line("created   \(humanDate(t.dateCreated))    updated \(humanDate(t.dateUpdated))")
        var facts: [String] = []
        if let duration = t.duration { facts.append("duration \(duration)s") }
        if let price = t.price { facts.append("price \(price) \(t.priceUnit ?? "")") }
        if let account = t.accountSid { facts.append("account \(account)") }
        if !facts.isEmpty { Output.line(facts.joined(separator: "    ")) }
        if let r = detail.recording {
            if detail.recordingAvailability == "not_found" {
                Output.line("recording \(r.sid ?? "—") (not found at Twilio)")
            } else {
                var parts = ["recording \(r.sid ?? "—")"]
                if let call = r.callSid { parts.append("call \(call)") }
                if let source = r.source { parts.append("source \(source)") }
                if let status = r.status { parts.append("status \(status)") }
                if let start = r.startTime { parts.append("started \(humanDate(start))") }
                Output.line(parts.joined(separator: "    "))
                if let media = r.mediaURL { Output.line("media     \(media)") }
            }
        } else if let recordingSid = t.recordingSid {
            Output.line("recording \(recordingSid) (no metadata in the index)")
        }
        Output.line()
        Output.line(t.text.map { terminalSafe($0) } ?? TerminalStyle.dim("(no text yet)"))
    }
}
