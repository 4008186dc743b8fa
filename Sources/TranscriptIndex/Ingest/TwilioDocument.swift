import Foundation

/// One JSON document in any of the shapes Twilio's v2010 API returns for transcriptions and recordings:
/// a list page (`{"transcriptions": [...]}` / `{"recordings": [...]}`), a single resource (told apart by its
/// SID prefix), or a bare array of resources. Elements decode independently: one bad record does not hide the
/// others, and carries its own error.
struct TwilioDocument {
    enum Item {
        case transcription(Transcription)
        case recording(Recording)
        /// An Intelligence transcript with its sentences and results (see IntelligenceBundle).
        case intelligence(IntelligenceDocument)
    }

    /// Each element in document order: its index within its list (0 for a single resource) and the outcome.
    /// `list` is the key of the list the element came from ("transcriptions", "recordings"), or "" for a
    /// single resource or a bare array: with `index`, it locates the element's line.
    var items: [(list: String, index: Int, result: Result<Item, Error>)] = []

    static func decode(_ data: Data) throws -> TwilioDocument {
        let decoder = JSONDecoder()
        let shape: Shape
        do {
            shape = try decoder.decode(Shape.self, from: data)
        } catch {
            throw IndexError(.invalidInput, "not JSON: \(ImportProblem.explain(error))")
        }
        var document = TwilioDocument()
        switch shape {
        case .page(let transcriptions, let recordings):
            for (index, element) in transcriptions.enumerated() {
                document.items.append(("transcriptions", index, element.result.map(Item.transcription)))
            }
            for (index, element) in recordings.enumerated() {
                document.items.append(("recordings", index, element.result.map(Item.recording)))
            }
        case .single(let item):
            document.items.append(("", 0, item))
        case .array(let items):
            document.items = items.enumerated().map { ("", $0.offset, $0.element) }
        }
        return document
    }

    private enum Shape: Decodable {
        case page([Lossy<Transcription>], [Lossy<Recording>])
        case single(Result<Item, Error>)
        case array([Result<Item, Error>])

        enum Keys: String, CodingKey { case transcriptions, recordings, sid }

        init(from decoder: Decoder) throws {
            if var list = try? decoder.unkeyedContainer() {
                var items: [Result<Item, Error>] = []
                while !list.isAtEnd { items.append(try list.decode(AnyResource.self).result) }
                self = .array(items)
                return
            }
            let object = try decoder.container(keyedBy: Keys.self)
            if object.contains(.transcriptions) || object.contains(.recordings) {
                self = .page(
                    try object.decodeIfPresent([Lossy<Transcription>].self, forKey: .transcriptions) ?? [],
                    try object.decodeIfPresent([Lossy<Recording>].self, forKey: .recordings) ?? [])
                return
            }
            self = .single(try AnyResource(from: decoder).result)
        }
    }

    /// A single resource, transcription or recording by its SID prefix.
    private struct AnyResource: Decodable {
        var result: Result<Item, Error>

        enum Keys: String, CodingKey { case sid }

        init(from decoder: Decoder) throws {
            let sid = try? decoder.container(keyedBy: Keys.self).decodeIfPresent(String.self, forKey: .sid)
            switch sid?.prefix(2) {
            case "TR": result = Result { .transcription(try Transcription(from: decoder)) }
            case "RE": result = Result { .recording(try Recording(from: decoder)) }
            case "GT": result = Result { .intelligence(try IntelligenceBundle(from: decoder).document) }
            default:
                result = .failure(IndexError(.invalidInput,
                    "not a Twilio transcription, recording or Intelligence transcript (no \"sid\" starting with TR, RE or GT)"))
            }
        }
    }
}

/// Decodes an element without letting its failure fail the whole array.
struct Lossy<Value: Decodable>: Decodable {
    var result: Result<Value, Error>
    init(from decoder: Decoder) throws { result = Result { try Value(from: decoder) } }
}
