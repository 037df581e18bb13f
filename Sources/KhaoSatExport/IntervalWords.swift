import KhaoSatConvert

/// How an interval came about, or why there is none, in the words of `explain` and the report.
extension GroupDesign.Kind {
    package var title: String {
        switch self {
        case .census: "toàn bộ danh sách đã trả lời (không có sai số chọn mẫu)"
        case .fpc: "một phần danh sách đã trả lời (hiệu chỉnh tổng thể hữu hạn)"
        case .clusters: "phỏng vấn theo điều tra viên (mỗi điều tra viên là một cụm)"
        case .pooled: "dưới 3 điều tra viên (hệ số thiết kế theo tương quan trong điều tra viên của Chỉ số)"
        case .srs: "mẫu ngẫu nhiên đơn giản"
        }
    }
}

extension IntervalBasis {
    package var title: String {
        switch self {
        case .design(let kinds, let df): kinds.map(\.title).joined(separator: "; ") + "; bậc tự do \(df)"
        case .none(let why): "không có khoảng tin cậy: " + why.title
        }
    }
}

extension NoInterval {
    package var title: String {
        switch self {
        case .minmax: "điểm min–max phụ thuộc cả các đơn vị khác"
        case .imputed: "điểm lấy theo bình quân Chỉ số, không từ phiếu của đơn vị"
        case .oneRespondent: "một nhóm chỉ có một người (hoặc một điều tra viên) được tính"
        case .fixed: "điểm do quy tắc ấn định, không ước lượng từ phiếu"
        case .notApplicable: "không chấm"
        case .part: "một tiêu chí thành phần không có khoảng tin cậy"
        }
    }
}
