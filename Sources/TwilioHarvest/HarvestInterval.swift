import Foundation

/// Parses the `--every` interval: "90s", "15m", "2h", "1d" (or a plain number of seconds).
public enum HarvestInterval {
    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last else { return nil }
        let multipliers: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        let value: Double?
        let multiplier: Double
        if let known = multipliers[unit] {
            value = Double(trimmed.dropLast())
            multiplier = known
        } else {
            value = Double(trimmed)
            multiplier = 1
        }
        guard let value, value.isFinite, value > 0 else { return nil }
        let seconds = value * multiplier
        return seconds >= 1 ? seconds : nil
    }
}
