"""Prints pydicom's DICOM JSON (PS3.18 Annex F) for every DICOM file of its test corpus.

Run by PydicomCorpusOracleTest with Debian's interpreter (/usr/bin/python3), which owns pydicom.
Arguments: the folders to walk (pydicom's data/test_files and data/charset_files).

Output, one JSON object per line, in file order:

    {"file": PATH, "status": "skipped", "reason": WHY}
        not compared: a file whose extension says it is not DICOM (.txt, .json, .py, .dump, .gz,
        .bz2), or a file without the .dcm extension that pydicom refuses without force=True (such
        a file is not DICOM: pydicom "reads" any bytes when forced)
    {"file": PATH, "status": "error", "force": BOOL, "error": TEXT}
        pydicom could not read the file at all
    {"file": PATH, "status": "ok", "force": BOOL, "littleEndian": BOOL, "implicitVr": BOOL,
     "json": {TAG: ELEMENT, ...}, "elementErrors": {TAG: TEXT, ...}}
        the data set without file meta, as Dataset.to_json_dict() gives it, element by element so
        that one element pydicom cannot convert does not hide the others

"force" is true when pydicom needed dcmread(force=True): only tried for .dcm files, which are
raw data sets without a Part 10 header. "littleEndian"/"implicitVr" give the encoding pydicom read
the data set with, so that Ward can be asked to read a raw data set the same way.

Two changes make the output strict JSON that Ward's own parser reads, and keep it small:
  * float NaN and infinities (which Python's json writes as bare NaN/Infinity) are written as the
    strings "NaN", "Infinity" and "-Infinity", as Ward writes them;
  * every "InlineBinary" value is replaced by "sha256:HEX:LENGTH" of its decoded bytes.
For a big endian data set, an element of VR OW, OF, OL, OD or OV also gets "swappedDigest": the
digest of its bytes with every unit of the VR's size reversed, that is its little endian form as
PS3.5 defines the VR (pydicom writes the bytes as they are in the file).
"""

import base64
import hashlib
import json
import math
import os
import sys
import warnings

import pydicom
from pydicom.errors import InvalidDicomError

NOT_DICOM_EXTENSIONS = {".txt", ".json", ".py", ".dump", ".gz", ".bz2"}


def digest(b64):
    data = base64.b64decode(b64)
    return "sha256:%s:%d" % (hashlib.sha256(data).hexdigest(), len(data))


SWAP_UNITS = {"OW": 2, "OF": 4, "OL": 4, "OD": 8, "OV": 8}


def swapped_digest(b64, unit):
    data = bytearray(base64.b64decode(b64))
    for i in range(0, len(data) - len(data) % unit, unit):
        data[i:i + unit] = data[i:i + unit][::-1]
    return digest(base64.b64encode(bytes(data)))


def clean(value, big_endian=False):
    """Replaces what strict JSON cannot hold, and inline binary by its digest."""
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "InlineBinary":
                if isinstance(v, list):
                    v = v[0]
                out[k] = digest(v)
                if big_endian and value.get("vr") in SWAP_UNITS:
                    out["swappedDigest"] = swapped_digest(v, SWAP_UNITS[value["vr"]])
            else:
                out[k] = clean(v, big_endian)
        return out
    if isinstance(value, (list, tuple)):
        return [clean(v, big_endian) for v in value]
    return value


def read(path):
    try:
        return pydicom.dcmread(path), False
    except InvalidDicomError:
        if not path.endswith(".dcm"):
            return None, False
        return pydicom.dcmread(path, force=True), True


def describe(path, root):
    rel = os.path.relpath(path, root)
    ext = os.path.splitext(path)[1].lower()
    if ext in NOT_DICOM_EXTENSIONS:
        return {"file": rel, "status": "skipped", "reason": "extension %s is not DICOM" % ext}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds, force = read(path)
    except Exception as e:
        return {"file": rel, "status": "error", "force": path.endswith(".dcm"),
                "error": "%s: %s" % (type(e).__name__, e)}
    if ds is None:
        return {"file": rel, "status": "skipped",
                "reason": "no .dcm extension and pydicom refuses it without force=True"}
    result = {"file": rel, "status": "ok", "force": force,
              "littleEndian": bool(ds.is_little_endian),
              "implicitVr": bool(ds.is_implicit_VR)}
    elements = {}
    errors = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for tag in ds.keys():
                key = "%08X" % tag
                try:
                    elements[key] = clean(ds[tag].to_json_dict(None, 1024),
                                          not ds.is_little_endian)
                except Exception as e:
                    errors[key] = "%s: %s" % (type(e).__name__, e)
    except Exception as e:  # the data set itself could not be read to its end
        return {"file": rel, "status": "error", "force": force,
                "error": "%s: %s" % (type(e).__name__, e)}
    result["json"] = elements
    result["elementErrors"] = errors
    return result


def main():
    import pydicom.data

    root = os.path.dirname(pydicom.data.__file__)
    for folder in sys.argv[1:]:
        files = []
        for dirpath, _, names in os.walk(folder):
            files.extend(os.path.join(dirpath, n) for n in names)
        for path in sorted(files):
            if "__pycache__" in path:
                continue
            sys.stdout.write(json.dumps(describe(path, root), ensure_ascii=True, sort_keys=True))
            sys.stdout.write("\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
