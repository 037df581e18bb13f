#!/usr/bin/env python3
"""Writes the .xlsx fixtures (outputs committed; run from the repository root, needs openpyxl):

  Fixtures/xlsx/forms-dak-lak-2025/*.xlsx  the three shipped forms (Questionnaires/dak-lak-2025/forms/*.csv,
        pyxform's single-file layout) as workbooks, the way people keep them in Excel: numbers typed as
        numbers, headers in other case ("TYPE", "List Name") and an extra sheet of notes.
        Tests prove they load to the same questionnaire and convert to the same bytes.
  Fixtures/xlsx/bad-type.xlsx    a form whose survey!B4 holds an unknown type (messages name the cell).
  Fixtures/xlsx/allow-choice-duplicates.xlsx, duplicate-choice-name.xlsx  the conformance forms of the
        same names as workbooks: the settings sheet that allows duplicates comes after the choices.
  Fixtures/xlsx/cells.xlsx       written by hand (zipfile), every cell kind the reader must handle:
        shared strings with rich text and phonetic runs, inline strings, formula strings, booleans,
        whole and fractional numbers, built-in and custom date/time formats, _x000D_ escapes,
        missing rows and cells, a second sheet."""
import csv, io, os, zipfile
from openpyxl import Workbook

FORMS = "Questionnaires/dak-lak-2025/forms"
OUT = "Fixtures/xlsx"

def number(text):
    try:
        return int(text) if text.strip().lstrip("-").isdigit() and not (len(text) > 1 and text.startswith("0")) else float(text) if "." in text else text
    except ValueError:
        return text

def sheets_of(path):
    sheets, current = {}, None
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            if row and row[0].strip():
                current = row[0].strip()
                sheets.setdefault(current, [])
            if current is not None:
                sheets[current].append(row[1:])
    return sheets

def form_workbook(src, dst):
    wb = Workbook()
    wb.remove(wb.active)
    notes = wb.create_sheet("ghi chú")
    notes.append(["Sheet này không phải của XLSForm và được bỏ qua."])
    for name, rows in sheets_of(src).items():
        ws = wb.create_sheet(name)
        header, body = rows[0], rows[1:]
        if name == "survey":
            header = [h.upper() if h == "type" else h for h in header]
        if name == "choices":
            header = ["List Name" if h == "list_name" else h for h in header]
        ws.append(header)
        for r in body:
            # weight, score and version are numbers in Excel; names and codes stay text.
            ws.append([number(c) if header[i] in ("score", "weight", "version") and c else c for i, c in enumerate(r)])
    wb.save(dst)

def bad_type(dst):
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    for row in [["type", "name", "label"], ["select_one_from_file units.csv", "don_vi", "Đơn vị"],
                ["text", "ten", "Tên"], ["geopoin", "vi_tri", "Vị trí"]]:
        ws.append(row)
    ws.insert_cols(1)  # the header starts in column B: cell references must still be right
    st = wb.create_sheet("settings")
    st.append(["form_id", "respondent_group", "unit_question"])
    st.append(["bad_type", "dn_tc_cd", "don_vi"])
    wb.save(dst)

def cells(dst):
    shared = ["ten", "Đắk Lắk", "rich: đậm"]
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">'
           '<si><t>ten</t></si><si><t xml:space="preserve">Đắk Lắk</t></si>'
           '<si><r><rPr><b/></rPr><t>rich: </t></r><r><t>đậm</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si></sst>')
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts>'
              '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="21"/>'
              '<xf numFmtId="164"/></cellXfs></styleSheet>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet1 = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              f'<worksheet {ns}><sheetData>'
              '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Tuổi</t></is></c>'
              '<c r="C1" t="str"><f>A1&amp;"x"</f><v>tenx</v></c><c r="D1" t="b"><v>1</v></c>'
              '<c r="E1"><v>3</v></c><c r="F1"><v>3.0</v></c><c r="G1"><v>2.5</v></c><c r="H1" t="s"><v>2</v></c></row>'
              '<row r="3"><c r="A3" s="1"><v>45945</v></c><c r="B3" s="2"><v>45945.5</v></c>'
              '<c r="C3" s="3"><v>0.75</v></c><c r="D3" s="4"><v>45945.25</v></c>'
              '<c r="E3" t="inlineStr"><is><t>dòng 1_x000D_dòng 2</t></is></c><c r="F3" t="s"><v>1</v></c></row>'
              '<row r="5"><c r="A5" t="inlineStr"><is><t>x</t></is></c><c r="D5" t="inlineStr"><is><t>y</t></is></c>'
              '<c r="E5"/></row>'
              '<row r="6"><c r="A6"/></row>'
              '</sheetData><mergeCells count="1"><mergeCell ref="A5:C5"/></mergeCells></worksheet>')
    sheet2 = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {ns}><sheetData>'
              '<row r="2"><c r="B2" t="b"><v>0</v></c></row></sheetData></worksheet>')
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<workbook {ns} xmlns:r="{rel}"><workbookPr/><sheets>'
                '<sheet name="Dữ liệu" sheetId="1" r:id="rId1"/><sheet name="Hai" sheetId="2" r:id="rId2"/>'
                '</sheets></workbook>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
            '</Relationships>')
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/sharedStrings.xml", sst)
        z.writestr("xl/styles.xml", styles)
        z.writestr("xl/worksheets/sheet1.xml", sheet1)
        z.writestr("xl/worksheets/sheet2.xml", sheet2)

# Only when run: Benchmarks/xlsx_form.py imports sheets_of from here.
if __name__ == "__main__":
    os.makedirs(OUT + "/forms-dak-lak-2025", exist_ok=True)
    for name in sorted(os.listdir(FORMS)):
        if name.endswith(".csv"):
            form_workbook(os.path.join(FORMS, name), f"{OUT}/forms-dak-lak-2025/{name[:-4]}.xlsx")
    # Choice duplicates are judged by settings.allow_choice_duplicates, a sheet that comes after
    # the choices in a workbook (the loader reads settings first).
    CONFORMANCE = "Fixtures/xlsform-conformance"
    form_workbook(os.path.join(CONFORMANCE, "valid", "allow-choice-duplicates.csv"), OUT + "/allow-choice-duplicates.xlsx")
    form_workbook(os.path.join(CONFORMANCE, "invalid", "duplicate-choice-name.csv"), OUT + "/duplicate-choice-name.xlsx")
    bad_type(OUT + "/bad-type.xlsx")
    cells(OUT + "/cells.xlsx")
