/// Keyset paging by `PageToken` for any list of positions (the v2010 lists keep their own copy in EmulatorStore;
/// Intelligence lists use these).
extension OrderedPositions {
    /// Up to `limit` matching positions after/before the token's position (from the top without a token), and
    /// whether more match in the direction read.
    func page(_ token: PageToken?, limit: Int,
              matching: (ListPosition) -> Bool) -> (items: [ListPosition], hasMore: Bool) {
        switch token {
        case nil: return page(after: nil, limit: limit, matching: matching)
        case .after(let position): return page(after: position, limit: limit, matching: matching)
        case .before(let position): return page(before: position, limit: limit, matching: matching)
        }
    }
}

/// The tokens of the pages around a page of `items`: forward after its last item, backward before its first.
/// The same rule as `neighbours(of:paging:position:)` for v2010 pages.
func pageNeighbours<Item>(_ items: [Item], hasMore: Bool, paging: PagingRequest,
                          position: (Item) -> ListPosition) -> (next: PageToken?, previous: PageToken?) {
    guard let first = items.first, let last = items.last else { return (nil, nil) }
    switch paging.token {
    case .before:
        return (.after(position(last)), hasMore ? .before(position(first)) : nil)
    case .after, nil:
        return (hasMore ? .after(position(last)) : nil, paging.page > 0 ? .before(position(first)) : nil)
    }
}

/// Pages a list that cannot change while it is read (a transcript's sentences or operator results, the
/// services): the token's position carries an item's index (and SID, to stay opaque and Twilio-like).
enum FixedListPaging {
    static func page<Item>(_ items: [Item], paging: PagingRequest, sid: (Item) -> String)
        -> (items: [Item], next: PageToken?, previous: PageToken?) {
        let range: Range<Int>
        switch paging.token {
        case nil:
            range = 0..<min(items.count, paging.pageSize)
        case .after(let position):
            let start = min(items.count, max(0, Int(clamping: position.time) + 1))
            range = start..<min(items.count, start + paging.pageSize)
        case .before(let position):
            let end = min(items.count, max(0, Int(clamping: position.time)))
            range = max(0, end - paging.pageSize)..<end
        }
        let page = Array(items[range])
        guard !page.isEmpty else { return ([], nil, nil) }
        func position(_ index: Int) -> ListPosition { ListPosition(time: Int64(index), sid: sid(items[index])) }
        let next = range.upperBound < items.count ? PageToken.after(position(range.upperBound - 1)) : nil
        let previous = range.lowerBound > 0 ? PageToken.before(position(range.lowerBound)) : nil
        return (page, next, previous)
    }
}
