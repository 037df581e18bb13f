#!/usr/bin/env python3
"""Builds the corpus the legacy-font detector is measured on (LegacyFontCorpusTests).

Writes, one line per text, UTF-8:
  vietnamese.txt  Vietnamese in Unicode: windows of words of the decision (../shared/seed),
                  the official commune names, and Vietnamese names and addresses (Faker vi_VN);
  tcvn3.txt       the same lines typed in the TCVN3 (ABC) font, as Latin-1 letters ("Hµ Néi");
  vni.txt         the same lines typed in the VNI font ("Haø Noäi");
  other.txt       other languages (Faker: names, addresses, companies, sentences in 20 locales)
                  and hand-written lines with « », ¿?, °C, m², emoji, and Vietnamese mixed in.
Run from the repository root:  python3 Fixtures/tools/encoding_corpus.py  (needs: pip install faker)
The outputs are committed; the seed makes them the same on every run."""
import csv, os, random, re, sys, unicodedata
from faker import Faker

# Some Faker providers pick from sets, whose order follows Python's per-process string hashing.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execvpe(sys.executable, [sys.executable] + sys.argv, {**os.environ, "PYTHONHASHSEED": "0"})

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import legacy_encodings  # noqa: E402  (the TCVN3 table, shared with the fixtures of 2025)

OUT = "Fixtures/encoding-corpus"
SEED_TEXT = "../shared/seed/decision-02050-QD-UBND-2025.txt"
COMMUNES = "../shared/data/dak-lak-communes-2025.csv"
rng = random.Random(2025)

def tcvn3(text):
    """The text typed in the TCVN3 (ABC) font, as the Latin-1 letters a Unicode file then holds."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = legacy_encodings.TCVN3.get(ch) or legacy_encodings.TCVN3.get(ch.lower())
        out.append(code.decode("latin-1") if code else ch)
    return "".join(out)

# VNI: base letter + one byte for shape and tone; ơ ư đ and the toned i, ỵ stand alone.
TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
CIRC = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
I_TONES = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}

def vni_letter(ch):
    d = unicodedata.normalize("NFD", ch)
    base, marks = d[0], d[1:]
    tone = next((m for m in marks if m in TONES), "")
    shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
    upper = base.isupper()
    b = base.lower()
    if ch.lower() == "đ":
        s = "ñ"
    elif b == "i" and tone:
        s = I_TONES[tone]
    elif b == "y" and tone == "\u0323":
        s = "î"
    elif shape == "\u031b":  # horn: ơ ư stand alone, the tone follows
        s = ("ô" if b == "o" else "ö") + (TONES[tone] if tone else "")
    elif shape == "\u0302":
        s = b + CIRC[tone]
    elif shape == "\u0306":
        s = b + BREVE[tone]
    elif tone:
        s = b + TONES[tone]
    else:
        return ch
    return s.upper() if upper else s

def vni(text):
    return "".join(vni_letter(ch) for ch in unicodedata.normalize("NFC", text))

def vietnamese_lines():
    text = open(SEED_TEXT, encoding="utf-8").read()
    words = re.findall(r"\S+", text)
    lines = set()
    while len(lines) < 1400:
        n = rng.randint(2, 12)
        i = rng.randrange(0, len(words) - n)
        line = " ".join(words[i:i + n])
        if any(ord(c) > 127 for c in line):
            lines.add(line)
    with open(COMMUNES, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            lines.add(row.get("name") or list(row.values())[1])
    fake = Faker("vi_VN")
    fake.seed_instance(2025)
    while len(lines) < 2400:
        lines.add(rng.choice([fake.name, fake.address, fake.city, fake.company])().replace("\n", ", "))
    return sorted(l for l in lines if any(ord(c) > 127 for c in l))

LOCALES = ["es_ES", "fr_FR", "de_DE", "it_IT", "pt_BR", "pl_PL", "tr_TR", "cs_CZ", "hu_HU", "sv_SE",
           "da_DK", "nl_NL", "ro_RO", "zh_CN", "ja_JP", "ko_KR", "th_TH", "ar_AA", "ru_RU", "el_GR"]

HANDWRITTEN = [
    "¿Qué?", "¿Qué tal?", "España", "Señor Muñoz", "« Bonjour »", "« … »", "Ça va", "Ça marche, merci",
    "Müller", "Straße", "Jürgen Größe", "25 °C", "120 m²", "Nhiệt độ 25 °C", "Diện tích 120 m²",
    "👍", "Rất hài lòng 👍", "😀 😃 😄", "Hà Nội – Paris « Bonjour »", "Café Trung Nguyên", "Phở bò ½ giá",
    "São Paulo", "Zürich", "Ærø", "Øresund", "Þingvellir", "Ðakovo", "naïve façade", "crème brûlée",
    "déjà vu", "piñata", "año nuevo", "über alles", "smörgåsbord", "Dvořák", "Łódź", "İstanbul",
    "北京市", "東京都", "กรุงเทพมหานคร", "القاهرة", "Москва", "Αθήνα", "서울특별시", "नई दिल्ली",
    "Giá 100 000 ₫ (≈ 3,8 €)", "Ông Müller, Sở Ngoại vụ", "Tiếng Việt và Español", "© 2025 UBND tỉnh",
    "Nguyễn Văn A ® ™", "± 5 %", "x² + y² = z²", "½ ¼ ¾", "§ 3 Điều 5", "¡Hola!", "«Ok»", "Äpfel",
    "Ölfeld", "Übung", "Œuvre", "Ñandú", "Ça coûte 5 €", "Él está aquí", "Où est la gare ?", "Fête",
    "rôle", "hôtel", "forêt", "île", "maïs", "Noël", "Señora", "niño", "jalapeño", "Hélène", "Gérard",
]

def other_lines():
    Faker.seed(2025)  # some providers draw from the class-wide generator, not the instance's
    lines = set(HANDWRITTEN)
    fakers = []
    for i, loc in enumerate(LOCALES):
        f = Faker(loc)
        f.seed_instance(i)
        fakers.append(f)
    while len(lines) < 2400:
        f = rng.choice(fakers)
        make = rng.choice([f.name, f.address, f.city, f.company, f.sentence, f.street_name])
        try:
            line = make().replace("\n", ", ")
        except Exception:
            continue
        lines.add(line)
    return sorted(lines)

def write(name, lines):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line + "\n")

os.makedirs(OUT, exist_ok=True)
vn = vietnamese_lines()
write("vietnamese.txt", vn)
write("tcvn3.txt", [tcvn3(l) for l in vn])
write("vni.txt", [vni(l) for l in vn])
write("other.txt", other_lines())
print({n: sum(1 for _ in open(os.path.join(OUT, n), encoding="utf-8")) for n in sorted(os.listdir(OUT))})
