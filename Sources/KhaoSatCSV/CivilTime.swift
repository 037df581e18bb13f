/// Dates and times as ISO 8601 text, from a count of seconds, with no time zone and no
/// Foundation formatter involved: what Excel serials and SPSS date variables become.
public enum CivilTime {
    public enum Kind: Sendable, Equatable { case date, time, dateTime }

    /// `2025-10-15`, `18:00:00` or `2025-10-15 18:00:00`.
    public static func iso(secondsSince1970 total: Int64, _ kind: Kind) -> String {
        func pad(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let seconds = ((total % 86_400) + 86_400) % 86_400
        let time = pad(seconds / 3600) + ":" + pad(seconds / 60 % 60) + ":" + pad(seconds % 60)
        if kind == .time { return time }
        let (y, m, d) = civil(daysSince1970: (total - seconds) / 86_400)
        let date = "\(y)-" + pad(m) + "-" + pad(d)
        return kind == .date ? date : date + " " + time
    }

    /// Howard Hinnant's days-to-civil: the proleptic Gregorian calendar.
    public static func civil(daysSince1970 z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
