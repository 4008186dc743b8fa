/// Renders Intelligence v2 resources as Twilio does: snake_case keys in Twilio's order, ISO 8601 UTC dates
/// ("2024-03-05T10:11:12Z"), absolute URLs. `base` is scheme and host ("https://intelligence.twilio.com"); the
/// emulator passes the request's own, so links lead back to it.
extension GeneratedTranscript {
    public var path: String { "/v2/Transcripts/\(sid)" }

    public func json(base: String) -> String {
        let url = base + path
        let links = [("sentences", "/Sentences"), ("encrypted_sentences", "/Sentences/Encrypted"), ("media", "/Media"),
                     ("operator_results", "/OperatorResults"), ("encrypted_operator_results", "/OperatorResults/Encrypted")]
            .map { "\(jsonQuote($0.0)):\(jsonQuote(url + $0.1))" }.joined(separator: ",")
        return "{\"account_sid\":\(jsonQuote(accountSid)),\"service_sid\":\(jsonQuote(serviceSid)),"
            + "\"sid\":\(jsonQuote(sid)),\"date_created\":\(jsonQuote(ISO8601.format(dateCreated))),"
            + "\"date_updated\":\(jsonQuote(ISO8601.format(dateUpdated))),\"status\":\(jsonQuote(status)),"
            + "\"channel\":\(channelJSON),\"data_logging\":\(dataLogging),\"language_code\":\(jsonQuote(languageCode)),"
            + "\"media_start_time\":\(jsonOptional(mediaStartTime.map(ISO8601.format))),\"duration\":\(durationSeconds),"
            + "\"customer_key\":\(jsonOptional(customerKey)),\"url\":\(jsonQuote(url)),\"redaction\":\(redaction),"
            + "\"encryption_credential_sid\":\(jsonOptional(encryptionCredentialSid)),\"links\":{\(links)}}"
    }

    private var channelJSON: String {
        let media = "{\"media_url\":null,\"source\":\"Recording\",\"source_sid\":\(jsonQuote(sourceSid))}"
        let people = participants.map { ",\"participants\":[" + $0.map(\.json).joined(separator: ",") + "]" } ?? ""
        return "{\"media_properties\":\(media)\(people),\"type\":\"voice\"}"
    }
}

extension TranscriptParticipant {
    var json: String {
        "{\"user_id\":\(jsonOptional(userId)),\"channel_participant\":\(channelParticipant),"
            + "\"media_participant_id\":\(jsonOptional(mediaParticipantId)),\"email\":\(jsonOptional(email)),"
            + "\"full_name\":\(jsonOptional(fullName)),\"image_url\":\(jsonOptional(imageUrl)),\"role\":\(jsonOptional(role))}"
    }
}

extension GeneratedSentence {
    /// - Parameters:
    ///   - redacted: render the redacted text (the same as the raw text when the transcript has no redaction).
    ///   - timesAsStrings: Twilio's type drift: `start_time`, `end_time`, `confidence` as "12.48" instead of 12.48.
    ///   - wordTimestamps: add `words` (each word of the rendered text, the sentence's time split evenly).
    public func json(redacted: Bool, timesAsStrings: Bool, wordTimestamps: Bool) -> String {
        let number = { (hundredths: Int) in timesAsStrings ? jsonQuote(Hundredths.format(hundredths)) : Hundredths.format(hundredths) }
        let text = redacted ? redactedText : text
        var out = "{\"media_channel\":\(mediaChannel),\"sentence_index\":\(sentenceIndex),"
            + "\"start_time\":\(number(startCentiseconds)),\"end_time\":\(number(endCentiseconds)),"
            + "\"transcript\":\(jsonQuote(text)),\"sid\":\(jsonQuote(sid)),\"confidence\":\(number(confidencePercent))"
        if wordTimestamps {
            let words = text.split(separator: " ")
            let span = endCentiseconds - startCentiseconds
            out += ",\"words\":[" + words.enumerated().map { position, word in
                let start = startCentiseconds + span * position / words.count
                let end = startCentiseconds + span * (position + 1) / words.count
                return "{\"word\":\(jsonQuote(String(word))),\"start_time\":\(number(start)),\"end_time\":\(number(end))}"
            }.joined(separator: ",") + "]"
        }
        return out + "}"
    }
}

extension GeneratedOperatorResult {
    /// - Parameter redacted: mask a generative result wholly ("[Redacted: Summarization]"), as Twilio does by
    ///   default for a transcript with redaction.
    public func json(transcriptSid: String, base: String, redacted: Bool) -> String {
        var label = "null", probability = "null", probabilities = "{}", generated = "{}"
        switch kind {
        case .summary(let text):
            generated = "{\"result\":\(jsonQuote(redacted ? "[Redacted: \(name)]" : text)),\"format\":\"text\"}"
        case .sentiment(let predicted, let percent, let all):
            let render = { (value: Int) in probabilityAsString ? jsonQuote(Hundredths.format(value)) : Hundredths.format(value) }
            label = jsonQuote(predicted)
            probability = render(percent)
            probabilities = "{" + all.map { "\(jsonQuote($0.label)):\(render($0.percent))" }.joined(separator: ",") + "}"
        }
        return "{\"operator_type\":\(jsonQuote(operatorType)),\"name\":\(jsonQuote(name)),"
            + "\"operator_sid\":\(jsonQuote(operatorSid)),\"extract_match\":null,\"match_probability\":null,"
            + "\"normalized_result\":null,\"utterance_results\":[],\"utterance_match\":null,"
            + "\"predicted_label\":\(label),\"predicted_probability\":\(probability),"
            + "\"label_probabilities\":\(probabilities),\"extract_results\":{},"
            + "\"text_generation_results\":\(generated),\"json_results\":{},"
            + "\"transcript_sid\":\(jsonQuote(transcriptSid)),"
            + "\"url\":\(jsonQuote(base + "/v2/Transcripts/\(transcriptSid)/OperatorResults/\(operatorSid)"))}"
    }
}

extension IntelligenceService {
    public func json(accountSid: String, base: String) -> String {
        "{\"sid\":\(jsonQuote(sid)),\"unique_name\":\(jsonQuote(uniqueName)),\"friendly_name\":\(jsonQuote(friendlyName)),"
            + "\"date_created\":\(jsonQuote(ISO8601.format(dateCreated))),\"date_updated\":\(jsonQuote(ISO8601.format(dateUpdated))),"
            + "\"account_sid\":\(jsonQuote(accountSid)),\"auto_redaction\":\(autoRedaction),\"media_redaction\":false,"
            + "\"auto_transcribe\":true,\"data_logging\":false,\"language_code\":\(jsonQuote(languageCode)),"
            + "\"webhook_url\":\(jsonOptional(webhookUrl)),\"webhook_http_method\":\(webhookUrl == nil ? "null" : "\"POST\""),"
            + "\"read_only_attached_operator_sids\":[\(operatorSids.map(jsonQuote).joined(separator: ","))],"
            + "\"encryption_credential_sid\":null,\"version\":1,\"url\":\(jsonQuote(base + "/v2/Services/\(sid)"))}"
    }
}

func jsonOptional(_ string: String?) -> String { string.map(jsonQuote) ?? "null" }

/// "12.48" for 1248 hundredths: exact, unlike formatting a Double.
enum Hundredths {
    static func format(_ value: Int) -> String {
        let fraction = abs(value) % 100
        return (value < 0 ? "-" : "") + "\(abs(value) / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}

/// ISO 8601 UTC, second precision: "2024-03-05T10:11:12Z".
public enum ISO8601 {
    public static func format(_ utc: Int64) -> String {
        let days = utc >= 0 ? utc / 86_400 : (utc - 86_399) / 86_400
        let second = utc - days * 86_400
        let (year, month, day) = RFC2822.civil(days)
        func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(pad(month))-\(pad(day))T\(pad(second / 3600)):\(pad(second % 3600 / 60)):\(pad(second % 60))Z"
    }
}

extension GeneratedTranscript {
    /// The transcript with its content in one object — its JSON plus `"sentences"` and `"operator_results"`,
    /// unredacted — the bundle `transcripts import` reads and the emulator's control API returns as its truth.
    public func bundleJSON(content: TranscriptContent, base: String, timesAsStrings: Bool) -> String {
        let sentences = content.sentences.map { $0.json(redacted: false, timesAsStrings: timesAsStrings, wordTimestamps: false) }
        let results = content.operatorResults.map { $0.json(transcriptSid: sid, base: base, redacted: false) }
        return json(base: base).dropLast() + ",\"sentences\":[\(sentences.joined(separator: ","))],"
            + "\"operator_results\":[\(results.joined(separator: ","))]}"
    }
}
