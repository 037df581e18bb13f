/// An output table declared once as named columns: each column's header and how a row fills
/// its cell sit together, so a header, its cells and any padding cannot drift apart.
public struct CSVTable<Row>: Sendable {
    public struct Column: Sendable {
        public let name: String
        public let cell: @Sendable (Row) -> CSVCell

        public init(_ name: String, _ cell: @escaping @Sendable (Row) -> CSVCell) {
            self.name = name
            self.cell = cell
        }
    }

    public let columns: [Column]

    public init(_ columns: [Column]) { self.columns = columns }

    public var header: [CSVCell] { columns.map { .text($0.name) } }

    public func cells(_ row: Row) -> [CSVCell] { columns.map { $0.cell(row) } }

    /// The header, then one line per row.
    public func rows<S: Sequence>(_ rows: S) -> [[CSVCell]] where S.Element == Row { [header] + rows.map(cells) }
}
