import Foundation

/// Dates and times as ISO 8601 text, from a count of seconds, with no time zone and no
/// Foundation formatter involved: what Excel serials and SPSS date variables become.
package enum CivilTime {
    package enum Kind: Sendable, Equatable { case date, time, dateTime }

    /// `2025-10-15`, `18:00:00` or `2025-10-15 18:00:00`.
    package static func iso(secondsSince1970 total: Int64, _ kind: Kind) -> String {
        func pad(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let seconds = ((total % 86_400) + 86_400) % 86_400
        let time = pad(seconds / 3600) + ":" + pad(seconds / 60 % 60) + ":" + pad(seconds % 60)
        if kind == .time { return time }
        let (y, m, d) = civil(daysSince1970: (total - seconds) / 86_400)
        let date = "\(y)-" + pad(m) + "-" + pad(d)
        return kind == .date ? date : date + " " + time
    }

    /// Howard Hinnant's days-to-civil: the proleptic Gregorian calendar.
    package static func civil(daysSince1970 z0: Int64) -> (Int64, Int64, Int64) {
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

/// Vietnam's clock, UTC+7 all year (no daylight saving): the time people read on pages, in
/// logs, in backups' names.
package enum VietnamTime {
    static let offset: Int64 = 7 * 3600

    package static func iso(_ date: Date) -> String { iso(secondsSince1970: seconds(date)) }
    package static func display(_ date: Date) -> String { display(secondsSince1970: seconds(date)) }
    package static func compact(_ date: Date) -> String { compact(secondsSince1970: seconds(date)) }
    private static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    private static func parts(_ secondsSince1970: Int64) -> (date: String, time: String) {
        let local = CivilTime.iso(secondsSince1970: secondsSince1970 + offset, .dateTime)
        return (String(local.prefix(10)), String(local.suffix(8)))
    }

    /// `2026-12-07T04:22:49+07:00`: sortable, with its offset (logs).
    package static func iso(secondsSince1970 s: Int64) -> String {
        let (date, time) = parts(s)
        return date + "T" + time + "+07:00"
    }

    /// `07/12/2026 04:22:49`, as Vietnamese documents write it (pages).
    package static func display(secondsSince1970 s: Int64) -> String {
        let (date, time) = parts(s)
        let ymd = date.split(separator: "-")
        return "\(ymd[2])/\(ymd[1])/\(ymd[0]) " + time
    }

    /// `20261207-042249` (file and folder names).
    package static func compact(secondsSince1970 s: Int64) -> String {
        let (date, time) = parts(s)
        return date.filter { $0 != "-" } + "-" + time.filter { $0 != ":" }
    }
}
