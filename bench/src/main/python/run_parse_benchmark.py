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
import subprocess
import sys
import time

from parse_report import CASES, MB, SETS, SYSTEMS, report, update_doc

HERE = os.path.dirname(os.path.abspath(__file__))
PARSE_PYDICOM = os.path.join(HERE, "parse_pydicom.py")
PYTHON = "/usr/bin/python3"
SEARCH = ["+P", "0008,0018"]  # dcmdump prints only SOP Instance UID: parsing, not formatting
DCMDUMP = {
    "header": ["dcmdump", "-q", *SEARCH, "+sb", "7fe0,0010"],
    "bulk": ["dcmdump", "-q", *SEARCH, "-M", "+R", "4"],
    "memory": ["dcmdump", "-q", *SEARCH, "+M"],
}
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
    ctx["warmup_traces"] = WARMUP_TRACES
    ctx["ward_warmup"] = {s: warmup_iterations(args, s) for s in SETS}
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
