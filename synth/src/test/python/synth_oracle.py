"""Reads synthetic files with pydicom and prints what it sees, for the Java test to compare.

Arguments: Part 10 files. For each file prints one line

    FILE<TAB>PatientID<TAB>PatientName<TAB>StudyInstanceUID<TAB>SeriesInstanceUID
        <TAB>SOPInstanceUID<TAB>InstanceNumber<TAB>Rows<TAB>Columns<TAB>SHA-256 of PixelData

or "ERROR<TAB>FILE<TAB>REASON" when pydicom cannot read it, warns while reading it, or finds a text
value that breaks the rules of its VR (pydicom's own validators: length, characters, format).
"""

import hashlib
import sys
import warnings

import pydicom
import pydicom.config
from pydicom.valuerep import validate_value

TEXT_VRS = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC",
            "UI", "UR", "UT"}


def check_values(ds):
    """Validates the text values as they are in the file, before pydicom converts them."""
    for tag in list(ds.keys()):
        raw = ds.get_item(tag)
        if raw.VR not in TEXT_VRS or not isinstance(raw.value, (bytes, bytearray)):
            continue
        parts = [raw.value] if raw.VR in ("LT", "ST", "UT", "UR") else raw.value.split(b"\\")
        for part in parts:
            value = part.rstrip(b" \x00").decode("ascii")
            if raw.VR not in ("LT", "ST", "UT", "UR", "UC", "LO", "SH", "PN"):
                value = value.lstrip(" ")
            validate_value(raw.VR, value, pydicom.config.RAISE)
    for elem in ds.iterall():
        elem.value  # converts every value, which warns on what pydicom cannot read


def main():
    for path in sys.argv[1:]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                ds = pydicom.dcmread(path)
                check_values(ds)
                fields = [
                    path,
                    ds.PatientID,
                    str(ds.PatientName),
                    ds.StudyInstanceUID,
                    ds.SeriesInstanceUID,
                    ds.SOPInstanceUID,
                    str(int(ds.InstanceNumber)),
                    str(ds.Rows),
                    str(ds.Columns),
                    hashlib.sha256(ds.PixelData).hexdigest(),
                ]
            print("\t".join(fields))
        except Exception as e:  # noqa: BLE001 - every failure is reported to the caller
            print("ERROR\t%s\t%s: %s" % (path, type(e).__name__, e))


if __name__ == "__main__":
    main()
