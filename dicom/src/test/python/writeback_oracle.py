"""Compares files Ward wrote back with the originals they were read from, as pydicom sees them.

Reads lines "ORIGINAL<TAB>REWRITTEN<TAB>MODE" from standard input, MODE being "same" (written in
the original's transfer syntax) or "reencoded" (written in another one). For each pair it prints
one line per difference:

    DIFF<TAB>REWRITTEN<TAB>TAG PATH<TAB>REASON

and then "DONE<TAB>REWRITTEN", so that the caller can tell that every pair was compared.

Group lengths (gggg,0000) are ignored, and so are the file meta elements that a writer legitimately
changes: the implementation class UID and version name, and the transfer syntax of a re-encoded
file. Values of OW, OF, OL, OD and OV are compared as little-endian bytes, so that a big endian
original compares equal to its little endian re-encoding.
"""

import math
import sys
import warnings

import pydicom
import pydicom.dataset
import pydicom.filereader
from pydicom.sequence import Sequence

SWAP_UNITS = {"OW": 2, "OF": 4, "OL": 4, "OD": 8, "OV": 8}
META_CHANGES = {0x00020000, 0x00020012, 0x00020013}


def tag_name(tag):
    return "(%04X,%04X)" % (tag >> 16, tag & 0xFFFF)


def little_endian(value, vr, is_little_endian):
    unit = SWAP_UNITS.get(vr)
    if is_little_endian or unit is None or not isinstance(value, (bytes, bytearray)):
        return value
    out = bytearray(value)
    for i in range(0, len(out) - len(out) % unit, unit):
        out[i:i + unit] = out[i:i + unit][::-1]
    return bytes(out)


def same(a, b):
    if a == b:
        return True
    if isinstance(a, float) and isinstance(b, float):
        return math.isnan(a) and math.isnan(b)
    return repr(a) == repr(b)


def vr_name(vr):
    return getattr(vr, "value", vr)


def short(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def element(ds, tag):
    try:
        return ds[tag], None
    except Exception as e:  # a value pydicom cannot convert
        return None, "%s: %s" % (type(e).__name__, e)


def value_of(elem):
    try:
        return elem.value, None
    except Exception as e:
        return None, "%s: %s" % (type(e).__name__, e)


def compare(a, b, a_le, b_le, path, report, ignore=frozenset()):
    for tag in sorted(set(a.keys()) | set(b.keys())):
        if (tag & 0xFFFF) == 0 or tag in ignore:
            continue
        where = path + tag_name(tag)
        if tag not in b:
            report(where, "missing from the rewritten file")
            continue
        if tag not in a:
            report(where, "only in the rewritten file")
            continue
        ea, error_a = element(a, tag)
        eb, error_b = element(b, tag)
        if error_a or error_b:
            if error_a != error_b:
                report(where, "pydicom reads original as %s, rewritten as %s" % (
                    error_a or "ok", error_b or "ok"))
            continue
        if ea.VR != eb.VR:
            report(where, "VR %s became %s" % (vr_name(ea.VR), vr_name(eb.VR)))
        va, error_a = value_of(ea)
        vb, error_b = value_of(eb)
        if error_a or error_b:
            if error_a != error_b:
                report(where, "pydicom decodes original as %s, rewritten as %s" % (
                    error_a or "ok", error_b or "ok"))
            continue
        if ea.VR == "SQ" and eb.VR == "SQ" and not va and not vb:
            continue  # pydicom reads an empty sequence as [] or as an empty Sequence
        if isinstance(va, Sequence) or isinstance(vb, Sequence):
            if not (isinstance(va, Sequence) and isinstance(vb, Sequence)):
                report(where, "sequence %s became %s" % (short(va), short(vb)))
                continue
            if len(va) != len(vb):
                report(where, "%d items became %d" % (len(va), len(vb)))
                continue
            for i, (ia, ib) in enumerate(zip(va, vb)):
                compare(ia, ib, a_le, b_le, "%s[%d]" % (where, i), report)
            continue
        va = little_endian(va, ea.VR, a_le)
        vb = little_endian(vb, eb.VR, b_le)
        if not same(va, vb):
            report(where, "value %s became %s" % (short(va), short(vb)))


def plain_read(path, force=False):
    """Reads a file as a plain data set, also a DICOMDIR (whose records pydicom would follow)."""
    keep = pydicom.filereader.DicomDir
    pydicom.filereader.DicomDir = pydicom.dataset.FileDataset
    try:
        ds = pydicom.dcmread(path, force=force)
    finally:
        pydicom.filereader.DicomDir = keep
    ds.decode()
    return ds


def compare_pair(original, rewritten, mode, out):
    def report(where, reason):
        out.write("DIFF\t%s\t%s\t%s\n" % (rewritten, where, reason.replace("\t", " ")))

    # As a whole: what pydicom makes of the file, a DICOMDIR's records included
    try:
        pydicom.dcmread(original, force=True)
        try:
            pydicom.dcmread(rewritten)
        except Exception as e:
            report("-", "pydicom reads the original but not the rewritten file: %s: %s" % (
                type(e).__name__, e))
    except Exception:
        pass
    # Element by element
    try:
        a = plain_read(original, force=True)
    except Exception as e:
        report("-", "pydicom cannot read the original: %s: %s" % (type(e).__name__, e))
        return
    try:
        b = plain_read(rewritten)
    except Exception as e:
        report("-", "pydicom cannot read the rewritten file: %s: %s" % (type(e).__name__, e))
        return
    ignore = set(META_CHANGES)
    if mode == "reencoded":
        ignore.add(0x00020010)
    compare(a.file_meta, b.file_meta, True, True, "meta", report, frozenset(ignore))
    compare(a, b, a.is_little_endian, b.is_little_endian, "", report)


def main():
    warnings.simplefilter("ignore")
    out = sys.stdout
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        original, rewritten, mode = line.split("\t")
        try:
            compare_pair(original, rewritten, mode, out)
        except Exception as e:
            out.write("DIFF\t%s\t-\tcomparison failed: %s: %s\n" % (rewritten, type(e).__name__, e))
        out.write("DONE\t%s\n" % rewritten)
    out.flush()


if __name__ == "__main__":
    main()
