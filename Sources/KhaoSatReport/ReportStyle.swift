/// The printed pages' stylesheet: A4 with page numbers, the ranking on landscape pages, headers
/// repeated and rows never cut across pages, the annex printed only when asked; on a phone the
/// wide tables scroll inside their box instead of widening the page.
enum ReportStyle {
    static let css = """
    @page { size: A4; margin: 15mm 14mm 16mm 18mm;
      @bottom-center { content: "Trang " counter(page) " / " counter(pages); font-size: 8pt; color: #444; } }
    @page wide { size: A4 landscape; margin: 14mm 14mm 15mm 14mm; }
    body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", "Noto Serif", serif; font-size: 11pt; color: #111;
      max-width: 1100px; margin: 0 auto; padding: 0 8px; }
    h1 { font-size: 14pt; text-align: center; margin: 1em 0 .3em; } h2 { font-size: 13pt; margin-top: 1.2em; }
    h3 { font-size: 11.5pt; margin: .8em 0 .2em; }
    .subtitle { text-align: center; font-style: italic; margin: .1em 0; } .meta { color: #444; font-size: 9.5pt; }
    table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: 9.5pt; }
    th, td { border: 1px solid #888; padding: 2px 4px; vertical-align: top; }
    th { background: #eee; } td.n { text-align: right; white-space: nowrap; } td.hash { font-family: monospace; font-size: 7pt; word-break: break-all; }
    td.notes { font-size: 8.5pt; } tr.no-survey td { background: #fff4f4; }
    .warning { border-left: 3px solid #b00; padding-left: 6px; }
    table.heading, table.heading td { border: none; text-align: center; font-size: 11pt; } table.heading td:first-child { width: 40%; }
    table.heading .body, table.heading .motto { white-space: nowrap; }
    table.heading .body, table.heading .motto { font-weight: bold; } table.heading .rule { border-top: 1px solid #111; width: 35%; margin: 2px auto 6px; }
    table.heading .date { font-style: italic; }
    .signatures table, .signatures td { border: none; text-align: center; height: 32mm; vertical-align: top; }
    .signatures { break-inside: avoid; margin-top: 1.5em; }
    .wide { overflow-x: auto; } .wide > table.ranking { min-width: 900px; } .wide > table.summary, .wide > table.methods-table { min-width: 560px; }
    @media screen and (max-width: 700px) {
      table.heading td { display: block; width: auto !important; } table.heading .body, table.heading .motto { white-space: normal; }
    }
    svg.chart { width: 100%; max-width: 180mm; display: block; } figure { margin: .5em 0; break-inside: avoid; }
    figcaption { font-size: 9pt; font-style: italic; }
    .label { font-size: 8px; text-anchor: end; } .tick { font-size: 8px; text-anchor: middle; } .axis-title { font-size: 9px; text-anchor: middle; }
    .bar { fill: #4a7ab5; } .ci { stroke: #111; stroke-width: 1.2; } .grid { stroke: #ddd; stroke-width: .5; }
    .none { fill: none; stroke: #b00; stroke-width: 1.2; } .none-label { font-size: 8px; fill: #b00; }
    .part0 { fill: #4a7ab5; } .part1 { fill: #8fb3de; } .part2 { fill: #e8a33d; } .part3 { fill: #6aa84f; } .part4 { fill: #b4a7d6; }
    .part5 { fill: #999; } .deduction { fill: #c0392b; opacity: .8; }
    .legend { font-size: 9pt; } .swatch { display: inline-block; width: 10px; height: 10px; margin: 0 3px 0 10px; vertical-align: middle; }
    .swatch.bar, .swatch.part0 { background: #4a7ab5; } .swatch.part1 { background: #8fb3de; } .swatch.part2 { background: #e8a33d; }
    .swatch.part3 { background: #6aa84f; } .swatch.part4 { background: #b4a7d6; } .swatch.part5 { background: #999; }
    .swatch.ci { height: 2px; background: #111; } .swatch.none { border: 1.2px solid #b00; width: 8px; height: 8px; }
    td.formula { font-size: 8.5pt; } span.hash { font-family: monospace; font-size: 8pt; word-break: break-all; }
    details > summary { cursor: pointer; } details > summary h2 { display: inline; }
    @media print {
      body { max-width: none; padding: 0; }
      .landscape { page: wide; } .wide { overflow: visible; } .wide > table { min-width: 0 !important; }
      section.index, section.methods, section.annex, section.manifest { break-before: page; }
      thead { display: table-header-group; } tr, article.unit h3 { break-inside: avoid; } h2, h3 { break-after: avoid; }
      section.annex { display: none; } body.print-annex section.annex { display: block; }
      details > summary { list-style: none; }
      table.ranking { font-size: 8.5pt; } table.ranking th { white-space: nowrap; }
    }
    """
}
