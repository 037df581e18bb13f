/// An output table declared once as named columns: each column's header and how a row fills
/// its cell sit together, so a header, its cells and any padding cannot drift apart.
package struct CSVTable<Row>: Sendable {
    package struct Column: Sendable {
        package let name: String
        package let cell: @Sendable (Row) -> CSVCell

        package init(_ name: String, _ cell: @escaping @Sendable (Row) -> CSVCell) {
            self.name = name
            self.cell = cell
        }
    }

    package let columns: [Column]

    package init(_ columns: [Column]) { self.columns = columns }

    package var header: [CSVCell] { columns.map { .text($0.name) } }

    package func cells(_ row: Row) -> [CSVCell] { columns.map { $0.cell(row) } }

    /// The header, then one line per row.
    package func rows<S: Sequence>(_ rows: S) -> [[CSVCell]] where S.Element == Row { [header] + rows.map(cells) }
}
