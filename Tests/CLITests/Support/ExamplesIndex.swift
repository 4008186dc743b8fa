import Foundation
import Testing

/// The index the end-to-end tests search: every shared v2010 example, two hand-written transcriptions that make
/// each filter discriminate, and a `TR….txt` text for the examples' transcription.
///
/// After import (the newest date_updated of each SID wins):
///
/// | SID     | created (UTC)        | status      | account | recording → call   | text
/// | TRaaaa… | 2011-08-25T20:59:45Z | completed   | ACaaaa… | REaaaa… → CAaaaa…  | from TRaaaa….txt
/// | TRbbbb… | 2011-08-24T10:00:00Z | failed      | ACbbbb… | REbbbb… → CAbbbb…  | "(blank)"
/// | TRcccc… | 2011-08-26T00:00:00Z | in-progress | ACaaaa… | REaaab… → CAaaab…  | "José asked about …"
enum ExamplesIndex {
    static let a = placeholder("TR"), b = placeholder("TR", "b"), c = placeholder("TR", "c")
    static let txtText = "The caller wants a reimbursement from Chloé for order 4471."

    /// NDJSON: TRbbbb and its recording REbbbb (call CAbbbb), and TRcccc on the examples' second recording REaaab.
    static let extraNDJSON = [
        """
        {"account_sid": "\(placeholder("AC", "b"))", "api_version": "2010-04-01", "date_created": "Wed, 24 Aug 2011 12:00:00 +0200", "date_updated": "Wed, 24 Aug 2011 12:05:00 +0200", "duration": "3", "price": "-0.05000", "price_unit": "USD", "recording_sid": "\(placeholder("RE", "b"))", "sid": "\(b)", "status": "failed", "transcription_text": "(blank)", "type": "fast", "uri": "/2010-04-01/Accounts/\(placeholder("AC", "b"))/Transcriptions/\(b).json"}
        """,
        """
        {"account_sid": "\(placeholder("AC", "b"))", "api_version": "2010-04-01", "call_sid": "\(placeholder("CA", "b"))", "conference_sid": null, "channels": 1, "date_created": "Wed, 24 Aug 2011 09:59:00 +0000", "date_updated": "Wed, 24 Aug 2011 10:00:00 +0000", "start_time": "Wed, 24 Aug 2011 09:59:00 +0000", "price": "-0.00250", "price_unit": "USD", "duration": "3", "sid": "\(placeholder("RE", "b"))", "source": "DialVerb", "status": "completed", "error_code": null, "uri": null, "encryption_details": null, "media_url": null}
        """,
        """
        {"account_sid": "\(placeholder("AC"))", "api_version": "2010-04-01", "date_created": "Thu, 25 Aug 2011 19:00:00 -0500", "date_updated": "Thu, 25 Aug 2011 19:00:30 -0500", "duration": 7, "price": null, "price_unit": "USD", "recording_sid": "\(placeholder("RE", last: "b"))", "sid": "\(c)", "status": "in-progress", "transcription_text": "José asked about the refund for order 4471", "type": "fast", "uri": null}
        """,
    ].joined(separator: "\n") + "\n"

    /// Writes the fixtures into the sandbox and imports everything with `--db`; returns the import's result.
    @discardableResult
    static func build(in sandbox: CLISandbox, db: String = "index.sqlite", json: Bool = true,
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let extra = try sandbox.write("extra.ndjson", extraNDJSON)
        let txt = try sandbox.write("\(a).txt", txtText + "\n")
        let files = try sharedV2010ExamplePaths(sourceLocation: sourceLocation) + [extra, txt]
        let result = try sandbox.run(["import", "--db", sandbox.path(db)] + (json ? ["--json"] : []) + files,
                                     sourceLocation: sourceLocation)
        try #require(result.status == 0, "import failed: \(result)", sourceLocation: sourceLocation)
        return result
    }
}
