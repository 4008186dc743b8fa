/// Who speaks on each media channel of a transcript: the participant whose `channel_participant` is the
/// sentence's `media_channel`, with the role Twilio labels it ("Agent", "Customer") and the name. When a
/// transcript has no participants, Twilio's own default applies: channel 1 is the Agent, channel 2 the
/// Customer. When it has some but none for a channel, that channel's speaker is unknown (not guessed: Twilio
/// Support can invert the labels account-wide).
struct SpeakerMap {
    struct Speaker: Equatable {
        var role: String?
        var name: String?
    }

    private let byChannel: [Int: Speaker]
    private let usesDefaults: Bool

    init(_ participants: [TranscriptJSON.Participant]) {
        var byChannel: [Int: Speaker] = [:]
        for participant in participants {
            guard let channel = participant.channelParticipant, byChannel[channel] == nil else { continue }
            byChannel[channel] = Speaker(role: participant.role, name: participant.fullName)
        }
        self.byChannel = byChannel
        usesDefaults = participants.isEmpty
    }

    func speaker(channel: Int?) -> Speaker {
        guard let channel else { return Speaker() }
        if usesDefaults {
            switch channel {
            case 1: return Speaker(role: "Agent")
            case 2: return Speaker(role: "Customer")
            default: return Speaker()
            }
        }
        return byChannel[channel] ?? Speaker()
    }
}
