"""How pydicom decodes the text of its character set test files.

For SpecificCharacterSetOracleTest. Run with the interpreter that owns Debian's python3-pydicom
(/usr/bin/python3). Prints tab-separated lines, strings as the hex of their UTF-8 bytes so that
Java can parse them without a JSON library:

    F  <file>
    E  <file>  <terms>  <tag>  <VR>  <raw>  <decoded>

one F line per file in pydicom's data/charset_files, and one E line per element whose VR uses
the Specific Character Set (SH, LO, ST, LT, UC, UT, PN), nested sequence items included.

With --synthetic, prints E lines (file "synthetic", tag a counter) for values that pydicom itself
encodes from random text, with a fixed seed, in many combinations of code extensions: only those
it encodes and decodes without a warning (no replacement characters).
<terms> is the (0008,0005) in force for the element (the item's own, or else its parent's),
values joined by backslashes; <tag> is eight hex digits; <raw> is the hex of the value bytes as
read from the file; <decoded> is pydicom's value: values joined by backslashes, person names as
str() gives them ("A=B=C").
"""

import glob
import os
import random
import sys
import warnings

import pydicom
import pydicom.data
from pydicom.dataelem import RawDataElement

TEXT_VRS = {"SH", "LO", "ST", "LT", "UC", "UT", "PN"}


def hex_of(text):
    return text.encode("utf-8").hex()


def terms_of(ds, inherited):
    if 0x00080005 not in ds:
        return inherited
    value = ds[0x00080005].value
    if value is None:
        return [""]
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, (list, pydicom.multival.MultiValue)):
        return "\\".join(as_text(v) for v in value)
    return str(value)


def walk(name, ds, inherited, out):
    terms = terms_of(ds, inherited)
    for tag in list(ds.keys()):
        raw = ds.get_item(tag)  # before ds[tag], which converts the element in place
        elem = ds[tag]
        if elem.VR == "SQ":
            for item in elem.value:
                walk(name, item, terms, out)
            continue
        if elem.VR not in TEXT_VRS:
            continue
        if not isinstance(raw, RawDataElement):
            sys.exit(f"{name} {tag}: element was converted before its raw value was read")
        out.append(
            "\t".join(
                [
                    "E",
                    name,
                    hex_of("\\".join(terms)),
                    f"{int(tag):08X}",
                    elem.VR,
                    (raw.value or b"").hex(),
                    hex_of(as_text(elem.value)),
                ]
            )
        )


SYNTHETIC_SETS = [
    ["ISO_IR 100"], ["ISO_IR 101"], ["ISO_IR 144"], ["ISO_IR 126"], ["ISO_IR 127"],
    ["ISO_IR 138"], ["ISO_IR 148"], ["ISO_IR 166"], ["ISO_IR 13"], ["ISO_IR 192"], ["GB18030"],
    ["GBK"], [""], ["", "ISO 2022 IR 87"], ["ISO 2022 IR 13", "ISO 2022 IR 87"],
    ["", "ISO 2022 IR 13", "ISO 2022 IR 87"], ["", "ISO 2022 IR 87", "ISO 2022 IR 159"],
    ["", "ISO 2022 IR 149"], ["ISO 2022 IR 149"], ["ISO 2022 IR 100", "ISO 2022 IR 144"],
    ["ISO 2022 IR 144", "ISO 2022 IR 87"],
    ["ISO 2022 IR 6", "ISO 2022 IR 100", "ISO 2022 IR 126", "ISO 2022 IR 87"],
    ["ISO 2022 IR 13", "ISO 2022 IR 100", "ISO 2022 IR 87", "ISO 2022 IR 149"],
]
SYNTHETIC_CHARACTERS = list(
    "abcXYZ 019.-_~éôÄüЛюкБΔιοΣقباשרוสมชﾔﾏﾀﾞｱ山田太郎やまだ丂洪吉홍길동王小东東"
)


def synthetic(count, out):
    from pydicom.charset import convert_encodings, encode_string
    from pydicom.valuerep import PersonName
    from pydicom.values import convert_PN, convert_single_string, convert_text

    def encodable(c, encodings):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                encode_string(c, encodings)
                return True
            except Exception:
                return False

    rng = random.Random(20240601)
    for n in range(count):
        terms = rng.choice(SYNTHETIC_SETS)
        vr = rng.choice(["SH", "LO", "LT", "UT", "PN"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            characters = [
                c for c in SYNTHETIC_CHARACTERS if encodable(c, convert_encodings(terms))
            ]

        def text(extra):
            return "".join(
                rng.choice(characters + extra) for _ in range(rng.randint(0, 12))
            )

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                encodings = convert_encodings(terms)
                if vr == "PN":
                    groups = [text(["^"]) for _ in range(rng.randint(1, 3))]
                    raw = PersonName("=".join(groups)).encode(encodings)
                    decoded = as_text(convert_PN(raw, encodings))
                elif vr in ("SH", "LO"):
                    values = [text([]) for _ in range(rng.randint(1, 3))]
                    raw = b"\\".join(encode_string(v, encodings) for v in values)
                    decoded = as_text(convert_text(raw, encodings, vr))
                else:
                    raw = encode_string(text(["\r\n", "\t", "\\"]), encodings)
                    decoded = convert_single_string(raw, encodings, vr)
            except Exception:  # a warning: pydicom replaced characters
                continue
        out.append(
            "\t".join(
                ["E", "synthetic", hex_of("\\".join(terms)), f"{n:08X}", vr, raw.hex(),
                 hex_of(decoded)]
            )
        )


def main():
    if sys.argv[1:2] == ["--synthetic"]:
        out = []
        synthetic(int(sys.argv[2]), out)
        print("\n".join(out))
        return
    folder = os.path.join(os.path.dirname(pydicom.data.__file__), "charset_files")
    files = sorted(glob.glob(os.path.join(folder, "*.dcm")))
    if not files:
        sys.exit(f"no charset files in {folder}")
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in files:
            name = os.path.basename(path)
            out.append("F\t" + name)
            walk(name, pydicom.dcmread(path), [], out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
