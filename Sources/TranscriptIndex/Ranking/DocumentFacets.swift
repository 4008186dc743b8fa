/// The facets (ListFacet) of every indexed document, by position in `DocumentLengths.ids`, for the list builder:
/// each document's entry goes to the lists of all documents, of its source and of its language; and, per term, to
/// those of the speaker roles whose parts have the term (`SpeakerParts`, by role bit).
struct DocumentFacets {
    /// The facets in use, by code.
    private(set) var facets: [ListFacet] = []
    /// Per document position: its source's facet code and its language's (`DocumentFacets.none` without one).
    private(set) var sourceCodes: [UInt16] = []
    private(set) var languageCodes: [UInt16] = []
    private var codes: [ListFacet: UInt16] = [:]
    /// The facet code of each speaker role, by role bit (at most `maximumRoles`).
    private(set) var roleCodes: [UInt16] = []

    static let none = UInt16.max
    /// Roles with lists of their own: Twilio labels two ("Agent", "Customer"); a role beyond these has none, and
    /// the speaker filter set answers for it.
    static let maximumRoles = 8

    /// Whether source facets are built: not when the index holds one source only, whose lists would repeat the
    /// lists of every document (ListFacet.covering answers `.all` for that source).
    let withSources: Bool

    init(withSources: Bool) { self.withSources = withSources }

    /// The next document's facets (`language` already lower-cased by SQLite).
    mutating func append(source: String?, language: String?) {
        sourceCodes.append(withSources ? code(source.map(ListFacet.source)) : Self.none)
        languageCodes.append(code(language.map(ListFacet.language)))
    }

    /// The bit of a speaker role (already lower-cased by SQLite), nil for one beyond `maximumRoles`.
    mutating func roleBit(_ role: String) -> UInt8? {
        if let known = codes[.speaker(role)], let bit = roleCodes.firstIndex(of: known) { return UInt8(1) << UInt8(bit) }
        guard roleCodes.count < Self.maximumRoles else { return nil }
        let code = code(.speaker(role))
        guard code != Self.none else { return nil }
        roleCodes.append(code)
        return UInt8(1) << UInt8(roleCodes.count - 1)
    }

    private mutating func code(_ facet: ListFacet?) -> UInt16 {
        guard let facet else { return Self.none }
        if let known = codes[facet] { return known }
        // More distinct languages than codes would be a strange index: those documents get no language lists.
        guard facets.count < Int(Self.none) else { return Self.none }
        let new = UInt16(facets.count)
        facets.append(facet)
        codes[facet] = new
        return new
    }
}
