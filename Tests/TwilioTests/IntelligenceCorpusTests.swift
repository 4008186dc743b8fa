import Foundation
import Testing
import TwilioCorpus

/// The Intelligence corpus itself, without a server: deterministic, linked to the v2010 corpus, shaped as the brief
/// of a real account (statuses, participants, redaction, encryption, sentences).
@Suite("Intelligence corpus")
struct IntelligenceCorpusTests {
    static let corpus = CorpusGenerator(seed: 11, count: 3000)
    static let generator = IntelligenceGenerator(corpus: corpus)
    static let transcripts = (0..<3000).map(generator.transcript)

    @Test("the same seed and index give the same transcript and content; transcript i is of call i's recording")
    func deterministicAndLinked() {
        let again = IntelligenceGenerator(corpus: CorpusGenerator(seed: 11, count: 3000))
        for index in [0, 1, 17, 2999] {
            let transcript = Self.transcripts[index]
            #expect(again.transcript(index) == transcript)
            #expect(again.content(of: transcript) == Self.generator.content(of: transcript))
            #expect(transcript.sourceSid == Self.corpus.call(index).recordingSid)
            #expect(transcript.sid.hasPrefix("GT") && transcript.sid.count == 34)
            #expect(transcript.dateCreated > Self.corpus.call(index).dateCreated, "transcribed after the recording ends")
        }
        let other = IntelligenceGenerator(corpus: CorpusGenerator(seed: 12, count: 3000))
        #expect(other.transcript(5).sid != Self.transcripts[5].sid)
        #expect(Set(Self.transcripts.map(\.sid)).count == Self.transcripts.count)
    }

    @Test("statuses, languages, redaction, encryption and participants come in realistic proportions")
    func proportions() {
        func share(_ keep: (GeneratedTranscript) -> Bool) -> Double {
            Double(Self.transcripts.filter(keep).count) / Double(Self.transcripts.count)
        }
        #expect((0.82...0.90).contains(share(\.isCompleted)))
        for status in ["queued", "in-progress", "failed", "canceled", "error"] {
            #expect(share { $0.status == status } > 0.005, "some \(status)")
        }
        #expect(share { $0.status == "new" } < 0.02)
        #expect((0.08...0.16).contains(share { $0.languageCode == "es-US" }))
        #expect(!Self.transcripts.contains { $0.languageCode == "es-US" && $0.redaction }, "PII redaction is en-US only")
        #expect((0.01...0.05).contains(share(\.isEncrypted)))
        let two = share { $0.participants?.count == 2 }
        #expect((0.65...0.75).contains(two))
        #expect(share { $0.participants == nil } > 0.1 && share { $0.participants == [] } > 0.1)
        let inverted = Self.transcripts.filter { $0.participants?.first?.role == "Customer" }
        #expect(inverted.allSatisfy { $0.participants?.first?.channelParticipant == 1 })
        #expect((0.1...0.3).contains(Double(inverted.count) / (two * Double(Self.transcripts.count))))
        #expect(share { $0.customerKey == nil } > 0.5)
        #expect(Set(Self.transcripts.map(\.serviceSid)) == Set(Self.generator.services.map(\.sid)))
    }

    @Test("completed transcripts have 20–60 sentences in turns, increasing times within the duration, and two results")
    func sentences() {
        var tagged = 0, redacted = 0
        for transcript in Self.transcripts.prefix(400) {
            let content = Self.generator.content(of: transcript)
            guard transcript.isCompleted else {
                #expect(content == .empty)
                continue
            }
            let sentences = content.sentences
            #expect((20...60).contains(sentences.count))
            #expect(sentences.map(\.sentenceIndex) == Array(0..<sentences.count))
            #expect(Set(sentences.map(\.mediaChannel)) == [1, 2])
            for (sentence, next) in zip(sentences, sentences.dropFirst()) {
                #expect(sentence.startCentiseconds < sentence.endCentiseconds)
                #expect(sentence.endCentiseconds <= next.startCentiseconds)
            }
            #expect((sentences.last?.endCentiseconds ?? 0) <= transcript.durationSeconds * 100)
            #expect(sentences.allSatisfy { $0.sid.hasPrefix("GX") && $0.sid.count == 34 })
            if sentences.contains(where: { $0.text.split(separator: " ").contains { ["[hes]", "[noise]", "[laugh]"].contains($0) } }) {
                tagged += 1
            }
            if sentences.contains(where: { $0.text != $0.redactedText }) { redacted += 1 }
            #expect(sentences.allSatisfy { transcript.redaction || $0.text == $0.redactedText })
            #expect(content.operatorResults.map(\.name) == ["Summarization", "Sentiment Analysis"])
        }
        #expect(tagged > 50, "non-speech tags appear")
        #expect(redacted > 100, "redacted transcripts mask names and numbers")
    }

    @Test("the summary uses the transcript's words; sentiment probabilities add up to 1")
    func operatorResults() throws {
        let transcript = try #require(Self.transcripts.first { $0.isCompleted })
        let content = Self.generator.content(of: transcript)
        guard case .summary(let summary) = content.operatorResults[0].kind else {
            Issue.record("the first result is not a summary")
            return
        }
        let spoken = Set(content.sentences.flatMap { $0.text.lowercased().split(separator: " ").map(String.init) })
        let topics = summary.lowercased().split(separator: " ").map { String($0.filter(\.isLetter)) }.filter { $0.count >= 5 }
        #expect(topics.contains { spoken.contains($0) })
        let sentiments = Self.transcripts.prefix(300).compactMap { Self.generator.content(of: $0).operatorResults.last }
        for result in sentiments {
            guard case .sentiment(let label, let percent, let all) = result.kind else { continue }
            #expect(["positive", "negative", "neutral", "mixed"].contains(label))
            #expect(all.map(\.percent).reduce(0, +) == 100)
            #expect(all.first?.label == label && all.first?.percent == percent)
        }
        #expect(sentiments.contains { $0.probabilityAsString } && sentiments.contains { !$0.probabilityAsString })
    }

    @Test("the redactor masks the corpus's names and phone numbers, not order numbers")
    func redactor() {
        #expect(Redactor.redact("hi my name is José Müller, my number is 415-555-0142.")
            == "hi my name is [PERSON] [PERSON], my number is [PHONE_NUMBER].")
        #expect(Redactor.redact("order 12345 arrived") == "order 12345 arrived")
    }
}
