import Testing
import TwilioCorpus
@testable import TranscriptIndex

@Suite("Twilio timestamps")
struct TwilioDateTests {
    @Test(arguments: [
        // RFC 2822 as Twilio sends it, with any offset, normalised to UTC.
        ("Mon, 14 Feb 2022 22:23:00 +0100", "2022-02-14T21:23:00Z"),
        ("Thu, 25 Aug 2011 20:59:45 +0000", "2011-08-25T20:59:45Z"),
        ("Sun, 31 Dec 2023 22:00:00 -0500", "2024-01-01T03:00:00Z"),
        ("Tue, 05 Mar 2024 05:00:00 +0530", "2024-03-04T23:30:00Z"),
        ("Thu, 29 Feb 2024 23:59:59 -0800", "2024-03-01T07:59:59Z"),
        ("14 Feb 2022 22:23:00 GMT", "2022-02-14T22:23:00Z"),
        ("Mon, 14 Feb 2022 22:23:00 UTC", "2022-02-14T22:23:00Z"),
        ("Mon, 14 feb 2022 22:23 +0000", "2022-02-14T22:23:00Z"),
        ("  Mon, 14 Feb 2022 22:23:00 +0100  ", "2022-02-14T21:23:00Z"),
        // ISO 8601.
        ("2024-03-05T14:02:11Z", "2024-03-05T14:02:11Z"),
        ("2024-03-05T15:02:11+01:00", "2024-03-05T14:02:11Z"),
        ("2024-03-05T09:02:11-0500", "2024-03-05T14:02:11Z"),
        ("2024-03-05T14:02:11.987Z", "2024-03-05T14:02:11Z"),
        ("2024-03-05 14:02:11", "2024-03-05T14:02:11Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
    ])
    func parsesToUTC(input: String, expected: String) {
        let seconds = TwilioDate.parse(input)
        #expect(seconds.map(TwilioDate.iso8601) == expected)
        #expect(seconds == utc(expected))
    }

    @Test(arguments: [
        "", "yesterday", "Mon, 14 Foo 2022 22:23:00 +0100", "Mon, 14 Feb 2022 24:00:00 +0000",
        "Mon, 14 Feb 2022 22:61:00 +0000", "Mon, 14 Feb 2022 22:23:00 +2500", "Mon, 14 Feb 2022 22:23:00 EST1",
        "Mon, 32 Feb 2022 22:23:00 +0000", "Mon, 14 Feb 2022", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
        "2024-03-05", "2024-03-05T14:02", "2024-03-05T14:02:11+1", "2024-03-05T14:02:11 nonsense",
    ])
    func rejectsWhatIsNotADate(input: String) {
        #expect(TwilioDate.parse(input) == nil, "parsed \(input) as \(TwilioDate.parse(input).map(TwilioDate.iso8601) ?? "")")
    }

    /// RFC 2822 with a day the month does not have is not a date, as ISO 8601's "2023-02-29" is not.
    @Test(arguments: ["Wed, 29 Feb 2023 10:00:00 +0000", "Thu, 31 Apr 2024 10:00:00 +0000"])
    func rejectsDaysTheMonthDoesNotHave(input: String) {
        #expect(TwilioDate.parse(input) == nil,
                "\(input) was accepted as \(TwilioDate.parse(input).map(TwilioDate.iso8601) ?? "")")
    }

    /// The byte-level fast path agrees with the general parser wherever it answers, and answers for the layout
    /// Twilio sends: canonical strings, and the same strings with one byte changed (digits, letters, signs and
    /// punctuation where a date's fields are).
    @Test func fastPathAgreesWithTheGeneralParser() {
        let generator = CorpusGenerator(seed: 11, count: 3_000)
        let replacements = Array("09+-: ,aZ".utf8)
        var answered = 0
        for index in 0..<3_000 {
            let call = generator.call(index)
            let canonical = call.rfc2822(call.dateCreated)
            #expect(TwilioDate.parseTwilioLayout(canonical) == call.dateCreated, "\(canonical)")
            var bytes = Array(canonical.utf8)
            let position = index % bytes.count
            bytes[position] = replacements[index % replacements.count]
            let mutated = String(decoding: bytes, as: UTF8.self)
            if let fast = TwilioDate.parseTwilioLayout(mutated) {
                answered += 1
                #expect(fast == TwilioDate.parseRFC2822(mutated), "\(mutated)")
            }
        }
        #expect(answered > 0)
    }

    @Test func formatsISO8601() {
        #expect(TwilioDate.iso8601(0) == "1970-01-01T00:00:00Z")
        #expect(TwilioDate.iso8601(-1) == "1969-12-31T23:59:59Z")
        #expect(TwilioDate.iso8601(1_709_647_331) == "2024-03-05T14:02:11Z")
        #expect(TwilioDate.iso8601(951_782_400) == "2000-02-29T00:00:00Z")
    }

    /// The corpus writes RFC 2822 in eight offsets; every one parses back to the instant it was made from.
    @Test func roundTripsTheCorpusRendering() {
        let generator = CorpusGenerator(seed: 7, count: 2_000)
        for index in 0..<2_000 {
            let call = generator.call(index)
            let text = call.rfc2822(call.dateCreated)
            #expect(TwilioDate.parse(text) == call.dateCreated, "\(text) ≠ \(TwilioDate.iso8601(call.dateCreated))")
            #expect(TwilioDate.parse(TwilioDate.iso8601(call.dateUpdated)) == call.dateUpdated)
        }
    }
}
