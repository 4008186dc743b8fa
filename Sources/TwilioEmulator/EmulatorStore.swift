import Synchronization
import TwilioCorpus

/// The emulated account's transcriptions and recordings: seeded from the corpus generator, changed by the
/// control API, read by the Twilio routes. One lock guards it all; pages are copied out under the lock and
/// rendered outside it.
public final class EmulatorStore: Sendable {
    public let accountSid: String
    /// The corpus the store was seeded from; `calls(…)` beyond its count provide fresh SIDs for added items.
    public let generator: CorpusGenerator
    /// The Conversational Intelligence v2 transcripts, made of this corpus's recordings.
    public let intelligence: IntelligenceStore
    private let seed: UInt64
    private let nullTextRate: Double
    private let state: Mutex<State>

    private struct State {
        var transcriptions: [String: GeneratedCall] = [:]
        var transcriptionOrder = OrderedPositions([])
        /// Keyed by recording SID: a recording outlives its transcription's deletion, as on Twilio.
        var recordings: [String: GeneratedCall] = [:]
        var recordingOrder = OrderedPositions([])
        /// The corpus index of the next added call.
        var nextIndex: Int
    }

    public init(configuration: EmulatorConfiguration) {
        accountSid = configuration.accountSid
        seed = configuration.seed
        nullTextRate = configuration.nullTextRate
        generator = CorpusGenerator(seed: configuration.seed, count: configuration.count,
                                    accountSid: configuration.accountSid,
                                    deletedRecordingRate: configuration.deletedRecordingRate)
        var initial = State(nextIndex: configuration.count)
        let calls = (0..<configuration.count).map(generator.call)
        for call in calls {
            initial.transcriptions[call.transcriptionSid] = call
            let absent = StableHash.unit(seed: configuration.seed, "absent", call.recordingSid)
                < configuration.absentRecordingRate
            if !absent { initial.recordings[call.recordingSid] = call }
        }
        initial.transcriptionOrder = OrderedPositions(initial.transcriptions.values.map(\.transcriptionPosition))
        initial.recordingOrder = OrderedPositions(initial.recordings.values.map(\.recordingPosition))
        state = Mutex(initial)
        precondition(configuration.intelligenceCount <= configuration.count,
                     "transcript i is of call i's recording: intelligenceCount must not exceed count")
        intelligence = IntelligenceStore(generator: IntelligenceGenerator(corpus: generator),
                                         calls: calls.prefix(configuration.intelligenceCount), seed: configuration.seed,
                                         stringTimesRate: configuration.stringTimesRate)
    }

    // MARK: Truth, for tests and the stats endpoint

    /// Every transcription, in list order (newest date_updated first).
    public func transcriptions() -> [GeneratedCall] {
        state.withLock { state in state.transcriptionOrder.positions.compactMap { state.transcriptions[$0.sid] } }
    }

    public func transcription(sid: String) -> GeneratedCall? {
        state.withLock { $0.transcriptions[sid] }
    }

    /// Every recording that exists (soft-deleted ones only when asked), in list order (newest first).
    public func recordings(includeSoftDeleted: Bool = false) -> [GeneratedCall] {
        state.withLock { state in
            state.recordingOrder.positions.compactMap { state.recordings[$0.sid] }
                .filter { includeSoftDeleted || $0.recordingStatus != "deleted" }
        }
    }

    /// The recording, whatever its status; nil when absent.
    public func recording(sid: String) -> GeneratedCall? {
        state.withLock { $0.recordings[sid] }
    }

    /// True when list pages render this transcription's text as null (the quirk), so only the instance and
    /// `.txt` representations carry it.
    public func listOmitsText(transcriptionSid sid: String) -> Bool {
        StableHash.unit(seed: seed, "null-text", sid) < nullTextRate
    }

    // MARK: Control

    /// Adds a call (transcription and its recording) newer than everything in the store, and returns it.
    /// `text` defaults to generated words for a completed transcription; in-progress ones have none and failed
    /// ones have Twilio's "(blank)".
    @discardableResult
    public func addTranscription(status: String = "completed", text: String? = nil) -> GeneratedCall {
        state.withLock { state in Self.add(&state, generator.call(state.nextIndex), status: status, text: text) }
    }

    /// Adds another transcription of an existing recording (Twilio lists a recording's transcriptions, so there
    /// may be several); the recording is unchanged. Nil when there is no such recording.
    @discardableResult
    public func addTranscription(status: String = "completed", text: String? = nil,
                                 recordingSid: String) -> GeneratedCall? {
        state.withLock { state in
            guard let recording = state.recordings[recordingSid] else { return nil }
            var call = generator.call(state.nextIndex)
            call.recordingSid = recording.recordingSid
            call.callSid = recording.callSid
            call.durationSeconds = recording.durationSeconds  // a transcription's duration is its recording's
            return Self.add(&state, call, status: status, text: text, withRecording: false)
        }
    }

    /// Files a generated call's transcription as the newest, and its recording when `withRecording`.
    private static func add(_ state: inout State, _ generated: GeneratedCall, status: String, text: String?,
                            withRecording: Bool = true) -> GeneratedCall {
        var call = generated
        state.nextIndex += 1
        call.status = status
        switch status {
        case "in-progress": call.text = nil
        case "failed": call.text = "(blank)"
        default: call.text = text ?? call.text
        }
        call.recordingStatus = "completed"
        // Calls past the corpus count are dated after it, but a completion may already have moved the top.
        let newest = state.transcriptionOrder.positions.first?.time ?? call.dateUpdated
        call.dateUpdated = max(call.dateUpdated, newest + 1)
        state.transcriptions[call.transcriptionSid] = call
        state.transcriptionOrder.insert(call.transcriptionPosition)
        if withRecording {
            state.recordings[call.recordingSid] = call
            state.recordingOrder.insert(call.recordingPosition)
        }
        return call
    }

    /// Completes a transcription with `text`, moving its date_updated to `dateUpdated` (default: one second
    /// after the newest in the store, so it lists first). Nil when there is no such transcription.
    @discardableResult
    public func completeTranscription(sid: String, text: String, dateUpdated: Int64? = nil) -> GeneratedCall? {
        state.withLock { state in
            guard var call = state.transcriptions[sid] else { return nil }
            state.transcriptionOrder.remove(call.transcriptionPosition)
            call.status = "completed"
            call.text = text
            call.dateUpdated = dateUpdated ?? ((state.transcriptionOrder.positions.first?.time ?? call.dateUpdated) + 1)
            state.transcriptions[sid] = call
            state.transcriptionOrder.insert(call.transcriptionPosition)
            return call
        }
    }

    /// Deletes a transcription (its recording stays). False when there was none, or when `recordingSid` is given
    /// and it is not that recording's.
    @discardableResult
    public func deleteTranscription(sid: String, ofRecording recordingSid: String? = nil) -> Bool {
        state.withLock { state in
            guard let call = state.transcriptions[sid], recordingSid == nil || call.recordingSid == recordingSid else {
                return false
            }
            state.transcriptions[sid] = nil
            state.transcriptionOrder.remove(call.transcriptionPosition)
            return true
        }
    }

    /// Soft-deletes a recording: status "deleted", listed and fetched only with IncludeSoftDeleted=true.
    @discardableResult
    public func softDeleteRecording(sid: String) -> Bool {
        state.withLock { state in
            guard state.recordings[sid] != nil else { return false }
            state.recordings[sid]?.recordingStatus = "deleted"
            return true
        }
    }

    /// Removes a recording entirely, so fetching it answers 404.
    @discardableResult
    public func removeRecording(sid: String) -> Bool {
        state.withLock { state in
            guard let call = state.recordings.removeValue(forKey: sid) else { return false }
            state.recordingOrder.remove(call.recordingPosition)
            return true
        }
    }

    /// A new call's recording, filed as the newest, without a v2010 transcription: what an Intelligence transcript
    /// added through the control API is made of.
    func addRecordingOfNewCall() -> (index: Int, call: GeneratedCall) {
        state.withLock { state in
            let index = state.nextIndex
            var call = generator.call(index)
            state.nextIndex += 1
            call.recordingStatus = "completed"
            state.recordings[call.recordingSid] = call
            state.recordingOrder.insert(call.recordingPosition)
            return (index, call)
        }
    }

    /// A corpus index no call or transcript uses yet (fresh SIDs for an added Intelligence transcript).
    func reserveIndex() -> Int {
        state.withLock { state in
            defer { state.nextIndex += 1 }
            return state.nextIndex
        }
    }

    // MARK: Pages, for the routes

    /// One page of transcriptions (of one recording when `recordingSid` is given) after/before a token position
    /// (from the top without one).
    func transcriptionPage(_ token: PageToken?, size: Int, ofRecording recordingSid: String? = nil) -> ListSlice {
        state.withLock { state in
            let slice = Self.slice(state.transcriptionOrder, token, size) { position in
                recordingSid == nil || state.transcriptions[position.sid]?.recordingSid == recordingSid
            }
            return ListSlice(calls: slice.items.compactMap { state.transcriptions[$0.sid] }, hasMore: slice.hasMore)
        }
    }

    func recordingPage(_ token: PageToken?, size: Int, filter: RecordingFilter) -> ListSlice {
        state.withLock { state in
            let slice = Self.slice(state.recordingOrder, token, size) { position in
                state.recordings[position.sid].map(filter.matches) ?? false
            }
            return ListSlice(calls: slice.items.compactMap { state.recordings[$0.sid] }, hasMore: slice.hasMore)
        }
    }

    private static func slice(_ order: OrderedPositions, _ token: PageToken?, _ size: Int,
                              matching: (ListPosition) -> Bool) -> (items: [ListPosition], hasMore: Bool) {
        switch token {
        case nil: return order.page(after: nil, limit: size, matching: matching)
        case .after(let position): return order.page(after: position, limit: size, matching: matching)
        case .before(let position): return order.page(before: position, limit: size, matching: matching)
        }
    }
}

/// A page's calls, and whether the list goes on in the direction the page was read.
struct ListSlice {
    let calls: [GeneratedCall]
    let hasMore: Bool
}
