/// Where an item sits in a Twilio list: newest first, ties broken by SID so that every item has exactly one
/// place. Page tokens carry a position rather than an offset (keyset paging), so adding or deleting items
/// while a client pages neither skips nor repeats the items that did not change.
struct ListPosition: Hashable, Sendable {
    /// The sort time: date_updated for transcriptions, date_created for recordings (UTC epoch seconds).
    let time: Int64
    let sid: String

    /// True when `self` is listed before `other`.
    func precedes(_ other: ListPosition) -> Bool {
        time != other.time ? time > other.time : sid > other.sid
    }
}

/// The positions of one list, kept in list order. Mutations are rare (control API) and reads are many, so a
/// sorted array with binary search beats anything cleverer.
struct OrderedPositions: Sendable {
    private(set) var positions: [ListPosition] = []

    init(_ unsorted: [ListPosition]) {
        positions = unsorted.sorted { $0.precedes($1) }
    }

    mutating func insert(_ position: ListPosition) {
        positions.insert(position, at: firstIndex { !$0.precedes(position) })
    }

    mutating func remove(_ position: ListPosition) {
        let index = firstIndex { !$0.precedes(position) }
        if index < positions.count, positions[index] == position { positions.remove(at: index) }
    }

    /// Index of the first position listed after `position` (which need not be in the list any more).
    func firstIndex(after position: ListPosition) -> Int {
        firstIndex { position.precedes($0) }
    }

    /// Index of the first position not listed before `position`.
    func firstIndex(notBefore position: ListPosition) -> Int {
        firstIndex { !$0.precedes(position) }
    }

    /// Binary search for the first index where `predicate` holds; it must be false…false true…true over the list.
    private func firstIndex(where predicate: (ListPosition) -> Bool) -> Int {
        var low = 0, high = positions.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(positions[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Up to `limit` matching positions listed after `cursor` (from the top when nil), and whether more match.
    func page(after cursor: ListPosition?, limit: Int, matching: (ListPosition) -> Bool) -> (items: [ListPosition], hasMore: Bool) {
        var items: [ListPosition] = []
        var index = cursor.map(firstIndex(after:)) ?? 0
        while index < positions.count {
            if matching(positions[index]) {
                if items.count == limit { return (items, true) }
                items.append(positions[index])
            }
            index += 1
        }
        return (items, false)
    }

    /// Up to `limit` matching positions listed just before `cursor`, in list order, and whether more match before.
    func page(before cursor: ListPosition, limit: Int, matching: (ListPosition) -> Bool) -> (items: [ListPosition], hasMore: Bool) {
        var items: [ListPosition] = []
        var index = firstIndex(notBefore: cursor) - 1
        while index >= 0 {
            if matching(positions[index]) {
                if items.count == limit { return (items.reversed(), true) }
                items.append(positions[index])
            }
            index -= 1
        }
        return (items.reversed(), false)
    }
}
