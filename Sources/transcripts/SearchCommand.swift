import ArgumentParser
import TranscriptIndex

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search every source's transcripts (ranked full-text with filters), or list them when the query is empty.",
        discussion: """
            Query syntax: words (all must match), "exact phrase", prefix*, OR between words, -excluded.
            Anything else is literal text. Stemming and accent folding: "refunds" finds "refund", "jose" finds "José".
            """
    )

    @OptionGroup var common: CommonOptions

    // `.allUnrecognized` so that `search refund -cancelled` keeps `-cancelled` as an excluded word instead of
    // rejecting it as an unknown option; words starting with `--` are still refused in run() (a mistyped flag
    // must not silently become query text).
    @Argument(parsing: .allUnrecognized,
              help: "Words to find (-word excludes); empty lists transcriptions matching the filters.")
    var query: [String] = []

    @Option(help: ArgumentHelp("Created on or after: YYYY-MM-DD (UTC day) or an ISO 8601 date-time.", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Created on or before: YYYY-MM-DD (whole UTC day) or an ISO 8601 date-time.", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("A source's status: in-progress, completed, failed (both sources); queued, canceled, "
                               + "error, new (Intelligence). Repeatable or comma-separated.", valueName: "status"))
    var status: [String] = []

    @Option(help: ArgumentHelp("Only documents of these sources: transcription (v2010), intelligence (Conversational "
                               + "Intelligence); repeatable or comma-separated.", valueName: "source"))
    var source: [String] = []

    @Option(help: ArgumentHelp("Only where the words occur in this speaker's sentences: agent, customer, or a "
                               + "participant's name (Intelligence transcripts).", valueName: "speaker"))
    var speaker: String?

    @Option(help: ArgumentHelp("Only these languages (en-US, es-US, …); repeatable or comma-separated.",
                               valueName: "language"))
    var language: [String] = []

    @Option(name: .customLong("call-sid"), help: ArgumentHelp("Only this call (CA…).", valueName: "sid"))
    var callSid: String?

    @Option(name: .customLong("recording-sid"), help: ArgumentHelp("Only this recording (RE…).", valueName: "sid"))
    var recordingSid: String?

    @Option(name: .customLong("account-sid"), help: ArgumentHelp("Only this account (AC…).", valueName: "sid"))
    var accountSid: String?

    @Option(help: ArgumentHelp("relevance (default with a query), newest (default without), or oldest.", valueName: "order"))
    var sort: String?

    @Option(help: ArgumentHelp("Results per page, 1–1000 (default 20).", valueName: "n"))
    var limit: String?

    @Option(help: ArgumentHelp("The next_cursor of the previous page.", valueName: "cursor"))
    var cursor: String?

    func run() async throws {
        if let option = query.first(where: { $0.hasPrefix("--") && $0.count > 2 }) {
            throw IndexError(.invalidParameter, "unknown option \(option) (see transcripts search --help)")
        }
        let parameters = SearchParameters(
            query: query.isEmpty ? nil : query.joined(separator: " "), from: from, to: to, statuses: status, sources: source,
            languages: language, speaker: speaker, callSid: callSid, recordingSid: recordingSid, accountSid: accountSid, sort: sort, limit: limit,
            cursor: cursor)
        // Validate before opening: a usage error is reported the same whether or not the index exists.
        let request = try parameters.validated()
        let database = try IndexDatabase.openForReading(path: common.databasePath, announce: Output.standardError)
        let page = try database.search(request)
        if common.json {
            Output.json(page.json)
        } else {
            printHuman(page, request: request)
        }
    }

    private func printHuman(_ page: SearchPage, request: SearchRequest) {
        guard !page.hits.isEmpty else {
            Output.line(page.total == 0 ? "No matches." : "No more matches.")
            return
        }
        let noun = request.query.isEmpty ? "transcript" : "match"
        Output.line(TerminalStyle.bold("\(page.total) \(noun)\(page.total == 1 ? "" : noun == "match" ? "es" : "s")"))
        for hit in page.hits {
            var header = [hit.sid, hit.source, humanDate(hit.dateCreated), hit.status ?? "—"]
            if let duration = hit.duration { header.append("\(duration)s") }
            if let callSid = hit.callSid { header.append("call \(callSid)") }
            Output.line()
            Output.line(header.joined(separator: "  "))
            if let snippet = hit.snippet {
                // Markers \u{1}/\u{2} survive the clean-up; they become the highlight.
                let clean = Snippet(marked: terminalSafe(snippet.marked, keeping: ["\u{1}", "\u{2}"]))
                let text = clean.rendered(before: TerminalStyle.highlightStart, after: TerminalStyle.highlightEnd)
                Output.line("  " + text.replacingOccurrences(of: "\n", with: " "))
            }
            for sentence in hit.sentences ?? [] {
                let clean = Snippet(marked: terminalSafe(sentence.text.marked, keeping: ["\u{1}", "\u{2}"]))
                let text = clean.rendered(before: TerminalStyle.highlightStart, after: TerminalStyle.highlightEnd)
                let who = sentence.speakerName.map { "\(sentence.speaker ?? "?") \($0)" } ?? sentence.speaker ?? "?"
                Output.line("    " + TerminalStyle.dim("\(clock(sentence.startTime)) \(terminalSafe(who)):") + " " + text)
            }
        }
        if let next = page.nextCursor {
            Output.line()
            Output.line(TerminalStyle.dim("more: add --cursor \(next)"))
        }
    }
}
