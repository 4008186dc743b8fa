import TranscriptIndex

/// What one source's run does, decided by the core from the source's checkpoint before the source starts.
public struct HarvestPlan: Sendable, Equatable {
    public enum Mode: String, Sendable {
        /// The first walk of a source into the index (or its resumption): everything, no reconciliation.
        case initial
        /// From the top until caught up with the last complete run.
        case incremental
        /// Everything, then remove what the walk did not see once Twilio confirms it is gone.
        case full
    }

    public var mode: Mode
    /// Where the last complete run got to (a source-defined time, epoch seconds): incremental runs stop there.
    public var watermark: Int64?
    /// A walk a killed run left: the next page to fetch, exactly as Twilio gave it.
    public var resumePage: String?
    /// The watermark the interrupted walk had reached.
    public var walkWatermark: Int64?

    /// Initial and full runs walk the whole list and commit the next page with each page.
    public var isWalk: Bool { mode != .incremental }
}

/// Keys of a source's checkpoint (harvest_checkpoints, keyed by source), written by the core.
enum CheckpointKey {
    /// The watermark of the last complete run.
    static let watermark = "watermark"
    /// The account the source was harvested from; another account starts over rather than mixing.
    static let account = "account_sid"
    /// A walk in progress: the next page to fetch (resumed after a crash) …
    static let walkNextPage = "walk.next_page_uri"
    /// … the watermark it had reached …
    static let walkWatermark = "walk.watermark"
    /// … and whether it reconciles deletions at the end ("full") or only fills the index ("initial").
    static let walkMode = "walk.mode"
}

extension HarvestPlan {
    /// Reads the checkpoint of `source` and decides the run, in the transaction that records its start.
    static func begin(_ source: DocumentSource, requested: HarvestOptions.Mode, accountSid: String,
                      in batch: IndexWriteBatch) throws -> HarvestPlan {
        // Any source's account: one index holds one account, whichever source harvested it first.
        if let stored = try batch.checkpointValues(CheckpointKey.account).first(where: { $0 != accountSid }) {
            throw IndexError(.invalidInput, "this index holds account \(stored); harvest \(accountSid) into "
                + "another --db file")
        }
        try batch.setCheckpoint(source, CheckpointKey.account, accountSid)
        let watermark = try batch.checkpoint(source, CheckpointKey.watermark).flatMap { Int64($0) }
        var plan = HarvestPlan(mode: requested == .full ? .full : .incremental, watermark: watermark)
        if let resume = try batch.checkpoint(source, CheckpointKey.walkNextPage) {
            // A walk was interrupted: finish it (a full run upgrades an interrupted initial walk).
            plan.resumePage = resume
            let interrupted = try batch.checkpoint(source, CheckpointKey.walkMode).flatMap(Mode.init) ?? .initial
            plan.mode = requested == .full ? .full : interrupted
            plan.walkWatermark = try batch.checkpoint(source, CheckpointKey.walkWatermark).flatMap { Int64($0) }
        } else if requested == .full || watermark == nil {
            plan.mode = requested == .full ? .full : .initial
            try batch.clearSeen(source)
        }
        if plan.isWalk { try batch.setCheckpoint(source, CheckpointKey.walkMode, plan.mode.rawValue) }
        return plan
    }

    /// After a complete walk: the new watermark, and no walk left to resume.
    static func finish(_ source: DocumentSource, newWatermark: Int64?, in batch: IndexWriteBatch) throws {
        if let newWatermark { try batch.setCheckpoint(source, CheckpointKey.watermark, String(newWatermark)) }
        try batch.setCheckpoint(source, CheckpointKey.walkNextPage, nil)
        try batch.setCheckpoint(source, CheckpointKey.walkWatermark, nil)
        try batch.setCheckpoint(source, CheckpointKey.walkMode, nil)
    }
}
