/// Builds the term and prefix lists from FTS5's term instances, fed in (term, document) order by
/// `TermLists.rebuild`: a (term, document) run is one tf; the terms of a 3-character prefix are adjacent.
/// Each frequent term or prefix gets the list of every document and, where enough of a facet's documents have
/// it, the list of that source or language (Schema/0006_facet_lists.sql) and of each speaker role whose parts
/// have it (0007_speaker_lists.sql: the term's parts are fed first, by `add(speakerPart:)`).
struct VocabularyScan {
    let settings: TermLists.Settings
    let lengths: DocumentLengths
    let parts: SpeakerParts
    let averageLength: Double

    /// Prefixes whose terms' document counts add up to the minimum (an upper bound on the prefix's own count).
    private let prefixReach: [Token: Int]
    /// Terms per prefix. A qualifying prefix with more than `settings.wholePrefixTerms` is read whole, by one range query
    /// over FTS5's instances (`takeWholePrefix`), rather than term by term: a vocabulary of codes and numbers
    /// has hundreds of thousands of rare terms under a few prefixes ("555…"), and a query per term cost most of
    /// the rebuild (one prefix of 277,000 terms: 49 ms as one range, about 14 s term by term).
    private let prefixTerms: [Token: Int]
    /// Whether the current prefix is read whole, and the one `takeWholePrefix` has yet to hand out.
    private var prefixWhole = false
    private var wholePrefixPending: Token?
    private var prefixLengthHint = 0
    private var prefixPartHint = 0
    private var lastPrefixDocument: Int64 = -1
    private var lastPrefixPart: Int64 = -1
    private var finished: [(Token, ListFacet, FinishedList)] = []

    private var term: Token?
    private var termList: ListBuilder?
    /// The current term's facet lists, by facet code (empty while the term has no list).
    private var facetLists: [ListBuilder] = []
    private var lengthHint = 0
    private var document: Int64 = -1
    private var frequency = 0

    private var prefix: Token?
    /// Whether the current prefix can qualify; its frequencies are summed per document position (a dense
    /// array reused for every prefix, reset through `touched`: a dictionary cost most of the rebuild).
    private var prefixActive = false
    private var prefixFrequencies: [Int32]
    private var touched: [Int32] = []

    /// Per document position, the role bits of the parts that have the current term (`termRoles`) or a term of
    /// the current prefix (`prefixRoles`), each reset through its own list of positions set.
    private var termRoles: [UInt8]
    private var termRolesSet: [Int32] = []
    private var prefixRoles: [UInt8]
    private var prefixRolesSet: [Int32] = []
    private var partHint = 0

    /// `prefixes`: every prefix unit's reach and number of terms (`PrefixCounts`).
    init(settings: TermLists.Settings, prefixes: PrefixCounts, lengths: DocumentLengths,
         parts: SpeakerParts = SpeakerParts(), averageLength: Double) {
        self.settings = settings
        self.lengths = lengths
        self.parts = parts
        self.averageLength = averageLength
        termRoles = Array(repeating: 0, count: parts.isEmpty ? 0 : lengths.ids.count)
        prefixRoles = termRoles
        prefixReach = prefixes.reach
        prefixTerms = prefixes.terms
        prefixFrequencies = Array(repeating: 0, count: lengths.ids.count)
    }

    /// `documentFrequency`: the documents with the term (0 for a term only speaker parts have).
    mutating func startTerm(_ next: Token, documentFrequency: Int) throws {
        try finishTerm()
        term = next
        lengthHint = 0
        partHint = 0
        termList = documentFrequency >= settings.minimumDocumentFrequency
            ? ListBuilder(capacity: settings.entriesPerTerm) : nil
        if termList != nil { facetLists = newFacetLists() }
        let unit = ListUnit.prefixUnit(of: next)
        if unit != prefix {
            try finishPrefix()
            prefix = unit
            prefixActive = unit.map { (prefixReach[$0] ?? 0) >= settings.minimumDocumentFrequency } ?? false
            prefixWhole = prefixActive && (unit.flatMap { prefixTerms[$0] } ?? 0) > settings.wholePrefixTerms
            wholePrefixPending = prefixWhole ? unit : nil
        }
    }

    /// The prefix that has just started and is read whole: its instances go to `add(prefixInstance:)` (and its
    /// speaker parts' to `add(prefixSpeakerPart:)`) now, before the term's own; nil otherwise.
    mutating func takeWholePrefix() -> Token? {
        defer { wholePrefixPending = nil }
        return wholePrefixPending
    }

    /// Whether the current term's instances matter: it has a list, or its prefix may get one (and is read term
    /// by term).
    var needsInstances: Bool { termList != nil || (prefixActive && !prefixWhole) }
    /// Whether its instances in speaker parts matter too.
    var needsSpeakerInstances: Bool { needsInstances && !parts.isEmpty }

    /// A speaker part with the current term (repeated once per instance, in key order), before its documents.
    mutating func add(speakerPart key: Int64) {
        guard let index = parts.index(of: key, hint: &partHint) else { return }
        let position = Int(parts.positions[index]), bit = parts.roleBits[index]
        if termList != nil, termRoles[position] & bit == 0 {
            if termRoles[position] == 0 { termRolesSet.append(Int32(position)) }
            termRoles[position] |= bit
        }
        if prefixActive { addPrefixRole(position: position, bit: bit) }
    }

    /// A document with one instance of a term of the current (whole) prefix: instances come by term, each
    /// term's in document order.
    mutating func add(prefixInstance next: Int64) throws {
        if next < lastPrefixDocument { prefixLengthHint = 0 }  // the next term's documents start again
        lastPrefixDocument = next
        guard let position = lengths.position(of: next, hint: &prefixLengthHint) else { throw Self.missingLength(next) }
        addToPrefix(position: position, frequency: 1)
    }

    /// A speaker part with a term of the current (whole) prefix, by term, each term's in key order.
    mutating func add(prefixSpeakerPart key: Int64) {
        if key < lastPrefixPart { prefixPartHint = 0 }
        lastPrefixPart = key
        guard let index = parts.index(of: key, hint: &prefixPartHint) else { return }
        addPrefixRole(position: Int(parts.positions[index]), bit: parts.roleBits[index])
    }

    /// The current prefix's frequency in the document at `position`, and its role bits there.
    private mutating func addToPrefix(position: Int, frequency: Int) {
        if prefixFrequencies[position] == 0 { touched.append(Int32(position)) }
        prefixFrequencies[position] += Int32(frequency)
    }

    private mutating func addPrefixRole(position: Int, bit: UInt8) {
        if prefixRoles[position] & bit == 0 {
            if prefixRoles[position] == 0 { prefixRolesSet.append(Int32(position)) }
            prefixRoles[position] |= bit
        }
    }

    mutating func add(document next: Int64) throws {
        if next == document { frequency += 1; return }
        try flushDocument()
        document = next
        frequency = 1
    }

    /// The lists finished since the last call, to be written now: held until the end, every facet's lists of a
    /// million documents would take about a gigabyte.
    mutating func takeFinished() -> [(Token, ListFacet, FinishedList)] {
        defer { finished.removeAll(keepingCapacity: true) }
        return finished
    }

    mutating func finish() throws -> [(Token, ListFacet, FinishedList)] {
        try finishTerm()
        try finishPrefix()
        return takeFinished()
    }

    private mutating func flushDocument() throws {
        guard document >= 0, termList != nil || (prefixActive && !prefixWhole) else { document = -1; return }
        guard let position = lengths.position(of: document, hint: &lengthHint) else { throw Self.missingLength(document) }
        if termList != nil {
            let length = Int(lengths.lengths[position])
            let entry = ListEntry(impact: BM25.impact(tf: frequency, dl: length, avgdl: averageLength),
                                  id: document, tf: frequency, dl: length)
            termList!.add(entry)
            Self.addToFacets(entry, position: position, roles: parts.isEmpty ? 0 : termRoles[position], lengths.facets,
                             &facetLists)
        }
        if prefixActive && !prefixWhole { addToPrefix(position: position, frequency: frequency) }
        document = -1
    }

    private mutating func finishTerm() throws {
        try flushDocument()
        if let term, var list = termList {
            finished.append((term, .all, list.finished()))
            let lists = facetLists
            facetLists = []
            appendFacetLists(of: term, lists)
        }
        termList = nil
        facetLists = []
        for position in termRolesSet { termRoles[Int(position)] = 0 }
        termRolesSet.removeAll(keepingCapacity: true)
    }

    private mutating func finishPrefix() throws {
        defer {
            for position in touched { prefixFrequencies[Int(position)] = 0 }
            touched.removeAll(keepingCapacity: true)
            for position in prefixRolesSet { prefixRoles[Int(position)] = 0 }
            prefixRolesSet.removeAll(keepingCapacity: true)
            prefixActive = false
            prefixWhole = false
            prefixLengthHint = 0
            prefixPartHint = 0
            lastPrefixDocument = -1
            lastPrefixPart = -1
        }
        guard let prefix, prefixActive, touched.count >= settings.minimumDocumentFrequency else { return }
        var list = ListBuilder(capacity: settings.entriesPerTerm)
        var facetLists = newFacetLists()
        for position in touched.map(Int.init) {
            let frequency = Int(prefixFrequencies[position]), length = Int(lengths.lengths[position])
            let entry = ListEntry(impact: BM25.impact(tf: frequency, dl: length, avgdl: averageLength),
                                  id: lengths.ids[position], tf: frequency, dl: length)
            list.add(entry)
            Self.addToFacets(entry, position: position, roles: parts.isEmpty ? 0 : prefixRoles[position],
                             lengths.facets, &facetLists)
        }
        finished.append((prefix, .all, list.finished()))
        appendFacetLists(of: prefix, facetLists)
    }

    // MARK: Facets

    private func newFacetLists() -> [ListBuilder] {
        Array(repeating: ListBuilder(capacity: settings.entriesPerTerm), count: lengths.facets.facets.count)
    }

    /// `roles`: the bits of the speaker roles whose parts of this document have the term.
    private static func addToFacets(_ entry: ListEntry, position: Int, roles: UInt8, _ facets: DocumentFacets,
                                    _ lists: inout [ListBuilder]) {
        let source = facets.sourceCodes[position], language = facets.languageCodes[position]
        if source != DocumentFacets.none { lists[Int(source)].add(entry) }
        if language != DocumentFacets.none { lists[Int(language)].add(entry) }
        var roles = roles
        while roles != 0 {
            let bit = roles.trailingZeroBitCount
            lists[Int(facets.roleCodes[bit])].add(entry)
            roles &= roles - 1
        }
    }

    /// The facet lists of a term that enough of the facet's documents have (as for the list of every document).
    private mutating func appendFacetLists(of unit: Token, _ lists: [ListBuilder]) {
        var lists = lists
        for code in lists.indices where lists[code].count >= settings.minimumDocumentFrequency {
            finished.append((unit, lengths.facets.facets[code], lists[code].finished()))
        }
    }

    private static func missingLength(_ id: Int64) -> IndexError {
        IndexError(.database, "the full-text index has no length for row \(id); rebuild it")
    }
}

/// Per prefix unit, the sum of its terms' document counts (an upper bound on the prefix's own) and how many
/// terms it has: all the scan needs to know of the vocabulary ahead, read in one pass and small (a unit per
/// distinct three-character start), where the vocabulary itself may have millions of terms.
struct PrefixCounts {
    var reach: [Token: Int] = [:]
    var terms: [Token: Int] = [:]

    mutating func add(term: Token, documentFrequency: Int) {
        guard let unit = ListUnit.prefixUnit(of: term) else { return }
        reach[unit, default: 0] += documentFrequency
        terms[unit, default: 0] += 1
    }
}
