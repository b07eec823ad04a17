"""The archive benchmark's report, from its results.json alone: the tables, the ratios of Ward to
Orthanc and to storescp (ratios.md, ratios.tsv), a PNG chart of them (drawn by the bench jar's
RatioChart, java.awt headless) and the measured part of docs/benchmarks-archive.md.

    python3 report.py RESULTS.json BENCH_JAR [DOC]    re-renders from a finished run's results
"""
import json
import os
import statistics
import subprocess
import sys
from datetime import datetime, timezone

LABEL = {"ward-tls": "Ward, TLS + user identity", "ward-plain": "Ward, plaintext (legacy AE)",
         "orthanc-plain": "Orthanc, SQLite, plain", "orthanc-tls": "Orthanc, SQLite, DICOM TLS",
         "orthanc-pg": "Orthanc, PostgreSQL, plain", "storescp": "storescp, page cache only",
         "storescp-sync": "storescp + sync of file and directory"}
QUERY_LABEL = {"ward": "Ward", "orthanc": "Orthanc SQLite", "orthanc-pg": "Orthanc PostgreSQL"}
# The peers of the ratio table, in its column order.
PEERS = [("orthanc", "Orthanc (SQLite)"), ("orthanc-pg", "Orthanc (PostgreSQL)"),
         ("storescp", "storescp"), ("storescp-sync", "storescp + sync")]
MARK = "<!-- Observations below are written by hand; bench/run-archive-benchmark keeps them. -->"
med = statistics.median


def fmt(x, d=0):
    return f"{x:,.{d}f}"


def version(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
        return (r.stdout + r.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def package_version(name):
    return version(["dpkg-query", "-W", "-f", "${Version}", name])


def pick(recs, **kw):
    return [r for r in recs if all(r.get(k) == v for k, v in kw.items())]


# ------------------------------------------------------------------ ratios


def headline(results):
    """Rows of (measurement, what Ward is, Ward's value, unit, {peer: value}, higher_is_better)."""
    rows = []
    ing = results["ingest"]

    def rate(system, a):
        rs = pick(ing, system=system, assocs=a)
        return rs[0]["instances"] / med(r["seconds"] for r in rs) if rs else None

    for a in (1, 4):
        for ward, what, peers in (
                ("ward-tls", "TLS", {"orthanc": "orthanc-plain", "orthanc-pg": "orthanc-pg",
                                     "storescp": "storescp", "storescp-sync": "storescp-sync"}),
                ("ward-tls", "TLS; Orthanc with DICOM TLS", {"orthanc": "orthanc-tls"}),
                ("ward-plain", "plaintext", {"orthanc": "orthanc-plain", "orthanc-pg": "orthanc-pg",
                                             "storescp": "storescp", "storescp-sync": "storescp-sync"})):
            w = rate(ward, a)
            if w is None:
                continue
            vals = {p: rate(s, a) for p, s in peers.items() if rate(s, a) is not None}
            rows.append((f"Ingest, {a} assoc. (Ward {what})", w, "inst/s", vals, True))
    for kind, name in (("find", "C-FIND"), ("qido", "QIDO-RS")):
        recs = results[kind]
        for size in sorted({r["indexed"] for r in recs}):
            for shape in results["meta"]["shapes"]:
                cell = {s: med(r["p50"] for r in pick(recs, system=s, indexed=size, shape=shape))
                        for s in ("ward", "orthanc", "orthanc-pg") if pick(recs, system=s, indexed=size, shape=shape)}
                if "ward" in cell:
                    rows.append((f"{name} p50, {shape}, {size // 1000}k", cell.pop("ward"), "ms", cell, False))
    for streams in (1, 4):
        recs = results.get("stow", [])
        cell = {s: med(r["instances"] / r["seconds"] for r in pick(recs, system=s, streams=streams))
                for s in ("ward", "orthanc", "orthanc-pg") if pick(recs, system=s, streams=streams)}
        if "ward" in cell:
            rows.append((f"STOW-RS ingest, {streams} conn. (Ward HTTPS)", cell.pop("ward"), "inst/s", cell, True))
    for kind, name in (("cget", "C-GET"), ("wado", "WADO-RS")):
        recs = results[kind]
        for streams in (1, 4):
            cell = {}
            for s in ("ward", "orthanc", "orthanc-pg"):
                rs = pick(recs, system=s, streams=streams)
                if rs:
                    cell[s] = med(r["bytes"] / 1e6 / r["seconds"] for r in rs)
            if "ward" in cell:
                unit = "assoc." if kind == "cget" else "conn."
                rows.append((f"{name}, {streams} {unit}", cell.pop("ward"), "MB/s", cell, True))
    starts = results["startup"]

    def start(system, indexed=0):
        rs = [r["seconds"] for r in starts if r["system"] == system and r["indexed"] == indexed]
        return med(rs) if rs else None

    w = start("ward-tls")
    if w is not None:
        vals = {p: start(s) for p, s in (("orthanc", "orthanc-plain"), ("orthanc-pg", "orthanc-pg"),
                                         ("storescp", "storescp")) if start(s) is not None}
        rows.append(("Start-up, empty archive", w, "s", vals, False))
    big = max([r["indexed"] for r in starts] + [0])
    if big and start("ward-query", big) is not None:
        vals = {p: start(p + "-query", big) for p in ("orthanc", "orthanc-pg") if start(p + "-query", big)}
        rows.append((f"Start-up, {big // 1000}k instances", start("ward-query", big), "s", vals, False))

    def peak(system):
        rs = pick(ing, system=system, assocs=4)
        return med(r["peak_rss_mib"] + r.get("db_pss_mib", 0) for r in rs) if rs else None

    if peak("ward-tls") is not None:
        vals = {p: peak(s) for p, s in (("orthanc", "orthanc-plain"), ("orthanc-pg", "orthanc-pg"),
                                        ("storescp", "storescp")) if peak(s) is not None}
        rows.append(("Peak memory, ingest 4 assoc. (Ward TLS)", peak("ward-tls"), "MiB", vals, False))
    loaded = results.get("rss_after_load", {})
    if "ward" in loaded:
        vals = {p: loaded[p]["rss_mib"] + loaded[p].get("db_pss_mib", 0) for p in ("orthanc", "orthanc-pg") if p in loaded}
        rows.append((f"Memory after loading {big // 1000}k", loaded["ward"]["rss_mib"], "MiB", vals, False))
    return rows


def advantage(ward, peer, higher_is_better):
    """Ward's advantage: above 1 Ward is faster (or smaller)."""
    return ward / peer if higher_is_better else peer / ward


def ratio_table(rows):
    head = "| measurement | unit | Ward | " + " | ".join(f"{n} | Ward/{n}" for _, n in PEERS) + " |"
    out = [head, "|---|---|---:|" + "---:|---:|" * len(PEERS)]
    tsv = []
    for name, w, unit, vals, hib in rows:
        d = 0 if unit in ("inst/s", "MiB") else 1 if unit == "MB/s" else 2
        cells = []
        for p, pname in PEERS:
            if p in vals and vals[p]:
                r = advantage(w, vals[p], hib)
                cells.append(f"{fmt(vals[p], d)} | **{r:.2f}**")
                tsv.append(f"{name}\t{pname}\t{r:.4f}")
            else:
                cells.append("– | –")
        out.append(f"| {name} | {unit} | {fmt(w, d)} | " + " | ".join(cells) + " |")
    return out, tsv


# ------------------------------------------------------------------ detailed tables


def by_streams_and_system(recs):
    """(streams, system, records) for 1 then 4 streams, each system that has records for them."""
    for streams in (1, 4):
        for s in ("ward", "orthanc", "orthanc-pg"):
            rs = pick(recs, system=s, streams=streams)
            if rs:
                yield streams, s, rs


def cold(rs):
    """The median rate of the priming instances each run began with (a server fresh from start)."""
    rates = [r["priming_instances"] / r["priming_seconds"] for r in rs if r.get("priming_seconds")]
    return fmt(med(rates)) if rates else "–"


def ingest_tables(results):
    ing = results["ingest"]
    if not ing:
        return []
    primed = next((r["priming_instances"] for r in ing if r.get("priming_seconds")), None)
    first = f"first {primed:,} after start, inst/s" if primed else "first after start, inst/s"
    rows = ["| system | assoc. | inst/s | MB/s | server CPU ms/inst | client CPU ms/inst | peak RSS MiB | RSS after MiB | "
            + first + " |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for a in (1, 4):
        for s in results["meta"]["systems"]:
            rs = pick(ing, system=s, assocs=a)
            if not rs:
                continue
            n, mb = rs[0]["instances"], rs[0]["bytes"] / 1e6
            secs = med(r["seconds"] for r in rs)
            extra = ""
            if s == "orthanc-pg":
                extra = f" (+ {fmt(med(r['db_pss_mib'] for r in rs))} PostgreSQL PSS)"
            rows.append(f"| {LABEL[s]} | {a} | {fmt(n / secs)} | {fmt(mb / secs)} | "
                        f"{med(1000 * r['server_cpu_s'] / n for r in rs):.2f} | "
                        f"{med(1000 * r['client_cpu_s'] / n for r in rs):.2f} | "
                        f"{fmt(med(r['peak_rss_mib'] for r in rs))}{extra} | {fmt(med(r['rss_mib'] for r in rs))} | "
                        f"{cold(rs)} |")
    return rows


def start_table(results):
    rows = ["| server | archive | start-up to first C-ECHO (median) | runs |", "|---|---|---:|---:|"]
    systems = results["meta"]["systems"] + ["ward-query", "orthanc-query", "orthanc-pg-query"]
    for s in systems:
        for idx in sorted({r["indexed"] for r in results["startup"]}):
            rs = [r["seconds"] for r in results["startup"] if r["system"] == s and r["indexed"] == idx]
            if rs:
                what = "empty" if idx == 0 else f"{idx:,} instances"
                name = LABEL.get(s) or QUERY_LABEL[s[:-len("-query")]] + " (query phase)"
                rows.append(f"| {name} | {what} | {med(rs):.2f} s | {len(rs)} |")
    return rows


def qtable(results, recs):
    systems = [s for s in ("ward", "orthanc", "orthanc-pg") if pick(recs, system=s)]
    rows = ["| indexed | query | matches/query | " + " | ".join(f"{QUERY_LABEL[s]} p50 | p95" for s in systems) + " |",
            "|---:|---|---:|" + "---:|---:|" * len(systems)]
    for size in sorted({r["indexed"] for r in recs}):
        for shape in results["meta"]["shapes"]:
            cell = {}
            for s in systems:
                rs = pick(recs, system=s, indexed=size, shape=shape)
                if rs:
                    cell[s] = (med(r["p50"] for r in rs), med(r["p95"] for r in rs), rs[0]["matches"] / rs[0]["n"],
                               {r["matches"] for r in rs})
            if not cell:
                continue
            first = next(iter(cell.values()))
            differ = len({frozenset(c[3]) for c in cell.values()}) > 1
            rows.append(f"| {size:,} | {shape} | {first[2]:.1f}{' (differ!)' if differ else ''} | "
                        + " | ".join(f"{cell[s][0]:.2f} ms | {cell[s][1]:.2f} ms" if s in cell else "– | –"
                                     for s in systems) + " |")
    return rows


def stow_table(results):
    recs = results.get("stow", [])
    rows = ["| system | conn. | inst/s | MB/s | server CPU ms/inst | first after start, inst/s |",
            "|---|---:|---:|---:|---:|---:|"]
    for streams, s, rs in by_streams_and_system(recs):
        n = rs[0]["instances"]
        rows.append(f"| {QUERY_LABEL[s]} | {streams} | {med(n / r['seconds'] for r in rs):,.0f} | "
                    f"{med(r['bytes'] / 1e6 / r['seconds'] for r in rs):,.1f} | "
                    f"{med(1000 * r['server_cpu_s'] / n for r in rs):.2f} | {cold(rs)} |")
    return rows


def retrieve_table(results, kind):
    recs = results[kind]
    if not recs:
        return []
    unit = "assoc." if kind == "cget" else "conn."
    rows = [f"| system | {unit} | studies | MB/s | inst/s | server CPU ms/inst |"
            + (" socat CPU ms/inst |" if kind == "cget" else ""), "|---|---:|---:|---:|---:|---:|"
            + ("---:|" if kind == "cget" else "")]
    for streams, s, rs in by_streams_and_system(recs):
        n = rs[0]["instances"]
        rows.append(f"| {QUERY_LABEL[s]} | {streams} | {rs[0]['studies']} | "
                    f"{med(r['bytes'] / 1e6 / r['seconds'] for r in rs):,.1f} | "
                    f"{med(n / r['seconds'] for r in rs):,.0f} | "
                    f"{med(1000 * r['server_cpu_s'] / n for r in rs):.2f} |"
                    + ((f" {med(1000 * r['tunnel_cpu_s'] / n for r in rs):.2f} |" if s == "ward" else " – |")
                       if kind == "cget" else ""))
    return rows


# ------------------------------------------------------------------ the document


def write(results, work, doc, bench_jar):
    meta = results["meta"]
    rows = headline(results)
    ratio_rows, tsv = ratio_table(rows)
    results_path = os.path.join(work, "results.json")
    with open(results_path, "w") as fh:
        json.dump(results, fh, indent=1)
    tsv_path = os.path.join(work, "ratios.tsv")
    with open(tsv_path, "w") as fh:
        fh.write("\n".join(tsv) + "\n")
    png = os.path.join(work, "ratios.png")
    chart = subprocess.run(["java", "-Djava.awt.headless=true", "-cp", bench_jar, "ward.bench.archive.RatioChart",
                            tsv_path, png, "Ward beside Orthanc and storescp"], capture_output=True, text=True)
    if chart.returncode != 0:
        print("report: the chart was not drawn:", chart.stderr[-400:], flush=True)
        png = None
    with open(os.path.join(work, "ratios.md"), "w") as fh:
        fh.write("\n".join(ratio_rows) + "\n")
    print("\n".join(ratio_rows), flush=True)
    print(f"results: {results_path}; ratios: {work}/ratios.md, {tsv_path}" + (f", {png}" if png else ""), flush=True)
    if not doc:
        return
    chart_name = os.path.splitext(os.path.basename(doc))[0] + ".png"
    if png:
        with open(png, "rb") as src, open(os.path.join(os.path.dirname(doc), chart_name), "wb") as dst:
            dst.write(src.read())
    kept = MARK + "\n\n## Observations\n\n(none written yet)\n"
    if os.path.exists(doc):
        old = open(doc).read()
        if MARK in old:
            kept = old[old.index(MARK):]
    with open(doc, "w") as fh:
        fh.write(render(results, ratio_rows, chart_name if png else None) + "\n" + kept)
    print(f"wrote {doc}", flush=True)


def render(results, ratio_rows, chart):
    meta = results["meta"]
    ds = results["dataset"]
    cpu_model = "unknown"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = "; ".join([version(["java", "-version"]), version(["Orthanc", "--version"]),
                          "orthanc-postgresql " + package_version("orthanc-postgresql"),
                          "orthanc-dicomweb " + package_version("orthanc-dicomweb"), meta["postgresql"],
                          version(["storescu", "--version"])])
    load = meta["load_avg_1min"]
    reps = results["reps"]
    ct = ds["ct"]
    ward_logging = ("logging as the jar configures it" if meta["jar_has_log_conf"] else
                    "logging at WARN to standard error through a logback file given by the benchmark")
    notes = "".join(f"- During the run: {n}\n" for n in results["notes"])
    parts = [f"""# Archive benchmark: Ward beside Orthanc and dcmtk's storescp

Command: `{results['command']}`, started {results.get('started_utc') or datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}, {meta['elapsed_s'] / 60:.0f} minutes;
{os.cpu_count()} CPUs ({cpu_model}), {mem_gib:.0f} GiB, shared virtual machine, load average (1 min)
{load['min']:.1f}-{load['max']:.1f} (median {load['median']:.1f}) at the phase boundaries; {versions}.
Machine-readable results: `results.json` in the run's work directory (with `ratios.md`, `ratios.tsv`
and `ratios.png`). Only ratios measured in one run mean much on a shared machine. Every server and
client runs inside `unshare --net` on 127.0.0.1; {reps} interleaved repetition{'s' if reps > 1 else ''}, medians.

Data (reproducible: the same command writes the same bytes, SHA-256 over paths and contents):
- CT: `{ct['synth']}`: {ct['instances']:,} instances of 512x512, 16 bits, {ct['bytes'] / 1e6:,.0f} MB, `{ct['sha256'][:16]}…`"""]
    if "small" in ds:
        sm = ds["small"]
        parts.append(f"- small: `{sm['synth']}`: {sm['instances']:,} instances of 64x64, {sm['bytes'] / 1e6:,.0f} MB, "
                     f"`{sm['sha256'][:16]}…`")
    parts.append(f"""
## Ward's advantage, side by side

Each ratio is Ward's advantage over the peer: Ward's rate / the peer's for rates (inst/s, MB/s),
the peer's time or memory / Ward's for latencies, start-up and memory. Above 1 Ward is better.
Orthanc's PostgreSQL memory includes the database cluster's proportional set size.

{chr(10).join(ratio_rows)}
""")
    if chart:
        parts.append(f"![Ward's advantage over each peer, log scale]({chart})\n")
    parts.append(f"""## What each system promises when it acknowledges an instance

- **Ward** (`java -jar ward.jar serve`, JDK defaults, {ward_logging}): the object file and its
  directory are fsynced, then the instance's data key, index entry and audit record committed in
  one transaction and the index file fsynced before the C-STORE response (one commit and one sync
  serve the instances of all associations waiting at that moment). TLS: the archive's own CA; storescu authenticates with user
  identity (`+tla --user --password`), the query and retrieve clients with a certificate the
  archive issued. Plaintext exists only for a registered legacy AE and only for storing.
- **Orthanc** from Debian, started by hand with its own JSON configuration (fresh directories,
  `RemoteAccessAllowed: false`, no HTTP authentication, the benchmark's AE in `DicomModalities`
  because C-FIND and C-GET from unknown AEs are refused by default), otherwise defaults:
  `SyncStorageArea: true` (each stored file synced), `StorageAccessOnFind: Always`,
  `DicomThreadsCount: 4`, DICOMweb plugin. **SQLite index**: the default (its commits are not synced
  per instance). **PostgreSQL index**: the `orthanc-postgresql` index plugin (`EnableIndex`, files
  still on disk) against {meta['postgresql']} started by hand on 127.0.0.1 with its defaults,
  `fsync = on` and `synchronous_commit = on`: each commit's WAL is flushed before it returns.
  Orthanc's server CPU with PostgreSQL includes the whole database cluster's.
  DICOM TLS (`DicomTlsEnabled`, a throw-away CA, RSA 2048, client certificate required) where marked.
- **storescp** (dcmtk, `-pdu 65536 -dhl`): writes each instance as a plain file and answers; no
  index, no fsync (dcmtk 3.6.7's storescp has no option for it): an acknowledged instance is in
  the page cache only. It serves one association at a time, so the 4-association runs use four
  storescp processes on four ports, one per storescu. **storescp + sync**: the same with
  `--exec-on-reception "sync #p/#f #p" --exec-sync`, so that coreutils' `sync` fsyncs the file and
  its directory before the response, as Ward does; it adds a fork and exec per instance.
- Start-up: from starting the process to the first C-ECHO answered (a probe every 10 ms).
{notes}""")
    ing_rows = ingest_tables(results)
    if ing_rows:
        pr = ds.get("priming")
        priming_text = (f"In every timed run the server first takes {pr['instances']:,} other CT instances "
                        f"(`{pr['synth']}`) the same way, untimed, as an archive that has been running "
                        "would have (the last column is their rate: a server fresh from start; Ward's JIT "
                        "compiler needs a few thousand instances to settle). " if pr else "")
        parts.append(f"""## Ingest: {ct['instances']:,} CT instances with storescu

storescu (`-pdu 65536 +sd`, `TCP_NODELAY=1`) over 1 association, or over 4 by 4 storescu processes
each on a quarter of the files (timed from the first start to the last exit). Every run starts its
server on fresh, empty directories (and a fresh PostgreSQL database) and stops it afterwards; the
systems run interleaved (order reversed every repetition) after one warm-up run of every
combination with {meta['warm_instances']} instances. {priming_text}Server CPU is user + system time of the
server's processes during the timed transfer, from /proc; peak RSS is VmHWM at the end of the run
(start-up included), RSS after VmRSS.

{chr(10).join(ing_rows)}
""")
        if "jfr" in results:
            j = results["jfr"]
            parts.append("Where the Ward server's samples fell (`--jfr`, one more TLS run over 4 associations, not in"
                         f" the table; {j['samples']} execution samples): "
                         + "; ".join(f"{n} {100 * k / max(j['samples'], 1):.0f} %" for n, k in j["split"]) + ".\n")
    if results.get("stow"):
        sr = results["stow"][0]
        parts.append(f"""## Ingest by STOW-RS

The CT set stored by `POST /studies` (`multipart/related; type="application/dicom"`, 10 instances a
request, the Part 10 files as they are) from one warm JVM over 1 or 4 kept-alive HTTP/1.1
connections (each connection a contiguous share of the files): Ward over HTTPS with an uploader's
bearer token, Orthanc's DICOMweb plugin over plain HTTP. Every run starts its server fresh, which
first takes the {sr['priming_instances']:,} priming instances the same way, untimed (their rate is the last column).
A run counts only when every instance was acknowledged and the server holds all of them.

{chr(10).join(stow_table(results))}
""")
    if results["cget"] or results["wado"]:
        parts.append(f"""## Retrieval: whole CT studies

Each system loaded once with the CT set (storescu, 4 associations, plaintext), then asked for
{meta['retrieve_studies']} studies of 100 instances, each once, after one untimed study: **C-GET** by dcmtk's
getscu (`-S -pdu 65536`, study level, one getscu process per study, the files written to a
directory and counted; 4 associations = 4 getscu processes at once). getscu has no TLS, so it
reaches Ward through socat with the certificate Ward issued (`OPENSSL:...,cert=,key=,verify=1`,
`nodelay` on both sides),
as sites run such tools; Ward has no plaintext retrieval. Orthanc is asked in plaintext. **WADO-RS**
`GET /studies/{{study}}` (`multipart/related; type="application/dicom"`) from one warm JVM over 1
or 4 kept-alive HTTP/1.1 connections: Ward over HTTPS with a bearer token, Orthanc's DICOMweb plugin
over plain HTTP. MB/s counts the bytes received (files written by getscu; whole multipart answers).

### C-GET

{chr(10).join(retrieve_table(results, 'cget'))}

### WADO-RS

{chr(10).join(retrieve_table(results, 'wado'))}
""")
    parts.append(f"## Start-up\n\n{chr(10).join(start_table(results))}\n")
    if results["find"]:
        sizes = meta["sizes"]
        e2e = ["| indexed | " + " | ".join(f"{QUERY_LABEL[s]} p50" for s in ("ward", "orthanc", "orthanc-pg")) + " | runs each |",
               "|---:|---:|---:|---:|---:|"]
        for size in sizes:
            vals = [[r["seconds"] for r in results["findscu"] if r["system"] == s and r["indexed"] == size]
                    for s in ("ward", "orthanc", "orthanc-pg")]
            if all(vals):
                e2e.append(f"| {size:,} | " + " | ".join(f"{1000 * med(v):.1f} ms" for v in vals) + f" | {len(vals[0])} |")
        pop = ["| system | instances | inst/s | server CPU ms/inst |", "|---|---:|---:|---:|"]
        for r in results["population"]:
            if not r["concurrent"]:
                pop.append(f"| {LABEL[r['system']]} | {r['instances']:,} | {fmt(r['instances'] / r['seconds'])} | "
                           f"{1000 * r['server_cpu_s'] / r['instances']:.2f} |")

        def mem_line(d):
            return ", ".join(f"{QUERY_LABEL[k]} {v['rss_mib']:,.0f} MiB"
                             + (f" + {v['db_pss_mib']:,.0f} MiB PostgreSQL" if v.get("db_pss_mib") else "")
                             for k, v in d.items())

        measured = sorted({r["indexed"] for r in results["find"]})
        stopped = ("" if measured == sizes else f"**The run was stopped before the measurements at "
                   f"{sizes[1]:,} instances**: only those at {', '.join(f'{m:,}' for m in measured)} are below.\n\n")
        parts.append(f"""## Queries with {sizes[0]:,} and {sizes[1]:,} instances indexed

{stopped}
The small set: {meta['q_patients']:,} invented patients x 2 studies x 2 series x 10 instances; the first
tenth of the patients is loaded first ({sizes[0]:,} instances), measured, then the rest ({sizes[1]:,}).
Every system is loaded with storescu over 4 associations in plaintext (Ward: the registered legacy
AE; the first tenth one system after the other, the rest into all at once). Study-level queries
(Study Root), {meta['queries']} after {meta['warm_queries']} warm-up queries per measurement, the matching value rotating over a
list: **patient-id** one of 50 Patient IDs (2 studies each); **patient-name** the first two letters
of a family name and `*`; **study-date** one month of 2017-2018 as a range. C-FIND return keys:
{', '.join(meta['find_keys'])}. QIDO-RS: `/studies?PatientID=...` and so on. p50/p95 per
measurement, then the median over the repetitions; matches/query is the number of studies each
system returned (the same on all unless marked).

### C-FIND over one open association (Ward: TLS with a certificate it issued; Orthanc: plain)

{chr(10).join(qtable(results, results['find']))}

### findscu end to end (patient-id; process start, association, query, release)

{chr(10).join(e2e)}

### QIDO-RS over one kept-alive connection (Ward: HTTPS with a bearer token; Orthanc: HTTP)

{chr(10).join(qtable(results, results['qido']))}

### Small instances loaded (first {sizes[0]:,}, 4 associations, plaintext, one system at a time)

{chr(10).join(pop)}

""")
        if "rss_after_load" in results:
            parts.append(f"Memory after loading {sizes[1]:,} instances: {mem_line(results['rss_after_load'])}"
                         + (f"; after the queries (restarted): {mem_line(results['rss_after_queries'])}"
                            if "rss_after_queries" in results else "") + ".\n")
    return "\n".join(parts)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    with open(sys.argv[1]) as fh:
        res = json.load(fh)
    write(res, os.path.dirname(os.path.abspath(sys.argv[1])), sys.argv[3] if len(sys.argv) == 4 else "", sys.argv[2])
