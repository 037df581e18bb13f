import Foundation
import KhaoSatCSV
import KhaoSatQuestionnaire

/// The facts a data-protection impact assessment (DPIA) dossier needs about the personal data a
/// set collects: what, for which purpose, who sees it, where and how it is kept, for how long,
/// who processes it. Made from the set, so it changes when the set does.
package struct PrivacyInventory: Sendable {
    package struct Item: Sendable, Equatable {
        package var form: String
        package var question: String
        package var label: String
        package var kind: String
        package var purposes: String
        package var seenBy: String
        package var storedAs: String
        package var keptFor: String
    }

    package var set: QuestionnaireSet
    package var items: [Item]

    package init(set: QuestionnaireSet) {
        self.set = set
        let settings = set.settings.personalData
        let kept = settings.retentionDays.map { "\($0) ngày kể từ khi tải lên, rồi \"privacy purge\" thay tệp gốc bằng bản bí danh hoá" }
            ?? "chưa đặt personal_data_retention_days: chưa có hạn xoá"
        var items: [Item] = []
        for form in set.questionnaires {
            for q in form.questions {
                let label = form.label(q.labels) ?? q.name
                if let purposes = settings.questions[q.name] {
                    let contact = purposes.contains(.contact)
                    items.append(Item(
                        form: form.id, question: q.name, label: label, kind: "khai báo (personal_data_questions)",
                        purposes: purposes.sorted().map(\.title).joined(separator: "; "),
                        seenBy: "giá trị gốc: Sở Nội vụ và kiểm tra, giám sát khi tải tệp gốc (ghi nhật ký)"
                            + (contact ? "; Sở Nội vụ trong danh sách phúc tra, chỉ người đồng ý (ghi nhật ký)" : "")
                            + "; mọi trang, API, tệp kết quả, nhật ký: chỉ bí danh",
                        storedAs: "tệp gốc niêm phong ChaCha20-Poly1305 (khoá ngoài thư mục dữ liệu); ở mọi nơi khác là bí danh HMAC-SHA-256",
                        keptFor: kept))
                } else if q.name == settings.consentQuestion {
                    items.append(Item(form: form.id, question: q.name, label: label, kind: "sự đồng ý (contact_consent)",
                                      purposes: "ghi nhận đồng ý được liên hệ phúc tra", seenBy: "Sở Nội vụ, kiểm tra, giám sát",
                                      storedAs: "như các câu trả lời khác", keptFor: kept))
                } else if q.name == set.settings.quality.interviewerQuestion {
                    items.append(Item(form: form.id, question: q.name, label: label, kind: "mã điều tra viên (người của nhà thầu)",
                                      purposes: "kiểm tra chất lượng, phúc tra", seenBy: "Sở Nội vụ, kiểm tra, giám sát; không công bố",
                                      storedAs: "như các câu trả lời khác", keptFor: kept))
                } else if case .text = q.type, !q.isScored {
                    items.append(Item(form: form.id, question: q.name, label: label, kind: "câu trả lời tự do: có thể chứa dữ liệu cá nhân người trả lời tự ghi",
                                      purposes: "ý kiến góp ý (không tính điểm)", seenBy: "Sở Nội vụ, kiểm tra, giám sát",
                                      storedAs: "tệp gốc niêm phong; không bí danh hoá (khai báo trong personal_data_questions nếu cần)",
                                      keptFor: kept))
                }
            }
        }
        self.items = items
    }

    /// The facts that hold for every item: controller, processor, legal basis, safeguards.
    package var facts: [(String, String)] {
        let settings = set.settings.personalData
        return [
            ("Bộ phiếu", "\(set.settings.title) (\(set.name))"),
            ("Bên kiểm soát và xử lý", "Sở Nội vụ (viết phiếu, quy đổi điểm, lưu trữ trên cổng)"),
            ("Bên xử lý theo hợp đồng", "đơn vị khảo sát (nhà thầu): thu thập câu trả lời, nộp tệp lên cổng; không xem được tệp của đơn vị khác"),
            ("Mục đích chung", "quy đổi kết quả khảo sát xã hội học thành điểm Nội dung 3 theo \(set.settings.decision.isEmpty ? "quyết định của tỉnh" : set.settings.decision)"),
            ("Đồng ý liên hệ phúc tra", settings.consentQuestion.map { "câu \($0) = \(settings.consentChoice ?? "")" } ?? "không có câu hỏi đồng ý"),
            ("Công bố", "nhóm dưới \(settings.publishMinRespondents) người trả lời không được hiện điểm riêng trên báo cáo và trang cổng"),
            ("Quyền của người trả lời", "khaosat-portal privacy find|export|erase (ghi nhật ký); câu trả lời vẫn được tính điểm sau khi xoá giá trị cá nhân"),
            ("Nhật ký", "mọi lần tải tệp gốc, danh sách phúc tra, tìm/xuất/xoá dữ liệu của một người đều ghi vào nhật ký chỉ-thêm"),
        ]
    }

    package var markdown: String {
        var lines = ["# Danh mục dữ liệu cá nhân (hồ sơ đánh giá tác động)", ""]
        lines += facts.map { "- **\($0.0)**: \($0.1)" }
        lines += ["", "| Phiếu | Câu hỏi | Nội dung | Loại | Mục đích | Ai xem được | Lưu ở đâu, bảo vệ thế nào | Thời hạn lưu |",
                  "|---|---|---|---|---|---|---|---|"]
        lines += items.map { i in
            "| " + [i.form, "`\(i.question)`", i.label, i.kind, i.purposes, i.seenBy, i.storedAs, i.keptFor]
                .map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        return lines.joined(separator: "\n") + "\n"
    }

    package var csv: [UInt8] {
        let header: [CSVCell] = ["form", "question", "label", "kind", "purposes", "seen_by", "stored_as", "kept_for"]
        return CSVEncoder().encode([header] + items.map { i in
            [i.form, i.question, i.label, i.kind, i.purposes, i.seenBy, i.storedAs, i.keptFor].map(CSVCell.text)
        })
    }
}
