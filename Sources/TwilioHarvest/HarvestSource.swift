import TranscriptIndex

/// One Twilio product the harvest reads: v2010 Recording Transcriptions, Conversational Intelligence
/// Transcripts, …, each in its own module. A source knows its API and how its resources become documents; the
/// core (`Harvester`, `SourceRun`) owns the rest, the same for every source:
///
/// - the plan: initial, incremental or full, and resuming a walk a killed run left (`run.plan`);
/// - per-page atomic commits with the walk's checkpoint and the run's progress (`run.commitPage`);
/// - the run log, one `harvest_runs` row per source and run;
/// - deletion reconciliation after a complete full walk (`run.reconcileDeletions`);
/// - the lock, the time limits and stop requests; retries and backoff are the client's.
///
/// The shape is quickwit's source trait: the core initializes the run, the source emits batches (pages), and
/// the core finalizes it.
public protocol HarvestSource: Sendable {
    /// The documents it writes; also the name of its checkpoint and of its runs.
    var source: DocumentSource { get }

    /// Walks the source once, committing each page through `run.commitPage`. Returns true when the walk reached
    /// its end (or caught up with the last run), false when a stop request ended it first. Throws to fail the
    /// run; the pages committed so far stay, and the next run resumes after them.
    func harvest(_ run: SourceRun) async throws -> Bool
}
