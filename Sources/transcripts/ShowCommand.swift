import ArgumentParser
import TranscriptIndex

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one document with its full text: a transcription with its recording, or an Intelligence "
            + "transcript with every sentence, its speakers and times, the summary and the labels.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "A transcription SID (TR…) or an Intelligence transcript SID (GT…).")
    var sid: String

    func run() async throws {
        guard DocumentSource.of(sid: sid) != nil else {
            throw IndexError(.invalidParameter, "\"\(sid)\" is not a document SID: a transcription (TR + 32 hex digits) "
                + "or an Intelligence transcript (GT + 32 hex digits)")
        }
        let detail = try IndexDatabase.openForReading(path: common.databasePath, announce: Output.standardError)
            .document(sid: sid)
        if common.json {
            Output.json(detail.json)
            return
        }
        switch detail {
        case .transcription(let detail): print(detail)
        case .intelligence(let detail): print(detail)
        }
    }

    private func print(_ detail: TranscriptionDetail) {
        let t = detail.transcription
        Output.line(TerminalStyle.bold(t.sid ?? sid) + "  " + (t.status ?? "—") + (t.type.map { "  (\($0))" } ?? ""))
        Output.line("created   \(humanDate(t.dateCreated))    updated \(humanDate(t.dateUpdated))")
        var facts: [String] = []
        if let duration = t.duration { facts.append("duration \(duration)s") }
        if let price = t.price { facts.append("price \(price) \(t.priceUnit ?? "")") }
        if let account = t.accountSid { facts.append("account \(account)") }
        if !facts.isEmpty { Output.line(facts.joined(separator: "    ")) }
        printRecording(detail.recording, availability: detail.recordingAvailability, sid: t.recordingSid)
        Output.line()
        Output.line(t.text.map { terminalSafe($0) } ?? TerminalStyle.dim("(no text yet)"))
    }

    private func print(_ detail: IntelligenceDetail) {
        let d = detail.document
        Output.line(TerminalStyle.bold(d.sid) + "  intelligence  " + (d.status ?? "—") + (d.language.map { "  \($0)" } ?? ""))
        Output.line("created   \(humanDate(d.dateCreated))    updated \(humanDate(d.dateUpdated))")
        var facts: [String] = []
        if let duration = d.duration { facts.append("duration \(duration)s") }
        if let service = d.serviceSid { facts.append("service \(service)") }
        if let call = detail.callSid { facts.append("call \(call)") }
        if let redacted = detail.readRedacted { facts.append(redacted ? "redacted" : "not redacted") }
        if !facts.isEmpty { Output.line(facts.joined(separator: "    ")) }
        printRecording(detail.recording, availability: detail.recordingAvailability, sid: d.recordingSid)
        if let problem = d.problem { Output.line(TerminalStyle.dim("no text: \(terminalSafe(problem))")) }
        let labels = detail.operatorResults.compactMap { result in
            result.predictedLabel.map { "\(terminalSafe(result.name ?? result.operatorSid)): \(terminalSafe($0))" }
        }
        if !labels.isEmpty { Output.line("labels    " + labels.joined(separator: "    ")) }
        if let summary = detail.summary {
            Output.line()
            Output.line(TerminalStyle.bold("Summary") + "  " + terminalSafe(summary))
        }
        Output.line()
        guard !detail.sentences.isEmpty else {
            Output.line(TerminalStyle.dim(d.status == "completed" ? "(no sentences)" : "(no sentences yet)"))
            return
        }
        for sentence in detail.sentences {
            let who = [sentence.speaker, sentence.speakerName].compactMap { $0 }.joined(separator: " ")
            Output.line(TerminalStyle.dim("\(clock(sentence.startTime)) \(who.isEmpty ? "?" : terminalSafe(who)):")
                + " " + terminalSafe(sentence.text))
        }
    }

    private func printRecording(_ recording: Recording?, availability: String?, sid recordingSid: String?) {
        if let r = recording {
            if availability == "not_found" {
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
        } else if let recordingSid {
            Output.line("recording \(recordingSid) (no metadata in the index)")
        }
    }
}
