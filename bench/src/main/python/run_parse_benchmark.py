"""Parsing throughput of Ward, pydicom and dcmtk on the same files, interleaved, in one run.

Started by bench/run-parse-benchmark (which builds the jar and makes the work directory); run
with Debian's /usr/bin/python3, which has python3-pydicom. Prints the tables and rewrites the
"## Parsing" section of docs/benchmarks.md with them.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PARSE_PYDICOM = os.path.join(HERE, "parse_pydicom.py")
PYTHON = "/usr/bin/python3"
SYSTEMS = ("ward", "pydicom", "dcmtk")
MODES = ("header", "bulk", "memory")
SETS = ("corpus", "ct", "multiframe")
# The 500 MiB multi-frame is not read fully into memory: that is what Ward exists not to do.
CASES = [(s, m) for s in SETS for m in MODES if not (s == "multiframe" and m == "memory")]
SEARCH = ["+P", "0008,0018"]  # dcmdump prints only SOP Instance UID: parsing, not formatting
DCMDUMP = {
    "header": ["dcmdump", "-q", *SEARCH, "+sb", "7fe0,0010"],
    "bulk": ["dcmdump", "-q", *SEARCH, "-M", "+R", "4"],
    "memory": ["dcmdump", "-q", *SEARCH, "+M"],
}
MB = 1e6
WARD_WARMUP = {"corpus": 10, "ct": 6, "multiframe": 5}  # 1 s iterations
WARMUP_TRACES = {}  # (set, mode) -> (warm-up scores, measured scores) of the first round


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, **kw):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def write_list(path, files):
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(p + "\n" for p in files))
    return path


def read_lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


# ---------------------------------------------------------------- preparation


def machine():
    model = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as f:
        mem_kib = int(f.readline().split()[1])
    java = subprocess.run(
        ["java", "-version"], capture_output=True, text=True
    ).stderr.splitlines()[0]
    dcmtk = subprocess.run(
        ["dcmdump", "--version"], capture_output=True, text=True
    ).stdout.splitlines()[0]
    import pydicom

    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory": f"{mem_kib / 1024 / 1024:.0f} GiB",
        "kernel": platform.release(),
        "java": java,
        "pydicom": f"pydicom {pydicom.__version__} (Python {platform.python_version()})",
        "dcmtk": dcmtk.strip("$ "),
    }


def prepare_corpus(work, jar):
    """Copies pydicom's test corpus into the work directory and keeps what all three read."""
    import pydicom.data

    root = os.path.dirname(pydicom.data.__file__)
    skip_ext = (".py", ".pyc", ".json", ".txt", ".md", ".gz", ".dump")
    candidates = []
    for d, _, names in sorted(os.walk(root)):
        if "__pycache__" in d:
            continue
        for n in sorted(names):
            if not n.endswith(skip_ext) and n != "README":
                candidates.append(os.path.join(d, n))
    corpus = os.path.join(work, "corpus")
    os.makedirs(corpus)
    copies, origin = [], {}
    for i, src in enumerate(candidates):
        dst = os.path.join(corpus, f"{i:03d}-{os.path.basename(src)}")
        shutil.copyfile(src, dst)
        copies.append(dst)
        origin[dst] = os.path.relpath(src, root)
    cand = write_list(os.path.join(work, "candidates.list"), copies)

    ward = subprocess.run(
        ["java", "-cp", jar, "ward.bench.ParseOnce", "check", cand],
        capture_output=True, text=True, check=True,
    )
    py = subprocess.run(
        [PYTHON, PARSE_PYDICOM, "check", cand], capture_output=True, text=True, check=True
    )
    dcmtk_rejects = set()
    for cmd in DCMDUMP.values():
        # dcmdump goes on after a file it cannot read and names it on stderr.
        r = subprocess.run(
            [c for c in cmd if c != "-q"] + copies,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        for m in re.finditer(r"^E: dcmdump: .*reading file: (.*)$", r.stderr, re.M):
            dcmtk_rejects.add(m.group(1).strip())
    accepted = {
        "ward": set(read_lines(ward.stdout)),
        "pydicom": set(read_lines(py.stdout)),
        "dcmtk": set(copies) - dcmtk_rejects,
    }
    used = [f for f in copies if all(f in a for a in accepted.values())]
    write_list(os.path.join(work, "corpus.list"), used)
    rejected = {s: sorted(origin[f] for f in copies if f not in a) for s, a in accepted.items()}
    return {
        "root": root,
        "candidates": len(copies),
        "used": len(used),
        "bytes": sum(os.path.getsize(f) for f in used),
        "rejected": rejected,
        "files": used,
    }


def file_sets(work, corpus):
    sets = {"corpus": corpus["files"]}
    for name in ("ct", "multiframe"):
        sets[name] = [os.path.join(work, name + ".dcm")]
    for name, files in sets.items():
        write_list(os.path.join(work, name + ".list"), files)
    return {
        name: {
            "files": files,
            "bytes": sum(os.path.getsize(f) for f in files),
            "list": os.path.join(work, name + ".list"),
        }
        for name, files in sets.items()
    }


# ---------------------------------------------------------------- measurements


def measure_ward(args, work, fs, set_name, mode, tag):
    bench = "ward.bench.ParseBenchmark.InMemory.memory" if mode == "memory" else (
        "ward.bench.ParseBenchmark." + mode
    )
    out = os.path.join(work, f"jmh-{tag}.json")
    logfile = os.path.join(work, f"jmh-{tag}.log")
    cmd = [
        "java", "-jar", args.jar, "^" + re.escape(bench) + "$",
        "-p", f"set={set_name}", "-p", f"dir={work}",
        "-f", "1", "-wi", str(warmup_iterations(args, set_name)), "-w", "1s",
        "-i", str(args.iterations), "-r", "1s",
        "-rf", "json", "-rff", out,
    ]
    with open(logfile, "w", encoding="utf-8") as f:
        r = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
    if r.returncode != 0 or not os.path.exists(out):
        with open(logfile, encoding="utf-8") as f:
            sys.exit("JMH failed:\n" + f.read()[-3000:])
    with open(out, encoding="utf-8") as f:
        metric = json.load(f)[0]["primaryMetric"]
    iterations = [x for fork in metric["rawData"] for x in fork]
    with open(logfile, encoding="utf-8") as f:
        text = f.read()
    warmup = [
        float(x.replace(",", ""))
        for x in re.findall(r"^# Warmup Iteration\s+\d+: ([\d.,]+) ops/s", text, re.M)
    ]
    cpu = re.search(r"ward-cpu-ns-per-op ([0-9.Ee+-]+)", text)
    WARMUP_TRACES.setdefault((set_name, mode), (warmup, iterations))
    log(f"  ward {set_name}/{mode} passes/s, warm-up: "
        + " ".join(f"{x:.3g}" for x in warmup) + "; measured: "
        + " ".join(f"{x:.3g}" for x in iterations))
    # file-set passes per second, and CPU seconds of the benchmark thread per pass
    return metric["score"], float(cpu.group(1)) / 1e9 if cpu else float("nan")


def warmup_iterations(args, set_name):
    """JIT warm-up on a loaded 2-core machine is slow: the corpus, with the most code paths,
    took about 15 s to reach steady state in trials here; the single files much less."""
    if args.warmup_iterations is not None:
        return args.warmup_iterations
    return WARD_WARMUP[set_name]


def measure_pydicom(args, fs, set_name, mode):
    r = run(
        [PYTHON, PARSE_PYDICOM, "bench", mode, fs[set_name]["list"],
         "--warmup", str(args.py_warmup), "--time", str(args.py_time)],
        capture_output=True, text=True,
    )
    res = json.loads(r.stdout)
    return res["passes"] / res["seconds"], res["cpu_seconds"] / res["passes"]


def dcmtk_repeats(fs, set_name, mode, target_seconds):
    """How many passes over the set make one dcmdump invocation last about target_seconds."""
    files = fs[set_name]["files"]
    t = timed(DCMDUMP[mode] + files)
    k = max(1, math.ceil(target_seconds / max(t, 1e-3)))
    return min(k, max(1, 30000 // len(files)))  # keep the command line well under ARG_MAX


def measure_dcmtk(fs, set_name, mode, repeats):
    files = fs[set_name]["files"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = timed(DCMDUMP[mode] + files * repeats)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return repeats / t, cpu / repeats


def loadavg():
    with open("/proc/loadavg", encoding="utf-8") as f:
        return float(f.read().split()[0])


# ---------------------------------------------------------------- cold runs and memory


def cold_commands(args, fs, set_name, mode):
    lst = fs[set_name]["list"]
    return {
        "ward": ["java", "-cp", args.jar, "ward.bench.ParseOnce", mode, lst],
        "pydicom": [PYTHON, PARSE_PYDICOM, "once", mode, lst],
        "dcmtk": DCMDUMP[mode] + fs[set_name]["files"],
    }


def max_rss_mib(cmd):
    r = subprocess.run(
        ["/usr/bin/time", "-f", "%M"] + cmd,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True,
    )
    return int(r.stderr.strip().splitlines()[-1]) / 1024


def heap_probe(args, work):
    """Runs HeapProbe once per case, each in a fresh JVM limited to 32 MiB of heap."""
    rows = []
    max_heap = 0
    for s, mo in (("ct", "header"), ("ct", "bulk"), ("ct", "memory"),
                  ("multiframe", "header"), ("multiframe", "bulk")):
        r = run(
            ["java", "-Xmx32m", "-XX:+UseSerialGC", "-cp", args.jar, "ward.bench.HeapProbe",
             work, s, mo],
            capture_output=True, text=True,
        )
        max_heap, size, alloc, retained, peak = (int(x) for x in r.stdout.split())
        rows.append({"set": s, "mode": mo, "file_bytes": size, "allocated_bytes": alloc,
                     "retained_bytes": retained, "peak_heap_bytes": peak})
    return f"max heap {max_heap / 1024 / 1024:.0f} MiB", rows


# ---------------------------------------------------------------- report


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
        + ", ".join(f"{s} {warmup_iterations(ctx['args'], s)}" for s in SETS)
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
    for (s, mo), (warm, measured) in WARMUP_TRACES.items():
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


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--doc", help="markdown file whose '## Parsing' section is rewritten")
    ap.add_argument("--command", default="bench/run-parse-benchmark")
    ap.add_argument("--reps", type=int, default=3, help="interleaved rounds")
    ap.add_argument("--cold-reps", type=int, default=3)
    ap.add_argument(
        "--warmup-iterations", type=int, default=None,
        help="JMH warm-up iterations of 1 s (default per set: %s)" % WARD_WARMUP,
    )
    ap.add_argument("--iterations", type=int, default=3)
    ap.add_argument("--py-warmup", type=float, default=1)
    ap.add_argument("--py-time", type=float, default=2)
    ap.add_argument("--dcmtk-time", type=float, default=2)
    ap.add_argument("--frames", type=int, default=1000)
    args = ap.parse_args()
    work = args.work
    ctx = {"args": args, "command": args.command, "reps": args.reps, "load": []}
    ctx["date"] = datetime.datetime.now().strftime("%Y-%m-%d %H:%M %Z").strip()
    ctx["machine"] = machine()
    began = time.monotonic()

    log(f"writing the synthetic files into {work}")
    run(["java", "-cp", args.jar, "ward.bench.SyntheticImages", work, str(args.frames)],
        stdout=subprocess.DEVNULL)
    log("sorting out pydicom's corpus")
    corpus = prepare_corpus(work, args.jar)
    ctx["corpus"] = corpus
    fs = file_sets(work, corpus)
    ctx["sets"] = fs
    log(
        f"corpus: {corpus['used']} of {corpus['candidates']} files read by all three "
        f"(rejected: " + ", ".join(f"{s} {len(r)}" for s, r in corpus["rejected"].items()) + ")"
    )

    log("memory: Ward's heap probe and each system's peak RSS")
    ctx["heap_max"], ctx["heap"] = heap_probe(args, work)
    ctx["rss"] = {}
    for s in ("ct", "multiframe"):
        cmds = cold_commands(args, fs, s, "bulk")
        cmds["ward"] = cmds["ward"][:1] + ["-Xmx32m"] + cmds["ward"][1:]
        ctx["rss"][s] = {k: max_rss_mib(c) for k, c in cmds.items()}

    log("warm-up round: page cache, memory, dcmtk repeat counts (not recorded)")
    with open(fs["multiframe"]["files"][0], "rb") as f:
        while f.read(1 << 24):
            pass
    repeats = {}
    for s, mo in CASES:
        repeats[(s, mo)] = dcmtk_repeats(fs, s, mo, args.dcmtk_time)
        run([PYTHON, PARSE_PYDICOM, "once", mo, fs[s]["list"]])
    run(["java", "-cp", args.jar, "ward.bench.ParseOnce", "memory", fs["corpus"]["list"]],
        stdout=subprocess.DEVNULL)

    results = {(sy, s, mo): [] for sy in SYSTEMS for s, mo in CASES}
    cpu = {(sy, s, mo): [] for sy in SYSTEMS for s, mo in CASES}
    for rep in range(args.reps):
        order = SYSTEMS[rep % 3:] + SYSTEMS[: rep % 3]
        ctx["load"].append(loadavg())
        for s, mo in CASES:
            for sy in order:
                if sy == "ward":
                    ops = measure_ward(args, work, fs, s, mo, f"{rep}-{s}-{mo}")
                elif sy == "pydicom":
                    ops = measure_pydicom(args, fs, s, mo)
                else:
                    ops = measure_dcmtk(fs, s, mo, repeats[(s, mo)])
                results[(sy, s, mo)].append(ops[0])
                cpu[(sy, s, mo)].append(ops[1])
            line = "  ".join(
                f"{sy} {results[(sy, s, mo)][-1] * fs[s]['bytes'] / MB:8.1f}" for sy in SYSTEMS
            )
            per_cpu = "  ".join(
                f"{sy} {fs[s]['bytes'] / MB / cpu[(sy, s, mo)][-1]:8.1f}" for sy in SYSTEMS
            )
            log(f"round {rep + 1}/{args.reps} {s:10s} {mo:6s} MB/s: {line}   "
                f"MB/CPU-s: {per_cpu}")
        ctx["load"].append(loadavg())
    ctx["results"] = results
    ctx["cpu"] = cpu

    log("cold single-process runs")
    cold_cases = [("corpus", "memory"), ("ct", "memory"), ("multiframe", "bulk")]
    ctx["cold"] = {c: {sy: [] for sy in SYSTEMS} for c in cold_cases}
    for rep in range(args.cold_reps):
        order = SYSTEMS[rep % 3:] + SYSTEMS[: rep % 3]
        for c in cold_cases:
            cmds = cold_commands(args, fs, *c)
            for sy in order:
                ctx["cold"][c][sy].append(timed(cmds[sy]))

    section = report(ctx)
    print()
    print(section)
    if args.doc:
        update_doc(args.doc, section)
        log(f"wrote the '## Parsing' section of {args.doc}")
    log(f"done in {time.monotonic() - began:.0f} s")


if __name__ == "__main__":
    main()
