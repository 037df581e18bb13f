import Foundation

/// What a printed document says of itself (report, methods note, dossier): the set's title, province,
/// year and decision, and the heading of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP):
/// the authority and the issuing body at the top left, the place of the date line, the signers.
/// From set.csv; every key optional.
package struct DocumentSettings: Sendable, Codable, Equatable {
    package var title: String
    package var province: String
    package var year: String
    package var decision: String
    /// `issuing_authority`: the body above the issuer ("UBND TỈNH ĐẮK LẮK").
    package var authority: String
    /// `issuing_body`: who issues the document ("SỞ NỘI VỤ").
    package var body: String
    /// `document_place`: the date line's place ("Đắk Lắk, ngày … tháng … năm …").
    package var place: String
    /// `signers`: the signature block's titles, left to right, separated by `|`.
    package var signers: [String]

    package init(title: String, province: String, year: String, decision: String, authority: String? = nil, body: String? = nil,
                place: String? = nil, signers: [String]? = nil) {
        self.title = title
        self.province = province
        self.year = year
        self.decision = decision
        // "Đắk Lắk" → "UBND TỈNH ĐẮK LẮK"; a province already named "Tỉnh …" or "Thành phố …" keeps its word.
        let named = ["tỉnh ", "thành phố "].contains { province.lowercased().hasPrefix($0) }
        self.authority = authority ?? (province.isEmpty ? "" : "UBND " + (named ? "" : "TỈNH ") + province.uppercased())
        self.body = body ?? "SỞ NỘI VỤ"
        self.place = place ?? province
        self.signers = signers ?? ["Người lập", "Lãnh đạo Sở"]
    }

    /// The keys of set.csv this reads.
    package init(_ values: [String: String]) {
        func value(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }
        self.init(title: values["title"] ?? "", province: values["province"] ?? "", year: values["year"] ?? "",
                  decision: values["decision"] ?? "", authority: value("issuing_authority"), body: value("issuing_body"),
                  place: value("document_place"),
                  signers: value("signers").map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } })
    }
}
