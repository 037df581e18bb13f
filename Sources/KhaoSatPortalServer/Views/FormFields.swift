import Foundation

/// A URL-encoded form's fields in order, for forms whose field names carry data (`chon-3-5`).
struct FormFields {
    let pairs: [(String, String)]

    init(_ text: String) {
        pairs = text.split(separator: "&").map { part in
            let kv = part.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return (kv[0], kv.count > 1 ? kv[1] : "")
        }
    }

    subscript(name: String) -> String? { pairs.first { $0.0 == name }?.1 }
}
