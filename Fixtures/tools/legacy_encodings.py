#!/usr/bin/env python3
"""Writes the two fixtures in the encodings Vietnamese offices still produce:
Windows-1258 (Excel "CSV" on a Vietnamese Windows) and TCVN3 (the ABC fonts .VnTime).
Run from the repository root; the outputs are committed, this shows how they were made."""
import unicodedata

ROWS = [
    ["submission_id", "submitted_at", "tu_cach", "ma_nguoi_tl", "tuoi", "don_vi", "so_lan", "c321_1", "c321_2",
     "c322_1", "c322_2", "c323_1", "c323_2", "c323_3", "c324_1", "c324_2", "hl_chung", "y_kien"],
    ["w1", "05/10/2025 08:00:00", "cong_dan", "0905111001", "41", "Sở Tư pháp", "2", "hl", "quy_trinh", "hl", "co",
     "hl", "hl", "khong", "hl", "hl", "hl", "Cán bộ hướng dẫn tận tình"],
    ["w2", "05/10/2025 09:00:00", "doanh_nghiep", "4400999001", "50", "Phường Bình Kiến", "3", "bt", "phi ho_so",
     "bt", "khong", "hl", "bt", "khong", "bt", "bt", "bt", "Đề nghị rút ngắn thời gian giải quyết"],
    ["w3", "05/10/2025 10:00:00", "to_chuc", "", "36", "Xã Xuân Lộc", "1", "rat_hl", "quy_trinh ho_so phi", "rat_hl",
     "co", "rat_hl", "hl", "khong", "rat_hl", "hl", "rat_hl", "Rất hài lòng với cách phục vụ"],
    ["w4", "05/10/2025 11:00:00", "cong_dan", "", "29", "Sở Y Tế", "1", "hl", "", "hl", "co", "hl", "hl", "kb",
     "hl", "hl", "hl", "Ý kiến: cần thêm chỗ ngồi chờ"],
]

def csv_line(row):
    return ",".join('"' + f.replace('"', '""') + '"' if ("," in f or '"' in f) else f for f in row)

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

def windows1258(text):
    # Windows-1258 has the shaped vowels (â ê ô ơ ư ă đ) but writes most tones as combining marks.
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        tones = "".join(c for c in parts if c in TONES)
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)

# TCVN3 (ABC): one byte per letter; capitals with tones use the lowercase code in the ".VnTimeH" font.
TCVN3 = {}
for letters, codes in [
    ("àảãáạ", "B5 B6 B7 B8 B9"), ("ằẳẵắặ", "BB BC BD BE C6"), ("ầẩẫấậ", "C7 C8 C9 CA CB"),
    ("èẻẽéẹ", "CC CE CF D0 D1"), ("ềểễếệ", "D2 D3 D4 D5 D6"), ("ìỉĩíị", "D7 D8 DC DD DE"),
    ("òỏõóọ", "DF E1 E2 E3 E4"), ("ồổỗốộ", "E5 E6 E7 E8 E9"), ("ờởỡớợ", "EA EB EC ED EE"),
    ("ùủũúụ", "EF F1 F2 F3 F4"), ("ừửữứự", "F5 F6 F7 F8 F9"), ("ỳỷỹýỵ", "FA FB FC FD FE"),
    ("ăâêôơưđ", "A8 A9 AA AB AC AD AE"), ("ĂÂÊÔƠƯĐ", "A1 A2 A3 A4 A5 A6 A7"),
]:
    for letter, code in zip(letters, codes.split()):
        TCVN3[letter] = bytes([int(code, 16)])

def tcvn3(text):
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in TCVN3:
            out.append(TCVN3[ch])
        elif ch.lower() in TCVN3:
            out.append(TCVN3[ch.lower()])
        else:
            out.append(ch.encode("ascii"))
    return b"".join(out)

if __name__ == "__main__":
    lines = [csv_line(r) for r in ROWS]
    with open("Fixtures/responses/dn-windows-1258.csv", "wb") as f:
        f.write(b"".join(windows1258(l) + b"\r\n" for l in lines))
    with open("Fixtures/unreadable/dn-tcvn3.csv", "wb") as f:
        f.write(b"".join(tcvn3(l) + b"\r\n" for l in lines))
