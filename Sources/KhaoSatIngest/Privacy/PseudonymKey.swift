import Crypto
import KhaoSatQuestionnaire
import Foundation

/// The secret that turns a declared personal value (a phone number, a delegate's code) into a
/// keyed pseudonym as soon as it is read: HMAC-SHA-256, so the same value gives the same pseudonym
/// under the same key (duplicates are still found) and nobody without the key can go back.
/// The key lives outside the data and the run folders: a file (`--key-file`, `KHAOSAT_KEY_FILE`).
package struct PseudonymKey: Sendable {
    /// HMAC with the key already absorbed: each pseudonym starts from a copy, not from the key.
    private let keyed: HMAC<SHA256>
    /// The key file's bytes: other keys are derived from them, each for one use.
    private let secret: SymmetricKey
    /// Identifies the key without revealing it: runs and the portal record it, so a run with
    /// another key is refused instead of silently giving other pseudonyms.
    package let fingerprint: String

    /// The environment variable that names the key file when no option does.
    package static let environmentVariable = "KHAOSAT_KEY_FILE"
    package static let prefix = "ps_"

    /// `text`: the key file's contents, base64 of at least 32 random bytes.
    package init(base64 text: String) throws(PseudonymKeyError) {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw .notBase64 }
        guard data.count >= 32 else { throw .tooShort(data.count) }
        secret = SymmetricKey(data: data)
        keyed = HMAC<SHA256>(key: secret)
        fingerprint = SHA256.hash(data: Data("khaosat-pseudonym-key".utf8) + data).prefix(8).lowercaseHex
    }

    package static func read(path: String) throws(PseudonymKeyError) -> PseudonymKey {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path)
        }
        do { return try PseudonymKey(base64: text) } catch { throw .invalid(path, error) }
    }

    /// A new key file's contents: 32 bytes from the system's random generator, base64.
    package static func generate() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
    }

    /// A key for another use than pseudonyms (HKDF-SHA-256 with `purpose` as its label): one
    /// secret to keep, and neither use's key tells anything about the other's.
    package func derivedKey(for purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: secret, info: Data(purpose.utf8), outputByteCount: 32)
    }

    /// A pseudonym this kind of key makes: read again (a pseudonymised copy), it stays as it is.
    package static func isPseudonym(_ value: some StringProtocol) -> Bool {
        value.count == prefix.count + 24 && value.hasPrefix(prefix) && value.dropFirst(prefix.count).allSatisfy(\.isHexDigit)
    }

    /// The value as a respondent id compares it (case folded, spaces around trimmed), keyed.
    /// 96 bits: no two respondents of a survey share one.
    package func pseudonym(_ value: String) -> String {
        // Foundation's trimming costs more than the HMAC: skipped when no end can be a space.
        let bare = value.utf8.first.map { $0 > 0x20 && $0 < 0x80 } == true && value.utf8.last.map { $0 > 0x20 && $0 < 0x80 } == true
        let normalized = (bare ? value : value.trimmingCharacters(in: .whitespaces)).lowercased()
        var mac = keyed
        mac.update(data: Data(normalized.utf8))
        return Self.prefix + mac.finalize().prefix(12).lowercaseHex
    }
}

extension Sequence<UInt8> {
    /// Lowercase hex, without Foundation's `String(format:)`: slow on Linux, and every row with a
    /// declared value makes a pseudonym.
    var lowercaseHex: String {
        let digits: StaticString = "0123456789abcdef"
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        digits.withUTF8Buffer { d in
            for byte in self {
                out.append(d[Int(byte >> 4)])
                out.append(d[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

package indirect enum PseudonymKeyError: Error, Sendable, CustomStringConvertible {
    case notBase64
    case tooShort(Int)
    case unreadable(String)
    case invalid(String, PseudonymKeyError)

    package var description: String {
        switch self {
        case .notBase64: "khoá bí danh phải là chuỗi base64"
        case .tooShort(let n): "khoá bí danh chỉ có \(n) byte, cần ít nhất 32"
        case .unreadable(let path): "không đọc được tệp khoá bí danh \(path)"
        case .invalid(let path, let e): "tệp khoá bí danh \(path): \(e)"
        }
    }

    /// How to make and keep a key, for every message that asks for one.
    package static let howTo = "Tạo khoá một lần bằng: khaosat key new --out /etc/khaosat/pseudonym.key (giữ tệp ngoài thư mục dữ liệu "
        + "và thư mục kết quả, quyền 600, sao lưu riêng), rồi chạy lại với --key-file /etc/khaosat/pseudonym.key "
        + "hoặc đặt biến môi trường \(PseudonymKey.environmentVariable)."
}

/// The columns of a file that hold declared personal values: every copy of a record that leaves
/// the reader (answers, raw rows set aside, messages) has them as pseudonyms.
package struct PersonalMask: Sendable {
    let columns: [Int]
    /// The declared question of each column.
    let questions: [Int: String]
    let key: PseudonymKey

    /// nil when the form's columns hold no declared value.
    init?(map: ColumnMap, declared: Set<String>, key: PseudonymKey?) {
        guard let key else { return nil }
        var questions: [Int: String] = [:]
        for (column, role) in map.roles { if case .answer(let q) = role, declared.contains(q) { questions[column] = q } }
        guard !questions.isEmpty else { return nil }
        self.columns = questions.keys.sorted()
        self.questions = questions
        self.key = key
    }

    /// The pseudonym of each declared value the record holds, by question.
    func pseudonyms(_ fields: [String]) -> [String: String] {
        var found: [String: String] = [:]
        for c in columns where c < fields.count {
            let value = trimmed(fields[c])
            if !value.isEmpty { found[questions[c]!] = PseudonymKey.isPseudonym(value) ? value : key.pseudonym(value) }
        }
        return found
    }

    /// The record with its declared values replaced. `memo`: the values already replaced by this
    /// reader (a delegate's code comes back on every unit they rate; one HMAC each, not one a row).
    func apply(_ fields: [String], memo: PseudonymMemo? = nil) -> [String] {
        var fields = fields
        for c in columns where c < fields.count {
            let raw = fields[c]
            // Untouched cells are not written: a write copies the record.
            if raw.isEmpty { continue }
            if let known = memo?.known[raw] {
                fields[c] = known
                continue
            }
            let value = trimmed(raw)
            guard !value.isEmpty, !PseudonymKey.isPseudonym(value) else { continue }
            let pseudonym = key.pseudonym(value)
            memo?.remember(raw, pseudonym)
            fields[c] = pseudonym
        }
        return fields
    }
}

/// One reader's pseudonyms by the cell they replace, bounded: a column of citizens' ids, each
/// seen once, stops being remembered past `limit`.
final class PseudonymMemo {
    static let limit = 4_096
    private(set) var known: [String: String] = [:]

    func remember(_ raw: String, _ replaced: String) {
        if known.count < Self.limit { known[raw] = replaced }
    }
}
