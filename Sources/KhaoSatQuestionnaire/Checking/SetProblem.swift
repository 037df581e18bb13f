import Foundation
import KhaoSatCSV
import KhaoSatXLSX

/// One thing wrong with a questionnaire set, with the file and line to fix.
package struct SetProblem: Error, Sendable, Equatable, CustomStringConvertible {
    package var location: FileLocation
    package var kind: Kind

    package init(_ location: FileLocation, _ kind: Kind) {
        self.location = location
        self.kind = kind
    }

    package enum Kind: Sendable, Equatable {
        case unreadable(CSVError)
        case unreadableWorkbook(XLSXError)
        case missingFile
        case missingColumn(String)
        case missingValue(column: String)
        case invalidValue(column: String, value: String, expected: String)
        case unknownQuestionType(String)
        case missingChoiceListName(String)
        case invalidName(String)
        case invalidRange(String, reason: String)
        case ambiguousScoredName(String, firstLine: Int)
        case unknownChoiceList(String)
        case duplicateName(String, firstLine: Int)
        case choiceNameWithSpace(list: String, name: String)
        case scoreOutOfRange(String)
        case unbalancedGroup(String)
        case unmatchedEnd(String)
        case missingSetting(String)
        case unitQuestionNotFound(String)
        case unknownGroup(String)
        case ownUnitQuestionMissing(group: String)
        case groupCannotRateIndex(group: String, index: IndexCode)
        case scoredQuestionNotSelect(String)
        case tooManyScoredChoices(question: String, choices: Int)
        case unknownSubcriterion(String)
        case subcriterionNotFed(index: IndexCode, code: String, group: String)
        case pointsDoNotAddUp(index: IndexCode, total: Decimal, expected: Decimal)
        case duplicateUnitCode(String, firstLine: Int)
        case unofficialCommuneCode(String)
        case officialNameMismatch(code: String, official: String)
        case missingOfficialCommune(code: String, name: String)
        case ambiguousName(String, units: [String])
        case formerNameIsCurrent(String, unit: String)
        case unknownUnit(String)
        case noQuestionnaires
        case personalDataUndeclared(String, purpose: PersonalDataSettings.Purpose)
        case personalDataQuestionNotFound(String)
        case personalDataNotText(String)
        case consentUndeclared
        case consentQuestionMissing(String, contact: String)
        case consentChoiceUnknown(String, choice: String)
        case hintNarrowerThanPurposes(String, purposes: [PersonalDataSettings.Purpose])
        case indexWithoutUnits(IndexCode)
        case duplicateRoster(group: String, firstLine: Int)
    }

    package var description: String { "\(location): \(message)" }

    package var message: String {
        switch kind {
        case .unreadable(let e):
            return e.description
        case .unreadableWorkbook(let e):
            return e.description
        case .missingFile:
            return "thiếu tệp này trong bộ phiếu."
        case .missingColumn(let c):
            return "thiếu cột \"\(c)\"."
        case .missingValue(let c):
            return "cột \"\(c)\" không được để trống."
        case .invalidValue(let c, let v, let expected):
            return "giá trị \"\(v)\" ở cột \"\(c)\" không hợp lệ: cần \(expected)."
        case .unknownQuestionType(let t):
            return "loại câu hỏi \"\(t)\" không có trong XLSForm (ví dụ select_one, select_multiple, integer, decimal, text, "
                + "note, calculate, range, rank, geopoint, begin_group …); kiểm tra lỗi chính tả."
        case .missingChoiceListName(let t):
            return "loại câu hỏi \"\(t)\" thiếu tên danh sách lựa chọn (ví dụ \"\(t) muc_do\")."
        case .invalidName(let n):
            return "tên \"\(n)\" không hợp lệ: tên phải bắt đầu bằng chữ cái hoặc dấu gạch dưới, sau đó chỉ gồm "
                + "chữ cái, chữ số, dấu gạch dưới (_), gạch ngang (-) hoặc dấu chấm (.); không có dấu cách."
        case .invalidRange(let n, let reason):
            return "câu range \"\(n)\" được gắn tiêu chí nhưng tham số không dùng được: \(reason)."
        case .ambiguousScoredName(let n, let first):
            return "tên \"\(n)\" đã dùng ở dòng \(first) (trong nhóm khác); câu tính điểm phải có tên riêng trong cả phiếu, "
                + "vì tệp trả lời tìm câu trả lời theo tên."
        case .unknownChoiceList(let l):
            return "danh sách lựa chọn \"\(l)\" không có trong trang choices."
        case .duplicateName(let n, let first):
            return "tên \"\(n)\" bị trùng (đã dùng ở dòng \(first))."
        case .choiceNameWithSpace(let list, let n):
            return "lựa chọn \"\(n)\" của danh sách \"\(list)\" (dùng cho select_multiple) có dấu cách; "
                + "các lựa chọn được ghi cách nhau bằng dấu cách nên tên không được chứa dấu cách."
        case .scoreOutOfRange(let s):
            return "điểm \"\(s)\" phải là số từ 0 đến 1 (để trống nếu lựa chọn không được tính, như \"Không biết\")."
        case .unbalancedGroup(let n):
            return "nhóm \"\(n)\" mở bằng begin_group nhưng không được đóng bằng end_group (hoặc ngược lại)."
        case .unmatchedEnd(let t):
            return "\"\(t)\" không đóng nhóm nào: không có begin_group/begin_repeat tương ứng đang mở "
                + "(end_group đóng begin_group, end_repeat đóng begin_repeat)."
        case .missingSetting(let s):
            return "trang settings thiếu \"\(s)\"."
        case .unitQuestionNotFound(let q):
            return "unit_question chỉ đến câu hỏi \"\(q)\" nhưng phiếu không có câu hỏi chọn một với tên đó."
        case .unknownGroup(let g):
            return "nhóm người trả lời \"\(g)\" không có trong groups.csv."
        case .ownUnitQuestionMissing(let g):
            return "nhóm \"\(g)\" chỉ đánh giá đơn vị của mình (rates = own): phiếu cần câu hỏi "
                + "\(RespondentGroup.ownUnitQuestion) (đơn vị của người trả lời, select_one_from_file units.csv), "
                + "nếu không mọi phiếu sẽ bị loại ra (UNIT_OWN_MISSING)."
        case .groupCannotRateIndex(let g, let i):
            return "nhóm \"\(g)\" không được đánh giá các đơn vị thuộc Chỉ số \(i) (xem groups.csv)."
        case .scoredQuestionNotSelect(let q):
            return "câu hỏi \"\(q)\" được gắn tiêu chí nhưng không phải câu chọn (select_one/select_multiple), nên không quy đổi được ra điểm."
        case .tooManyScoredChoices(let q, let n):
            return "câu hỏi \"\(q)\" (select_multiple) được gắn tiêu chí nhưng có \(n) lựa chọn; câu chọn nhiều được "
                + "quy đổi ra điểm có tối đa \(Question.maxScoredMultipleChoices) lựa chọn. Hãy tách thành hai câu hỏi "
                + "hoặc bỏ các lựa chọn không tính điểm."
        case .unknownSubcriterion(let c):
            return "tiêu chí thành phần \"\(c)\" không có trong blueprint.csv."
        case .subcriterionNotFed(let i, let c, let g):
            return "tiêu chí thành phần \(c) của Chỉ số \(i) lấy ý kiến nhóm \"\(g)\" nhưng không phiếu nào của nhóm này có câu hỏi cho tiêu chí đó."
        case .pointsDoNotAddUp(let i, let total, let expected):
            return "tổng điểm tối đa của Chỉ số \(i) là \(Decimals.format(total)), phải bằng \(Decimals.format(expected))."
        case .duplicateUnitCode(let c, let first):
            return "mã đơn vị \"\(c)\" bị trùng (đã dùng ở dòng \(first))."
        case .unofficialCommuneCode(let c):
            return "mã xã, phường \"\(c)\" không có trong danh mục chính thức (official-communes.csv)."
        case .officialNameMismatch(let c, let official):
            return "tên của mã \(c) phải đúng tên chính thức \"\(official)\"."
        case .missingOfficialCommune(let c, let n):
            return "xã, phường \(n) (mã \(c)) có trong danh mục chính thức nhưng thiếu trong units.csv."
        case .ambiguousName(let key, let units):
            return "tên hoặc tên gọi khác \"\(key)\" trùng giữa các đơn vị \(units.joined(separator: ", ")): không phân biệt được khi đối chiếu."
        case .formerNameIsCurrent(let name, let unit):
            return "tên cũ \"\(name)\" (former_names) trùng với tên hoặc tên gọi khác của đơn vị \(unit) hiện nay: "
                + "một phiếu ghi tên này sẽ được khớp với đơn vị hiện nay. Hãy bỏ tên cũ này hoặc ghi kèm tiền tố (xã, phường) phân biệt."
        case .unknownUnit(let c):
            return "mã đơn vị \"\(c)\" không có trong units.csv."
        case .indexWithoutUnits(let index):
            return "Chỉ số \(index) không có đơn vị nào trong units.csv: nó sẽ vắng mặt trong mọi kết quả. "
                + "Hãy thêm đơn vị của Chỉ số này hoặc bỏ dòng này khỏi indices.csv."
        case .duplicateRoster(let g, let first):
            return "nhóm \"\(g)\" đã có số người cho cùng phạm vi này ở dòng \(first) của rosters.csv: giữ một dòng."
        case .noQuestionnaires:
            return "thư mục forms/ không có phiếu khảo sát nào."
        case .personalDataUndeclared(let q, let purpose):
            return "câu \"\(q)\" dùng để \(purpose.title) nhưng chưa khai báo là dữ liệu cá nhân: thêm \"\(q):\(purpose.rawValue)\" "
                + "vào personal_data_questions của set.csv."
        case .personalDataQuestionNotFound(let q):
            return "personal_data_questions khai báo câu \"\(q)\" nhưng không phiếu nào có câu này."
        case .personalDataNotText(let q):
            return "câu dữ liệu cá nhân \"\(q)\" phải là câu text: giá trị được thay bằng bí danh ngay khi đọc."
        case .consentUndeclared:
            return "personal_data_questions có câu dùng để liên hệ phúc tra (contact) nhưng set.csv chưa có contact_consent "
                + "(câu hỏi sự đồng ý, ví dụ dong_y_lien_he=co): chỉ được liên hệ người đã đồng ý."
        case .consentQuestionMissing(let q, let contact):
            return "phiếu có câu liên hệ \"\(contact)\" nhưng không có câu hỏi sự đồng ý \"\(q)\" (contact_consent)."
        case .consentChoiceUnknown(let q, let choice):
            return "lựa chọn đồng ý \"\(choice)\" (contact_consent) không có trong danh sách lựa chọn của câu \"\(q)\"."
        case .hintNarrowerThanPurposes(let q, let purposes):
            return "chú thích (hint) của câu \"\(q)\" hứa một mục đích hẹp hơn khai báo (\(purposes.map(\.title).joined(separator: ", "))): "
                + "hãy ghi đúng mọi mục đích sử dụng trong chú thích."
        }
    }
}

extension [SetProblem] {
    /// File, then line: the order a person fixes them in.
    package func sortedByLocation() -> [SetProblem] {
        sorted { ($0.location.file, $0.location.line) < ($1.location.file, $1.location.line) }
    }
}
