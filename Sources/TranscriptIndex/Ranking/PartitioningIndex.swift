extension Array {
    /// The first index whose element satisfies `predicate`, for an array partitioned by it (binary search).
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

extension Array where Element == Int64 {
    /// Where `value` is in this ascending array, searching forward from `hint` with galloping steps (for values
    /// that arrive in ascending order: each search starts where the last one ended); `hint` moves to it.
    func gallopingIndex(of value: Int64, hint: inout Int) -> Int? {
        var step = 1, low = hint, high = hint
        while high < count, self[high] < value {
            low = high + 1
            high += step
            step *= 2
        }
        high = Swift.min(high, count - 1)
        while low <= high {
            let middle = (low + high) / 2
            if self[middle] == value { hint = middle; return middle }
            if self[middle] < value { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}
