/// The results of the two pre-built operators every service runs: a Summarization (1–3 sentences built from the
/// transcript's most frequent content words, naming the customer when they gave their name, as generative
/// summaries do) and a Sentiment Analysis label with probabilities in hundredths that add up to 1.
struct OperatorResultGenerator {
    let generator: IntelligenceGenerator
    let transcript: GeneratedTranscript

    private static let labels: [(label: String, weight: Double)] =
        [("positive", 0.4), ("neutral", 0.3), ("negative", 0.2), ("mixed", 0.1)]
    private static let common: Set<String> = ["thank", "about", "would", "could", "there", "please", "today", "right",
                                              "calling", "check", "sure", "minute", "moment", "appreciate"]
    private static let verbs = ["checked", "reviewed", "explained", "confirmed", "updated"]
    private static let outcomes = ["offered a follow-up call", "escalated the case to a supervisor",
                                   "scheduled a callback", "sent a confirmation email"]

    func results(for sentences: [GeneratedSentence], customerName: String?,
                 _ rng: inout SplitMix64) -> [GeneratedOperatorResult] {
        [
            GeneratedOperatorResult(operatorSid: generator.summarizationOperatorSid, name: "Summarization",
                                    kind: .summary(summary(sentences, customerName: customerName, &rng)),
                                    probabilityAsString: false),
            sentiment(&rng),
        ]
    }

    private func summary(_ sentences: [GeneratedSentence], customerName: String?, _ rng: inout SplitMix64) -> String {
        let topics = Self.topics(sentences)
        guard topics.count >= 2 else { return "The customer called about their account." }
        var parts = ["The customer called about the \(topics[0]) and the \(topics[1])."]
        let length = rng.int(in: 1...3)
        if length >= 2 {
            let verb = Self.verbs[rng.int(in: 0...(Self.verbs.count - 1))]
            let outcome = Self.outcomes[rng.int(in: 0...(Self.outcomes.count - 1))]
            parts.append("The agent \(verb) the \(topics.count > 2 ? topics[2] : topics[0]) and \(outcome).")
        }
        if length == 3 {
            let who = customerName.map { $0.split(separator: " ").first.map(String.init) ?? $0 } ?? "The customer"
            parts.append("\(who) agreed to the \(topics.count > 3 ? topics[3] : topics[1]).")
        }
        return parts.joined(separator: " ")
    }

    /// Content words (letters only, 5+ characters, not filler) by frequency, ties by first use.
    static func topics(_ sentences: [GeneratedSentence]) -> [String] {
        var counts: [String: (count: Int, first: Int)] = [:]
        var position = 0
        for sentence in sentences {
            for word in sentence.text.lowercased().split(separator: " ") {
                position += 1
                let word = String(word)
                guard word.count >= 5, word.allSatisfy(\.isLetter), !common.contains(word),
                      !Vocabulary.names.contains(where: { $0.lowercased() == word }) else { continue }
                counts[word, default: (0, position)].count += 1
            }
        }
        return counts.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count
            : $0.value.first < $1.value.first }.prefix(4).map(\.key)
    }

    private func sentiment(_ rng: inout SplitMix64) -> GeneratedOperatorResult {
        var roll = rng.unit(), label = Self.labels[0].label
        for candidate in Self.labels {
            if roll < candidate.weight { label = candidate.label; break }
            roll -= candidate.weight
        }
        let percent = rng.int(in: 51...97)
        // The rest is shared by the other labels, each below the predicted one.
        var remaining = 100 - percent
        var shares: [(label: String, percent: Int)] = []
        let others = Self.labels.map(\.label).filter { $0 != label }
        for (position, other) in others.enumerated() {
            let share = position == others.count - 1 ? remaining : rng.int(in: 0...remaining)
            shares.append((other, share))
            remaining -= share
        }
        let all = ([(label, percent)] + shares).sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        return GeneratedOperatorResult(operatorSid: generator.sentimentOperatorSid, name: "Sentiment Analysis",
                                       kind: .sentiment(label: label, percent: percent, labelPercents: all),
                                       probabilityAsString: rng.unit() < 0.5)
    }
}
