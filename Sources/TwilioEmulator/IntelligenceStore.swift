import Synchronization
import TwilioCorpus

/// The emulated account's Conversational Intelligence transcripts, in list order (newest date_created first, as
/// keyset positions like the v2010 lists). Only the transcripts' own fields are held; their sentences and operator
/// results are regenerated from the corpus when asked for, which is cheap and keeps 100k transcripts small.
/// Adding a transcript of a new call goes through `EmulatorStore`, which also files the call's recording.
public final class IntelligenceStore: Sendable {
    public let generator: IntelligenceGenerator
    private let seed: UInt64
    private let stringTimesRate: Double
    private let state: Mutex<State>

    private struct State {
        var transcripts: [String: GeneratedTranscript] = [:]
        var order = OrderedPositions([])
    }

    /// - Parameter calls: the corpus's first calls; transcript i is of `calls[i]`'s recording.
    init(generator: IntelligenceGenerator, calls: ArraySlice<GeneratedCall>, seed: UInt64, stringTimesRate: Double) {
        self.generator = generator
        self.seed = seed
        self.stringTimesRate = stringTimesRate
        var initial = State()
        for (index, call) in zip(calls.indices, calls) {
            let transcript = generator.transcript(index, of: call)
            initial.transcripts[transcript.sid] = transcript
        }
        initial.order = OrderedPositions(initial.transcripts.values.map(\.listPosition))
        state = Mutex(initial)
    }

    public var services: [IntelligenceService] { generator.services }

    /// Every transcript, in list order.
    public func transcripts() -> [GeneratedTranscript] {
        state.withLock { state in state.order.positions.compactMap { state.transcripts[$0.sid] } }
    }

    public func transcript(sid: String) -> GeneratedTranscript? {
        state.withLock { $0.transcripts[sid] }
    }

    /// Its sentences and operator results (empty unless completed).
    public func content(of transcript: GeneratedTranscript) -> TranscriptContent {
        generator.content(of: transcript)
    }

    /// True when this transcript's sentences render times and confidence as strings (the type drift).
    public func rendersTimesAsStrings(transcriptSid sid: String) -> Bool {
        StableHash.unit(seed: seed, "string-times", sid) < stringTimesRate
    }

    // MARK: Changes (through EmulatorStore and the control API)

    /// Files `transcript` as the newest: its date_created moves past every other's when it is not already.
    func add(_ transcript: GeneratedTranscript) -> GeneratedTranscript {
        state.withLock { state in
            var added = transcript
            let newest = state.order.positions.first?.time ?? added.dateCreated
            let shift = max(0, newest + 1 - added.dateCreated)
            added.dateCreated += shift
            added.dateUpdated += shift
            state.transcripts[added.sid] = added
            state.order.insert(added.listPosition)
            return added
        }
    }

    /// Completes a transcript: status completed, `sentences` (nil: generated ones), `durationSeconds` when it had
    /// none yet, and date_updated `dateUpdated` (default: a second after the newest date_updated in the store, so an
    /// incremental reader keyed on it sees the change). Its list position (date_created) does not move.
    func complete(sid: String, sentences: [ScriptedSentence]?, durationSeconds: Int,
                  dateUpdated: Int64?) -> GeneratedTranscript? {
        state.withLock { state in
            guard var transcript = state.transcripts[sid] else { return nil }
            transcript.status = "completed"
            if sentences != nil { transcript.scriptedSentences = sentences }
            if transcript.durationSeconds == 0 { transcript.durationSeconds = durationSeconds }
            let newestUpdate = state.transcripts.values.map(\.dateUpdated).max() ?? transcript.dateUpdated
            transcript.dateUpdated = dateUpdated ?? max(newestUpdate + 1, transcript.dateCreated)
            state.transcripts[sid] = transcript
            return transcript
        }
    }

    /// Deletes a transcript for good (Twilio has no soft delete for them). False when there was none.
    func delete(sid: String) -> Bool {
        state.withLock { state in
            guard let transcript = state.transcripts.removeValue(forKey: sid) else { return false }
            state.order.remove(transcript.listPosition)
            return true
        }
    }

    // MARK: Pages, for the routes

    /// One page of the transcripts `filter` keeps, after/before a token's position (from the top without one).
    func page(_ token: PageToken?, size: Int, filter: TranscriptFilter) -> (items: [GeneratedTranscript], hasMore: Bool) {
        state.withLock { state in
            let slice = state.order.page(token, limit: size) { position in
                state.transcripts[position.sid].map(filter.matches) ?? false
            }
            return (slice.items.compactMap { state.transcripts[$0.sid] }, slice.hasMore)
        }
    }
}

extension GeneratedTranscript {
    /// Transcripts list newest date_created first (keyset paging: adds and deletes neither skip nor repeat).
    var listPosition: ListPosition { ListPosition(time: dateCreated, sid: sid) }
}
