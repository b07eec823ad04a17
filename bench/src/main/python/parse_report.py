"""The "## Parsing" section of docs/benchmarks.md, written from the measurements that
run_parse_benchmark.py collects in one run."""

import os
import statistics

SYSTEMS = ("ward", "pydicom", "dcmtk")
MODES = ("header", "bulk", "memory")
SETS = ("corpus", "ct", "multiframe")
# The 500 MiB multi-frame is not read fully into memory: that is what Ward exists not to do.
CASES = [(s, m) for s in SETS for m in MODES if not (s == "multiframe" and m == "memory")]
MB = 1e6


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def fmt(x, digits=1):
    if x != x:  # NaN
        return "–"
    if x >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def report(ctx):
    fs, results, corpus = ctx["sets"], ctx["results"], ctx["corpus"]
    out = []
    add = out.append
    m = ctx["machine"]
    add("## Parsing")
    add("")
    add("Produced by:")
    add("")
    add(f"    {ctx['command']}")
    add("")
    add(
        f"on {ctx['date']}, {m['nproc']} cores ({m['cpu']}), {m['memory']} RAM, Linux "
        f"{m['kernel']}; {m['java']}; {m['pydicom']}; {m['dcmtk']}. Load average "
        f"(1 min) during the timed rounds: {min(ctx['load']):.1f}–{max(ctx['load']):.1f} on "
        f"{m['nproc']} cores: the machine is shared, so only the ratios of this one run count."
    )
    add("")
    add(
        f"Each system parsed the same files in {ctx['reps']} interleaved rounds (order rotated "
        "each round: Ward, pydicom, dcmtk; pydicom, dcmtk, Ward; …); the tables give the median "
        "of the rounds. MB/s is bytes of file (10^6) parsed per second, whole file size counted "
        "even when the mode skips the pixel data. Ratios above 1 mean Ward is faster."
    )
    add("")
    add("### Files")
    add("")
    add(
        f"- **corpus**: every file of pydicom's test corpus ({corpus['root']}, not the "
        f".py/.json/.txt/.md/.gz/.dump files): {corpus['candidates']} files, of which "
        f"{corpus['used']} ({corpus['bytes'] / MB:.2f} MB) are read by all three systems and "
        "parsed as one set (one operation = every file once)."
    )
    for s in SYSTEMS:
        rej = corpus["rejected"][s]
        add(f"  {s} rejects {len(rej)}" + (": " + ", ".join(rej) if rej else "") + ".")
    add(
        f"- **ct**: synthetic 512×512 16-bit CT Image, explicit VR little endian, about 100 "
        f"header elements, {fs['ct']['bytes']:,} bytes (`SyntheticImages`, invented data)."
    )
    add(
        f"- **multiframe**: synthetic Enhanced CT, {ctx['args'].frames} frames of 512×512 "
        "16-bit with per-frame "
        f"functional groups, {fs['multiframe']['bytes']:,} bytes. Not read fully into memory."
    )
    add("")
    add("### Modes")
    add("")
    add("| mode | Ward | pydicom | dcmtk (`dcmdump -q +P 0008,0018 …`) |")
    add("|---|---|---|---|")
    add(
        "| header | `ReadOptions.withStopBeforePixelData(true)` | "
        "`dcmread(f, stop_before_pixels=True)` | `+sb 7fe0,0010` (stop before pixel data) |"
    )
    add(
        "| bulk | `withBulkData(4096, DicomReader.fileRegions(f))`: OB/OW/UN/… values > 4 KiB "
        "left in the file as `BulkData` | `dcmread(f, defer_size=4096)`: values > 4 KiB "
        "seeked over, read on access | `-M +R 4`: values > 4 KiB not loaded |"
    )
    add(
        "| memory | `ReadOptions.DEFAULT`: everything in memory | `dcmread(f)` and "
        "`ds.PixelData` | `+M` (default): everything loaded into memory |"
    )
    add("")
    add(
        "All three keep text as undecoded bytes until it is used, so each frames the elements, "
        "reads the values, and builds the sequences; none decodes pixel data. `force=True` lets "
        "pydicom read files without a preamble. The bulk threshold is 4 KiB because `+R 4` is "
        "the smallest dcmtk accepts. `+P 0008,0018` makes dcmdump load and parse each file as "
        "usual but print only one line, so its text formatting does not count against it."
    )
    add("")
    add(
        "How each is timed (steady state, no process start in the numbers): **Ward**: JMH, "
        f"1 fork (`-Xms1g -Xmx1g`), warm-up of 1 s iterations ("
        + ", ".join(f"{s} {n}" for s, n in ctx["ward_warmup"].items())
        + "; JIT warm-up is slow on this loaded machine, see below), "
        f"{ctx['args'].iterations}×1 s measured, throughput of whole passes over the set. "
        f"**pydicom**: one Python process, {ctx['args'].py_warmup} s of passes as warm-up, then "
        f"passes for {ctx['args'].py_time} s, timed with `perf_counter`. **dcmtk**: dcmdump is "
        "one process per invocation, so each invocation is given the file set repeated enough "
        "times to last about "
        f"{ctx['args'].dcmtk_time:g} s (the wall time includes one process start, nothing is "
        "subtracted). The files are in the page cache for every system."
    )
    add("")
    add("### Throughput, steady state (MB/s, median of rounds, [min–max])")
    add("")
    add("| set | mode | Ward | pydicom | dcmtk | Ward/pydicom | Ward/dcmtk |")
    add("|---|---|---:|---:|---:|---:|---:|")
    slower = []
    for s, mo in CASES:
        cells, meds = [], {}
        for sysname in SYSTEMS:
            xs = [ops * fs[s]["bytes"] / MB for ops in results[(sysname, s, mo)]]
            meds[sysname] = med(xs)
            cells.append(f"{fmt(meds[sysname])} [{fmt(min(xs))}–{fmt(max(xs))}]" if xs else "–")
        r_py = meds["ward"] / meds["pydicom"]
        r_dt = meds["ward"] / meds["dcmtk"]
        for peer, r in (("pydicom", r_py), ("dcmtk", r_dt)):
            if r < 1:
                slower.append(f"{s}/{mo} vs {peer} ({r:.2f}×)")
        add(f"| {s} | {mo} | " + " | ".join(cells) + f" | **{r_py:.2f}** | **{r_dt:.2f}** |")
    add("")
    add("### Throughput per CPU-second, steady state (MB per CPU-second, median of rounds)")
    add("")
    add(
        "The same runs, divided by the CPU time the parsing used instead of wall time: Ward's "
        "benchmark thread (`ThreadMXBean`, measured iterations only), pydicom's process "
        "(`time.process_time`), dcmdump's user + system time (`getrusage`, one process start "
        "included). This leaves out time spent waiting for a core, so it moves much less with "
        "the other tenants' load than the wall-clock table above; it also leaves out Ward's JIT "
        "and GC threads, and, in a sandbox like gVisor, time the sandbox spends serving system "
        "calls."
    )
    add("")
    add("| set | mode | Ward | pydicom | dcmtk | Ward/pydicom | Ward/dcmtk |")
    add("|---|---|---:|---:|---:|---:|---:|")
    cpu_slower = []
    for s, mo in CASES:
        meds = {
            sy: med([fs[s]["bytes"] / MB / c for c in ctx["cpu"][(sy, s, mo)] if c == c and c > 0])
            for sy in SYSTEMS
        }
        r_py, r_dt = meds["ward"] / meds["pydicom"], meds["ward"] / meds["dcmtk"]
        for peer, r in (("pydicom", r_py), ("dcmtk", r_dt)):
            if r < 1:
                cpu_slower.append(f"{s}/{mo} vs {peer} ({r:.2f}×)")
        add(
            f"| {s} | {mo} | " + " | ".join(fmt(meds[sy]) for sy in SYSTEMS)
            + f" | **{r_py:.2f}** | **{r_dt:.2f}** |"
        )
    add("")
    add("### Ward's JIT warm-up (first round, MB/s per 1 s iteration)")
    add("")
    add(
        "JMH's warm-up iterations are not counted; they show how long the JVM takes to reach "
        "the speed above on this machine (pydicom and dcmtk have no warm-up to speak of):"
    )
    add("")
    for (s, mo), (warm, measured) in ctx["warmup_traces"].items():
        b = fs[s]["bytes"] / MB
        add(
            f"- {s}/{mo}: " + " ".join(fmt(x * b) for x in warm)
            + " → measured " + " ".join(fmt(x * b) for x in measured)
        )
    add("")
    add("### Time per file, steady state (median; µs, or ms where marked)")
    add("")
    add("| set | mode | Ward | pydicom | dcmtk |")
    add("|---|---|---:|---:|---:|")
    for s, mo in CASES:
        n = len(fs[s]["files"])
        cells = []
        for sysname in SYSTEMS:
            us = 1e6 / med(results[(sysname, s, mo)]) / n
            cells.append(f"{us / 1000:,.1f} ms" if us >= 10000 else f"{us:,.0f} µs")
        add(f"| {s} | {mo} | " + " | ".join(cells) + " |")
    add("")
    add(
        "### One cold process (wall time incl. process start, median of "
        f"{ctx['args'].cold_reps} runs)"
    )
    add("")
    add(
        "What a short-lived tool pays: `java -cp ward-bench.jar ward.bench.ParseOnce MODE LIST` "
        "(JVM start, class loading, interpreted and C1 code), `python3 parse_pydicom.py once` "
        "(interpreter start, pydicom import), one `dcmdump` over the set."
    )
    add("")
    add("| set | mode | Ward | pydicom | dcmtk | Ward/pydicom | Ward/dcmtk |")
    add("|---|---|---:|---:|---:|---:|---:|")
    for (s, mo), times in ctx["cold"].items():
        meds = {k: med(v) for k, v in times.items()}
        add(
            f"| {s} | {mo} | "
            + " | ".join(f"{meds[k] * 1000:,.0f} ms" for k in SYSTEMS)
            + f" | {meds['pydicom'] / meds['ward']:.2f} | {meds['dcmtk'] / meds['ward']:.2f} |"
        )
    add("")
    add("(Ratios here are time of the peer / time of Ward: above 1 means Ward is faster.)")
    add("")
    add("### Memory")
    add("")
    add(
        f"Ward's heap, from `HeapProbe` run with `-Xmx32m -XX:+UseSerialGC` ({ctx['heap_max']}): "
        "bytes allocated while parsing once, heap still held by the parsed result after a full "
        "collection, and the peak of the heap pools during the parse (garbage included)."
    )
    add("")
    add("| set | mode | file size | allocated | retained | peak heap |")
    add("|---|---|---:|---:|---:|---:|")
    for row in ctx["heap"]:
        add(
            f"| {row['set']} | {row['mode']} | {int(row['file_bytes']) / MB:,.1f} MB | "
            f"{int(row['allocated_bytes']) / 1024:,.0f} KiB | "
            f"{max(0, int(row['retained_bytes'])) / 1024:,.0f} KiB | "
            f"{int(row['peak_heap_bytes']) / 1024 / 1024:,.1f} MiB |"
        )
    add("")
    heap = {(r["set"], r["mode"]): r for r in ctx["heap"]}
    mf_bulk, mf_header = heap[("multiframe", "bulk")], heap[("multiframe", "header")]
    add(
        f"The {int(mf_bulk['file_bytes']) / MB:,.1f} MB multi-frame with its pixel data left in "
        f"the file holds {max(0, int(mf_bulk['retained_bytes'])) / 1024:,.0f} KiB of heap, as "
        f"its header alone does ({max(0, int(mf_header['retained_bytes'])) / 1024:,.0f} KiB, "
        "mostly the per-frame functional group items), and its parse peaks at "
        f"{int(mf_bulk['peak_heap_bytes']) / 1024 / 1024:,.1f} MiB in a JVM allowed "
        f"{ctx['heap_max'].replace('max heap ', '')}: Ward's heap follows the header, not the "
        "pixel data."
    )
    add("")
    add(
        "Peak resident set size of one process parsing a file once in bulk mode "
        "(`/usr/bin/time -f %M`; Ward's JVM with `-Xmx32m`, most of its RSS is the JVM itself):"
    )
    add("")
    add("| file | Ward | pydicom | dcmtk |")
    add("|---|---:|---:|---:|")
    for s, row in ctx["rss"].items():
        add(f"| {s} (bulk) | " + " | ".join(f"{row[k]:,.0f} MiB" for k in SYSTEMS) + " |")
    add("")
    add("### Verdict")
    add("")
    if slower:
        add("By wall clock, Ward is **slower** in: " + "; ".join(slower) + ".")
    else:
        add("By wall clock, Ward is faster than pydicom and dcmtk in every steady-state case.")
    add("")
    if cpu_slower:
        add("By CPU time, Ward is **slower** in: " + "; ".join(cpu_slower) + ".")
    else:
        add("By CPU time, Ward is faster than pydicom and dcmtk in every steady-state case.")
    add("")
    add("See *Where the reader loses time* below for the causes found and suggested fixes.")
    add("")
    return "\n".join(out) + "\n"


def update_doc(path, section):
    text = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
    if not text.strip():
        text = (
            "# Benchmarks\n\nNumbers with the command that produced them. Measure on a quiet "
            "machine if you can; on a shared one only ratios measured in one run mean "
            "anything.\n\n"
        )
    lines = text.splitlines(keepends=True)
    start = next((i for i, l in enumerate(lines) if l.rstrip() == "## Parsing"), None)
    if start is None:
        new = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        rest = "".join(lines[end:])
        new = "".join(lines[:start]) + section.rstrip("\n") + "\n" + ("\n" + rest if rest else "")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)
