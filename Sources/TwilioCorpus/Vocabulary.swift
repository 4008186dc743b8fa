/// Words of call-centre English in rough frequency order: the corpus draws them with a Zipf-like law, so the
/// first few appear in most transcriptions (like "the" or "order") and the tail is rare, as in real speech.
enum Vocabulary {
    static let words: [String] = """
    the to and i you a is that it of for my on your this can we have be with in order account \
    thank just so yes call about what please help okay need number was calling do are like get \
    card payment refund will me at there if no one not but know let check see could would time \
    today right sure service back delivery email address name phone day week package billing \
    charge charged credit transfer hold minute moment update issue problem question support agent \
    manager cancel cancelled subscription plan upgrade downgrade price invoice receipt return \
    shipping tracking store online website password login reset verify confirm security code \
    appointment schedule reschedule tomorrow monday tuesday wednesday thursday friday morning \
    afternoon evening refunded late damaged broken missing wrong replacement exchange warranty \
    discount coupon promotion balance overdue fee late-fee statement bank transaction declined \
    approved pending processing shipped arrived driver courier warehouse inventory available \
    unavailable backorder estimate quote contract renewal expire expired renew loyalty points \
    reward survey feedback complaint supervisor escalate ticket case reference follow-up voicemail \
    callback clinic doctor prescription pharmacy insurance claim coverage deductible copay referral \
    technician installation router internet outage signal slow speed modem reboot firmware \
    appreciate wonderful frustrated unfortunately absolutely certainly apologize inconvenience
    """.split(separator: " ").map(String.init)

    /// Rare tokens that make single transcriptions findable, with accents to exercise diacritic folding.
    static let names = ["José", "Zoë", "Müller", "François", "Łukasz", "Ana", "Chloé", "Renée", "Søren", "Björn",
                        "Ahmed", "Priya", "Nguyễn", "Siobhán", "Dvořák", "Inés", "Noémie", "Jürgen"]

    static let sources = ["DialVerb", "RecordVerb", "OutboundAPI", "Conference", "StartCallRecordingAPI",
                          "StartConferenceRecordingAPI", "Trunking"]

    static let offsets = ["+0000", "+0000", "+0000", "+0100", "-0500", "+0530", "-0800", "+0200"]
}
