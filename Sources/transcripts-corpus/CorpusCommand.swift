import ArgumentParser
import Foundation
import TwilioCorpus

/// Writes a deterministic corpus of Twilio resources as NDJSON on stdout: for each call, its Recording then its
/// v2010 Transcription — or, for a share of the calls (`--intelligence-share`), its Conversational Intelligence
/// transcript with its 20–60 sentences and operator results in one object — one JSON object a line, in the shape
/// `transcripts import` reads. Same --seed, --count and share → the same bytes.
@main
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcripts-corpus",
        abstract: "Write a deterministic Twilio-shaped corpus (recordings + transcriptions) as NDJSON.")

    @Option(help: "Number of calls.")
    var count: Int = 1_000

    @Option(help: "Seed: the same seed and count give the same bytes.")
    var seed: UInt64 = 1

    @Option(help: "Fraction (0–1) of transcriptions written with \"transcription_text\": null, as list pages do.")
    var nullTextRate: Double = 0

    @Flag(help: "Write transcriptions only, no recordings.")
    var transcriptionsOnly = false

    @Option(help: "Fraction (0–1) of calls written as an Intelligence transcript (with sentences) instead of a v2010 transcription.")
    var intelligenceShare: Double = 0

    @Option(help: ArgumentHelp("Word statistics: call-centre (250 words, steep Zipf, calls of 1–120 s) or wide (20,250 words, flatter, calls of 1–300 s, many unique codes).", valueName: "profile"))
    var profile: CorpusProfile = .callCentre

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be 0 or more") }
        guard (0...1).contains(nullTextRate) else { throw ValidationError("--null-text-rate must be within 0…1") }
        guard (0...1).contains(intelligenceShare) else { throw ValidationError("--intelligence-share must be within 0…1") }
    }

    func run() throws {
        let generator = CorpusGenerator(seed: seed, count: count, profile: profile)
        let intelligence = IntelligenceGenerator(corpus: generator)
        var buffer = Data()
        buffer.reserveCapacity(1 << 20)
        let out = FileHandle.standardOutput
        for index in 0..<count {
            let call = generator.call(index)
            if !transcriptionsOnly {
                buffer.append(contentsOf: call.recordingJSON().utf8)
                buffer.append(UInt8(ascii: "\n"))
            }
            // Which rows lose their text, and which calls are Intelligence transcripts, is seeded too.
            var rng = SplitMix64(seed: seed ^ 0xA5A5_A5A5 ^ UInt64(index))
            let includeText = rng.unit() >= nullTextRate
            if intelligenceShare > 0, rng.unit() < intelligenceShare {
                var transcript = intelligence.transcript(index)
                // Encrypted transcripts have no content to write; here every one is readable.
                transcript.encryptionCredentialSid = nil
                buffer.append(contentsOf: transcript.bundleJSON(content: intelligence.content(of: transcript),
                                                                base: "https://intelligence.twilio.com",
                                                                timesAsStrings: rng.unit() < 0.3).utf8)
            } else {
                buffer.append(contentsOf: call.transcriptionJSON(includeText: includeText).utf8)
            }
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 1 << 20 {
                out.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        out.write(buffer)
    }
}

extension CorpusProfile: ExpressibleByArgument {}
