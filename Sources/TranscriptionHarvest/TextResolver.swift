import TranscriptIndex
import TwilioClient
import TwilioHarvest

/// Fills in the text of transcriptions whose list entry had none: the `.txt` representation first (smallest),
/// then the `.json` resource. A transcription gone from both (deleted since the list was served) is dropped.
struct TextResolver {
    let client: TwilioClient
    let width: Int

    struct Outcome {
        var items: [Transcription]
        var vanished: [String]
        var fetched: Int
    }

    /// `needsText(item)` decides which items to fetch (new or changed ones, completed, without text).
    func complete(_ items: [Transcription], needsText: (Transcription) -> Bool) async throws -> Outcome {
        let wanted = items.filter(needsText).compactMap(\.sid)
        let client = self.client
        let fetched: [(String, Lookup<Transcription>)] = try await boundedMap(wanted, width: width) { sid in
            do {
                if case .found(let text) = try await client.transcriptionText(sid: sid) {
                    return (sid, .found(Transcription(sid: sid, text: text)))
                }
            } catch let error as TwilioError where error.isMalformedBody {
                // Every attempt at the .txt form answered something that is not plain text. That form is not in
                // Twilio's API specification; the .json resource, which is, carries the same text.
            }
            return (sid, try await client.transcription(sid: sid))
        }
        var texts: [String: Transcription] = [:]
        var vanished: [String] = []
        for (sid, lookup) in fetched {
            if let value = lookup.value { texts[sid] = value } else { vanished.append(sid) }
        }
        var completed: [Transcription] = []
        completed.reserveCapacity(items.count)
        for var item in items {
            guard let sid = item.sid else { continue }
            if vanished.contains(sid) { continue }
            if let found = texts[sid] {
                // The .json fallback returns the whole resource, possibly newer than the list entry.
                if found.dateUpdated != nil { item = found } else { item.text = found.text }
            }
            completed.append(item)
        }
        return Outcome(items: completed, vanished: vanished, fetched: fetched.count)
    }
}
