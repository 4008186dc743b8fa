import IntelligenceHarvest
import TranscriptIndex
import TranscriptionHarvest
import TwilioHarvest

/// The harvest source of each document source: where a new source module is plugged into the CLI.
enum HarvestSources {
    static func make(_ source: DocumentSource) -> any HarvestSource {
        switch source {
        case .transcription: TranscriptionSource()
        case .intelligence: IntelligenceSource()
        }
    }

    /// The named sources (every one when none is named), in the order they run.
    static func selected(_ names: [String]) throws -> [any HarvestSource] {
        let chosen = try DocumentSource.parse(names)
        return (chosen.isEmpty ? DocumentSource.allCases : chosen).map(make)
    }
}
