"""Parses DICOM files with pydicom, the way Ward's ParseBenchmark parses them with Ward.

Run with Debian's interpreter (/usr/bin/python3), which has python3-pydicom.

    parse_pydicom.py check LIST              print the files of LIST pydicom reads in every mode
    parse_pydicom.py once MODE LIST          parse every file once (a cold process, timed outside)
    parse_pydicom.py bench MODE LIST [--warmup S] [--time S]
                                             parse the whole list over and over: S seconds of
                                             warm-up, then S seconds measured; prints JSON with
                                             passes, seconds and CPU seconds (steady state, no
                                             process start)

Modes (the same names as Ward's):
    header  dcmread(f, stop_before_pixels=True): stops at the top-level pixel data.
    bulk    dcmread(f, defer_size=4096): values longer than 4096 bytes are not read but seeked
            over and read from the file on access, as Ward's BulkData references.
    memory  dcmread(f) then ds.PixelData: everything read into memory.

Like Ward, pydicom keeps element values as undecoded bytes until they are used (its
RawDataElement), so both do the same work: frame elements, read values, build sequences.
force=True lets pydicom read the corpus files that have no preamble, as Ward does.
"""

import json
import sys
import time
import warnings

import pydicom
from pydicom import config

BULK_THRESHOLD = 4096


def parse(mode, path):
    if mode == "header":
        return pydicom.dcmread(path, stop_before_pixels=True, force=True)
    if mode == "bulk":
        return pydicom.dcmread(path, defer_size=BULK_THRESHOLD, force=True)
    if mode == "memory":
        ds = pydicom.dcmread(path, force=True)
        if "PixelData" in ds:
            ds.PixelData  # noqa: B018 - converts the raw element: its bytes are in memory
        return ds
    raise SystemExit(f"unknown mode {mode} (header, bulk or memory)")


def read_list(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def parse_all(mode, files):
    for f in files:
        parse(mode, f)


def check(files):
    for f in files:
        try:
            for mode in ("header", "bulk", "memory"):
                ds = parse(mode, f)
                # A forced read of a non-DICOM file yields an empty data set, not an error.
                if len(ds) == 0:
                    raise ValueError("no elements")
        except Exception as e:  # noqa: BLE001 - any failure excludes the file
            print(f"pydicom rejects {f}: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        print(f)


def bench(mode, files, warmup, seconds):
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        parse_all(mode, files)
    passes = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    while True:
        parse_all(mode, files)
        passes += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    cpu = time.process_time() - cpu_start
    print(json.dumps({"passes": passes, "seconds": elapsed, "cpu_seconds": cpu}))


def main(argv):
    warnings.simplefilter("ignore")
    if len(argv) >= 2 and argv[0] == "check":
        check(read_list(argv[1]))
    elif len(argv) == 3 and argv[0] == "once":
        parse_all(argv[1], read_list(argv[2]))
    elif len(argv) >= 3 and argv[0] == "bench":
        opts = dict(zip(argv[3::2], argv[4::2]))
        bench(
            argv[1],
            read_list(argv[2]),
            float(opts.get("--warmup", 1)),
            float(opts.get("--time", 3)),
        )
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
