import GRDB

extension TermLists {
    /// Folds pending changes into the lists of every facet. Returns false (and changes nothing) when there are too
    /// many, or no lists to maintain yet: the lists then stay stale, unused, until `refresh`.
    ///
    /// A changed document leaves the lists of the facets it had (its old text's terms, counted out of their
    /// document frequencies; its entries deleted) and joins those it has now (its current text's terms, with an
    /// entry wherever its impact beats the list's cutoff). A document changes when its row does
    /// (term_list_changes) or one of its speaker parts does (term_list_speaker_changes): its speaker facets are
    /// the roles whose parts have each term, before and after.
    @discardableResult
    static func absorbPendingChanges(_ db: Database) throws -> Bool {
        guard try isBuilt(db) else { return false }
        let changes = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, old_text, old_source, lower(old_language) FROM term_list_changes ORDER BY seq LIMIT ?
            """), arguments: [maximumAbsorbed + 1])
        let partChanges = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT key, document_id, existed, lower(old_speaker), old_text FROM term_list_speaker_changes
            ORDER BY seq LIMIT ?
            """), arguments: [maximumAbsorbedParts + 1])
        if changes.isEmpty && partChanges.isEmpty { return true }
        if changes.count > maximumAbsorbed || partChanges.count > maximumAbsorbedParts { return false }

        // What each changed row was when the lists were last current: its first change's old values.
        var before: [Int64: Version] = [:]
        for row in changes {
            let id: Int64 = row[0]
            if before[id] == nil { before[id] = Version(text: row[1], source: row[2], language: row[3]) }
        }
        var parts = SpeakerPartVersions(changes: partChanges)
        let ids = Array(Set(before.keys).union(parts.documents)).sorted()
        try parts.load(ids, db)
        let idArray = JSONText.integers(ids)
        var after: [Int64: Version] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT id, search_text, source, lower(language) FROM documents WHERE id IN (SELECT value FROM json_each(?))
            """, arguments: [idArray]) {
            after[row[0]] = Version(text: row[1], source: row[2], language: row[3])
        }
        // A document whose row did not change was, before, what it is now (but for its parts).
        for id in ids where before[id] == nil { before[id] = after[id] ?? Version(text: nil, source: nil, language: nil) }
        let tokenizer = try SearchTokenizer(db)
        for id in ids {
            before[id]!.roles = try parts.roleUnits(of: id, before: true, tokenizer)
            after[id]?.roles = try parts.roleUnits(of: id, before: false, tokenizer)
        }

        var lists: [ListKey: ListState] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT term, facet, df, avgdl, cutoff, entries FROM term_lists") {
            lists[ListKey(term: Token(row[0] as String), facet: row[1])] =
                ListState(df: row[2], avgdl: row[3], cutoff: row[4], entries: row[5])
        }
        if lists.isEmpty {
            // No term is frequent enough yet: nothing to maintain (a rebuild adds lists as the index grows).
            try db.execute(sql: "DELETE FROM term_list_changes; DELETE FROM term_list_speaker_changes")
            return true
        }
        var touched = Set<ListKey>()
        // Entries of changed rows go; the rows' current versions are re-scored below.
        for row in try Row.fetchAll(db, sql: """
            SELECT term, facet FROM term_list_entries WHERE id IN (SELECT value FROM json_each(?))
            """, arguments: [idArray]) {
            let key = ListKey(term: Token(row[0] as String), facet: row[1])
            lists[key]?.entries -= 1
            touched.insert(key)
        }
        try db.execute(sql: "DELETE FROM term_list_entries WHERE id IN (SELECT value FROM json_each(?))",
                       arguments: [idArray])

        let capacity = try storedSettings(db).entriesPerTerm
        let insert = try db.cachedStatement(sql: """
            INSERT INTO term_list_entries(term, facet, impact, id, tf, dl) VALUES (?, ?, ?, ?, ?, ?)
            """)
        let worstEntry = try db.cachedStatement(sql: """
            SELECT impact, id FROM term_list_entries WHERE term = ? AND facet = ? ORDER BY impact ASC, id DESC LIMIT 1
            """)
        let delete = try db.cachedStatement(sql: "DELETE FROM term_list_entries WHERE term = ? AND facet = ? AND impact = ? AND id = ?")
        for id in ids {
            let old = before[id]!, new = after[id] ?? Version(text: nil, source: nil, language: nil)
            let oldCounts = TokenCounts(try tokenizer.document(old.text ?? ""))
            for term in oldCounts.counts.keys {
                for facet in old.facets(of: term) {
                    let key = ListKey(term: term, facet: facet)
                    guard lists[key] != nil else { continue }
                    lists[key]!.df -= 1
                    touched.insert(key)
                }
            }
            let newCounts = TokenCounts(try tokenizer.document(new.text ?? ""))
            for (term, frequency) in newCounts.counts {
                for facet in new.facets(of: term) {
                    let key = ListKey(term: term, facet: facet)
                    guard var list = lists[key] else { continue }
                    list.df += 1
                    touched.insert(key)
                    let impact = BM25.impact(tf: frequency, dl: newCounts.length, avgdl: list.avgdl)
                    // Outside the list means "impact ≤ cutoff": keep that true, or take the row in.
                    if impact > list.cutoff {
                        try insert.execute(arguments: [term, facet, impact, id, frequency, newCounts.length])
                        list.entries += 1
                        if list.entries > capacity,
                           let worst = try Row.fetchOne(worstEntry, arguments: [term, facet]) {
                            try delete.execute(arguments: [term, facet, worst[0] as Double, worst[1] as Int64])
                            list.cutoff = max(list.cutoff, worst[0])
                            list.entries -= 1
                        }
                    }
                    lists[key] = list
                }
            }
        }
        let update = try db.cachedStatement(sql: "UPDATE term_lists SET df = ?, cutoff = ?, entries = ? WHERE term = ? AND facet = ?")
        for key in touched {
            guard let list = lists[key] else { continue }
            try update.execute(arguments: [list.df, list.cutoff, list.entries, key.term, key.facet])
        }
        try db.execute(sql: "DELETE FROM term_list_changes; DELETE FROM term_list_speaker_changes")
        return true
    }

    /// A document as the lists saw it: its indexed text and the facets it belongs to.
    private struct Version {
        var text: String?
        var source: String?
        /// Lower-cased by SQLite, as the facet keys are.
        var language: String?
        /// The terms and prefixes of each speaker role's parts, by the role's facet.
        var roles: [ListFacet: Set<Token>] = [:]

        init(text: String?, source: String?, language: String?) {
            self.text = text; self.source = source; self.language = language
        }

        /// The keys of the facets whose lists of `unit` hold this version: every document's, its source's, its
        /// language's, and those of the roles whose parts have it.
        func facets(of unit: Token) -> [String] {
            guard text != nil else { return [] }
            var keys = [ListFacet.all.key]
            if let source { keys.append(ListFacet.source(source).key) }
            if let language { keys.append(ListFacet.language(language).key) }
            for (role, units) in roles where units.contains(unit) { keys.append(role.key) }
            return keys
        }
    }

    /// A list: its term and facet key, both compared by bytes (as SQLite compares them).
    private struct ListKey: Hashable {
        var term: Token
        var facet: String

        static func == (a: ListKey, b: ListKey) -> Bool { a.term == b.term && a.facet.utf8.elementsEqual(b.facet.utf8) }
        func hash(into hasher: inout Hasher) {
            hasher.combine(term)
            hasher.combine(Array(facet.utf8))
        }
    }

    private struct ListState {
        var df: Int
        var avgdl: Double
        var cutoff: Double
        var entries: Int
    }
}
