import CReadStat
import Foundation
import KhaoSatCSV

/// An SPSS data file (.sav, or .zsav compressed) read case by case with ReadStat: the
/// variables first (name, label, value labels), then each case's values as text.
///
/// Values as text: a system-missing value is "", and so is a value the file declares missing
/// unless it has a value label (99 = "Không biết", as SPSS practice codes a choice that is not an
/// opinion): then its code, for the label to name the choice;
/// a string as written (ReadStat converts the file's declared character set, Windows-1258 or
/// UTF-8 among them, to UTF-8); a date, time or date-time variable as ISO 8601 text; any other
/// number as written without a useless ".0" (3, 2.5). Value labels are handed over beside the
/// values, for the caller to map codes to choices.
package enum SPSSFile {
    package struct Variable: Sendable, Equatable {
        package var name: String
        package var label: String
        /// Code as text ("1", "2.5", or a string code) → its label.
        package var valueLabels: [String: String]
    }

    package enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case unreadable(file: String, reason: String)

        package var description: String {
            switch self {
            case .unreadable(let file, let reason):
                return "\(file): không đọc được tệp SPSS (\(reason)). Hãy mở tệp bằng SPSS và lưu lại dưới dạng .sav."
            }
        }
    }

    /// Whether the file starts like a .sav (`$FL2`) or .zsav (`$FL3`).
    package static func recognises(_ head: Data) -> Bool {
        head.count >= 4 && (head.prefix(4) == Data("$FL2".utf8) || head.prefix(4) == Data("$FL3".utf8))
    }

    /// Calls `header` once with the variables, then `body` with each case (1-based) and its values.
    /// Errors thrown by either stop the reading and come back as they are.
    package static func read(path: String, name: String, header: ([Variable]) throws -> Void,
                            body: (_ case: Int, _ values: [String]) throws -> Void) throws {
        try withoutActuallyEscaping(header) { header in
            try withoutActuallyEscaping(body) { body in
                let reader = Reader(header: header, body: body)
                let context = Unmanaged.passUnretained(reader).toOpaque()
                guard let parser = readstat_parser_init() else { throw Failure.unreadable(file: name, reason: "ReadStat") }
                defer { readstat_parser_free(parser) }
                readstat_set_variable_handler(parser) { index, variable, labelSet, context in
                    Reader.from(context).variable(Int(index), variable, labelSet)
                }
                readstat_set_value_label_handler(parser) { labelSet, value, label, context in
                    Reader.from(context).valueLabel(labelSet, value, label)
                }
                readstat_set_value_handler(parser) { observation, variable, value, context in
                    Reader.from(context).value(Int(observation), variable, value)
                }
                let status = readstat_parse_sav(parser, path, context)
                if let error = reader.error { throw error }
                guard status == READSTAT_OK else {
                    throw Failure.unreadable(file: name, reason: String(cString: readstat_error_message(status)))
                }
                try reader.finish()
            }
        }
    }

    /// ReadStat's callbacks are C functions: they find this object through the context pointer.
    private final class Reader {
        let header: ([Variable]) throws -> Void
        let body: (Int, [String]) throws -> Void
        var variables: [Variable] = []
        var labelSets: [String: String] = [:]  // variable index as text → label set name
        var setsByName: [String: [String: String]] = [:]
        var kinds: [CivilTime.Kind?] = []
        var row: [String] = []
        var current = -1
        var headerSent = false
        var error: Error?

        init(header: @escaping ([Variable]) throws -> Void, body: @escaping (Int, [String]) throws -> Void) {
            self.header = header
            self.body = body
        }

        static func from(_ context: UnsafeMutableRawPointer?) -> Reader {
            Unmanaged<Reader>.fromOpaque(context!).takeUnretainedValue()
        }

        func variable(_ index: Int, _ v: UnsafeMutablePointer<readstat_variable_t>?, _ labelSet: UnsafePointer<CChar>?) -> Int32 {
            let name = String(cString: readstat_variable_get_name(v))
            let label = readstat_variable_get_label(v).map { String(cString: $0) } ?? ""
            if let labelSet { labelSets[String(index)] = String(cString: labelSet) }
            variables.append(Variable(name: name, label: label, valueLabels: [:]))
            kinds.append(readstat_variable_get_format(v).flatMap { SPSSFile.timeKind(format: String(cString: $0)) })
            return Int32(READSTAT_HANDLER_OK)
        }

        func valueLabel(_ labelSet: UnsafePointer<CChar>?, _ value: readstat_value_t, _ label: UnsafePointer<CChar>?) -> Int32 {
            guard let labelSet, let label else { return Int32(READSTAT_HANDLER_OK) }
            setsByName[String(cString: labelSet), default: [:]][Self.key(value)] = String(cString: label)
            return Int32(READSTAT_HANDLER_OK)
        }

        func value(_ observation: Int, _ v: UnsafeMutablePointer<readstat_variable_t>?, _ value: readstat_value_t) -> Int32 {
            do {
                if !headerSent {
                    for i in variables.indices { variables[i].valueLabels = labelSets[String(i)].flatMap { setsByName[$0] } ?? [:] }
                    try header(variables)
                    headerSent = true
                    row = Array(repeating: "", count: variables.count)
                }
                if observation != current {
                    if current >= 0 { try body(current + 1, row) }
                    current = observation
                    for i in row.indices { row[i] = "" }
                }
                let index = Int(readstat_variable_get_index(v))
                if index < row.count {
                    row[index] = text(value, v, kind: index < kinds.count ? kinds[index] : nil, labels: variables[index].valueLabels)
                }
                return Int32(READSTAT_HANDLER_OK)
            } catch {
                self.error = error
                return Int32(READSTAT_HANDLER_ABORT)
            }
        }

        func finish() throws {
            if !headerSent {
                for i in variables.indices { variables[i].valueLabels = labelSets[String(i)].flatMap { setsByName[$0] } ?? [:] }
                try header(variables)
            }
            if current >= 0 { try body(current + 1, row) }
        }

        private func text(_ value: readstat_value_t, _ v: UnsafeMutablePointer<readstat_variable_t>?, kind: CivilTime.Kind?,
                          labels: [String: String]) -> String {
            if readstat_value_is_system_missing(value) != 0 { return "" }
            if readstat_value_is_defined_missing(value, v) != 0 {
                let code = Self.key(value)
                return labels[code] == nil ? "" : code
            }
            if readstat_value_type(value) == READSTAT_TYPE_STRING {
                return readstat_string_value(value).map { String(cString: $0) } ?? ""
            }
            let d = readstat_double_value(value)
            if let kind { return SPSSFile.iso(secondsSince1582: d, kind) }
            return Self.number(d)
        }

        static func key(_ value: readstat_value_t) -> String {
            if readstat_value_type(value) == READSTAT_TYPE_STRING {
                return readstat_string_value(value).map { String(cString: $0) } ?? ""
            }
            return number(readstat_double_value(value))
        }

        static func number(_ d: Double) -> String {
            guard d.isFinite else { return "" }
            if d == d.rounded(), abs(d) < 9_007_199_254_740_992 { return String(Int64(d)) }
            return String(d)
        }
    }

    /// SPSS keeps dates and times as seconds since 1582-10-14; the print format says which.
    static func timeKind(format: String) -> CivilTime.Kind? {
        let f = format.uppercased()
        if f.hasPrefix("DATETIME") || f.hasPrefix("YMDHMS") { return .dateTime }
        if f.hasPrefix("TIME") || f.hasPrefix("DTIME") || f.hasPrefix("MTIME") { return .time }
        if ["DATE", "ADATE", "EDATE", "SDATE", "JDATE", "QYR", "MOYR", "WKYR"].contains(where: { f.hasPrefix($0) }) { return .date }
        return nil
    }

    /// "" for a value no calendar holds (a damaged file): years 1582 to 9999 only.
    static func iso(secondsSince1582 s: Double, _ kind: CivilTime.Kind) -> String {
        guard s.isFinite, s >= 0, s < 265_000_000_000 else { return "" }
        // 1582-10-14 is 141 428 days before 1970-01-01.
        return CivilTime.iso(secondsSince1970: Int64(s.rounded()) - 141_428 * 86_400, kind)
    }
}
