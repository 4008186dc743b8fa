import Foundation
import Testing
import TranscriptIndex
import TwilioEmulator

/// A text with a NUL character, from the list page (JSON `\u0000`) or from the `.txt` representation (the raw
/// byte), is stored whole by a harvest, its NUL as a space — it used to be cut at the NUL. A harvest does not
/// report it: the text is Twilio's, there is nothing for the user to fix, and the stored text is complete.
@Suite("Harvest: texts with NUL characters")
struct HarvestNULTests {
    @Test(arguments: [0.0, 1.0])
    func aHarvestedTextWithNULIsStoredWhole(nullTextRate: Double) async throws {
        try await withHarvestBed(emulatorConfiguration(count: 3, nullTextRate: nullTextRate)) { (bed) async throws in
            let added = bed.store.addTranscription(text: "before\u{0}after nulharvest")
            #expect(bed.store.listOmitsText(transcriptionSid: added.transcriptionSid) == (nullTextRate == 1.0))
            let report = await bed.harvest(pageSize: 50)
            #expect(report.outcome == .succeeded, "\(report.error ?? "")")
            #expect(try bed.detail(added.transcriptionSid).transcription.text == "before after nulharvest")
            #expect(try bed.search("nulharvest").hits.map(\.sid) == [added.transcriptionSid])
            // The next run sees the same version: nothing to change.
            let again = await bed.harvest(pageSize: 50)
            #expect(again.counts.updated == 0, "\(again)")
        }
    }
}
