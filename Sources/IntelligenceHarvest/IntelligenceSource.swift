import TranscriptIndex
import TwilioHarvest

public struct IntelligenceSource: HarvestSource {
    public var source: DocumentSource { .intelligence }
    public init() {}
    public func harvest(_ run: SourceRun) async throws -> Bool { true }
}
