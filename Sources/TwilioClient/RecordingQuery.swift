import Foundation

/// The filters of the Recordings list. Dates are whole GMT days (Twilio's granularity for this filter).
public struct RecordingQuery: Sendable, Equatable {
    /// Only recordings created on this day (`DateCreated`).
    public var createdOn: TwilioDay?
    /// On or before this day (`DateCreated<=`).
    public var createdOnOrBefore: TwilioDay?
    /// On or after this day (`DateCreated>=`).
    public var createdOnOrAfter: TwilioDay?
    public var callSid: String?
    /// Include soft-deleted recordings (status "deleted"), whose metadata Twilio keeps for 40 days.
    public var includeSoftDeleted: Bool

    public init(createdOn: TwilioDay? = nil, createdOnOrBefore: TwilioDay? = nil, createdOnOrAfter: TwilioDay? = nil,
                callSid: String? = nil, includeSoftDeleted: Bool = false) {
        self.createdOn = createdOn
        self.createdOnOrBefore = createdOnOrBefore
        self.createdOnOrAfter = createdOnOrAfter
        self.callSid = callSid
        self.includeSoftDeleted = includeSoftDeleted
    }

    /// Query items in Twilio's spelling: the inequality keys end in `<` / `>` (the `=` is the separator).
    var queryItems: [(name: String, value: String)] {
        var items: [(String, String)] = []
        if let callSid { items.append(("CallSid", callSid)) }
        if let createdOn { items.append(("DateCreated", createdOn.description)) }
        if let createdOnOrBefore { items.append(("DateCreated<", createdOnOrBefore.description)) }
        if let createdOnOrAfter { items.append(("DateCreated>", createdOnOrAfter.description)) }
        if includeSoftDeleted { items.append(("IncludeSoftDeleted", "true")) }
        return items
    }
}

/// A calendar day in GMT, written "YYYY-MM-DD".
public struct TwilioDay: Sendable, Equatable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT")!
        return calendar
    }()

    /// Nil for a day that does not exist (2023-02-30).
    public init?(year: Int, month: Int, day: Int) {
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = Self.calendar.date(from: components),
              Self.calendar.dateComponents([.year, .month, .day], from: date) == components else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The GMT day containing the instant `epochSeconds`.
    public init(epochSeconds: Int64) {
        let parts = Self.calendar.dateComponents([.year, .month, .day],
                                                 from: Date(timeIntervalSince1970: TimeInterval(epochSeconds)))
        year = parts.year!
        month = parts.month!
        day = parts.day!
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: TwilioDay, rhs: TwilioDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
