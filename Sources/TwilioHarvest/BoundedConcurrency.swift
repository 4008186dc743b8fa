/// Runs `body` over `items` with at most `width` in flight, returning results in input order. The per-item
/// requests of a page (texts, recordings) go through this: parallel enough to hide latency, bounded so a
/// page of 1000 does not become 1000 simultaneous requests (and a wave of 429s).
public func boundedMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], width: Int, _ body: @escaping @Sendable (Item) async throws -> Result
) async throws -> [Result] {
    guard !items.isEmpty else { return [] }
    return try await withThrowingTaskGroup(of: (Int, Result).self) { group in
        var results = [Result?](repeating: nil, count: items.count)
        var next = 0
        for _ in 0..<min(max(1, width), items.count) {
            let index = next
            group.addTask { (index, try await body(items[index])) }
            next += 1
        }
        while let (index, result) = try await group.next() {
            results[index] = result
            if next < items.count {
                let index = next
                group.addTask { (index, try await body(items[index])) }
                next += 1
            }
        }
        return results.map { $0! }
    }
}
