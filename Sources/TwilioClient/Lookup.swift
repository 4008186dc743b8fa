/// The result of fetching one resource: 404 is an ordinary answer (deleted upstream, absent recording), not a
/// failure of the run, so it is a value rather than a thrown error.
public enum Lookup<Value: Sendable>: Sendable {
    case found(Value)
    case notFound

    public var value: Value? {
        if case .found(let value) = self { return value }
        return nil
    }
}

extension Lookup: Equatable where Value: Equatable {}
