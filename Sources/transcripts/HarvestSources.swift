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

    /// The named sources (every one when none is named), in the order they run. Conversational Intelligence is
    /// served from US1 only: with a Twilio region other than us1 (and no explicit API base, which replaces every
    /// host) it is left out of the defaults — those credentials are the region's — and runs only when named.
    static func selected(_ names: [String], region: String?, explicitBase: Bool) throws -> [any HarvestSource] {
        let chosen = try DocumentSource.parse(names)
        guard chosen.isEmpty else { return chosen.map(make) }
        let outsideUS1 = !explicitBase && region.map { !$0.isEmpty && $0.lowercased() != "us1" } == true
        return DocumentSource.allCases.filter { !(outsideUS1 && $0 == .intelligence) }.map(make)
    }
}
