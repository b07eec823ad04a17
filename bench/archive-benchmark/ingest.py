"""Ingest: the CT set sent with storescu over 1 and 4 associations into a fresh server per run."""
import os
import subprocess

from report import LABEL

# Each JFR sample is put in the first category whose marker is on its stack (a rough split).
JFR_CATEGORIES = [
    ("start-up", ("Archive.start", "Main.run", "Database.open", "flywaydb")),
    ("user identity (Argon2, once per association)", ("PasswordHasher",)),
    ("TLS decryption", ("decrypt",)),
    ("TLS, other", ("sun.security.ssl",)),
    ("index: recording the instance (H2)", ("JdbcIndex",)),
    ("blob store", ("FileBlobStore",)),
    ("PDU reading and copying (PduCodec)", ("PduCodec",)),
    ("header parsing", ("DicomReader", "DicomInput")),
    ("other ingest", ("ward.archive.ingest",)),
]


def run(st, systems, reps, want_jfr):
    results, log = st["results"], st["log"]
    ct_files, warm_files, priming = st["ct_files"], st["warm_files"], st["priming_files"]
    ct_bytes = sum(os.path.getsize(f) for f in ct_files)
    jfr_file = os.path.join(st["work"], "ward-ingest.jfr")
    last_server = [None]

    def failure_reason(e):
        """The error, with the server's own reason when its log has one."""
        text = str(e).strip().splitlines()[0]
        srv = last_server[0]
        if srv is not None and os.path.exists(srv.log):
            refusals = [l.strip() for l in open(srv.log, errors="replace") if "refused" in l]
            if refusals:
                text += "; server log: " + refusals[-1][-300:]
        return text

    def attempt(system, assocs, files, record, jfr):
        srv = st["new_server"](system, assocs)
        last_server[0] = srv
        extra = [f"-XX:StartFlightRecording=filename={jfr_file},settings=profile"] if jfr else []
        startup = srv.start(extra)
        try:
            split = (lambda fs: [fs]) if assocs == 1 else st["quarters"]
            groups = split(files)
            ports = srv.ports() if system.startswith("storescp") else None
            first_s = None
            if record or jfr:
                # the priming instances, the same way, untimed for the table (their own rate is kept)
                first_s, _ = st["storescu"](system, split(priming), ports=ports)
            cpu0 = srv.cpu()
            secs, ccpu = st["storescu"](system, groups, ports=ports)
            scpu = srv.cpu() - cpu0
            rss, hwm = srv.mem()
            db_pss = srv.db_pss()
            got = srv.stored()
        finally:
            srv.stop()
            srv.remove()
        expected = len(files) + (len(priming) if first_s is not None else 0)
        if got != expected:
            raise RuntimeError(f"{system} x{assocs}: {got} instances stored, {expected} sent")
        r = {"system": system, "assocs": assocs, "instances": len(files), "bytes": sum(map(os.path.getsize, files)),
             "seconds": secs, "client_cpu_s": ccpu, "server_cpu_s": scpu, "rss_mib": rss, "peak_rss_mib": hwm,
             "db_pss_mib": db_pss, "startup_s": startup, "priming_instances": len(priming),
             "priming_seconds": first_s}
        if record:
            results["ingest"].append(r)
            results["startup"].append({"system": system, "indexed": 0, "seconds": startup})
        return r

    def once(system, assocs, files, record=True, jfr=False):
        """One run; a run the server refused is noted with the server's reason and tried again."""
        last = None
        for _ in range(3):
            try:
                return attempt(system, assocs, files, record, jfr)
            except RuntimeError as e:
                why = failure_reason(e)
                results["notes"].append(f"{LABEL[system]}, {assocs} association(s), "
                                        f"{len(files)} instances: a run failed and was repeated: {why}")
                results["failed_runs"].append({"system": system, "assocs": assocs, "error": why})
                log(f"  {LABEL[system]} x{assocs} failed (tried again): {why}")
                last = e
        raise last

    log(f"ingest warm-up: every combination once with {len(warm_files)} instances")
    for a in (1, 4):
        for s in list(systems):
            try:
                once(s, a, warm_files, record=False)
            except RuntimeError as e:
                if s != "orthanc-tls":
                    raise
                systems.remove(s)
                results["notes"].append(f"Orthanc's DICOM TLS failed with storescu and was left out: {e}")
                log("  Orthanc TLS left out:", e)
    st["note_load"]()
    for rep in range(reps):
        for a in (1, 4):
            order = systems if rep % 2 == 0 else list(reversed(systems))
            for s in order:
                r = once(s, a, ct_files)
                log(f"rep {rep + 1} x{a} {LABEL[s]:38s} {len(ct_files) / r['seconds']:7.1f} inst/s "
                    f"{ct_bytes / 1e6 / r['seconds']:6.1f} MB/s  server CPU "
                    f"{1000 * r['server_cpu_s'] / len(ct_files):5.2f} ms/inst  peak RSS "
                    f"{r['peak_rss_mib']:5.0f} MiB  start-up {r['startup_s']:.2f} s  first "
                    f"{r['priming_instances']} after start {r['priming_instances'] / r['priming_seconds']:6.1f} inst/s")
        st["note_load"]()
    if want_jfr:
        r = once("ward-tls", 4, ct_files, record=False, jfr=True)
        log(f"one more run of Ward, TLS, 4 associations, recorded with JFR (not in the tables): "
            f"{len(ct_files) / r['seconds']:.1f} inst/s")
        results["jfr_run"] = r
        if os.path.exists(jfr_file):
            results["jfr"] = jfr_split(jfr_file)
            log(f"JFR of the Ward server (TLS, 4 associations): {results['jfr']['samples']} execution samples")
            for name, k in results["jfr"]["split"]:
                log(f"  {100 * k / max(results['jfr']['samples'], 1):5.1f} %  {name}")


def jfr_split(jfr_file):
    out = subprocess.run(["jfr", "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample", jfr_file],
                         capture_output=True, text=True).stdout
    counts, total, stack = {}, 0, None
    for line in out.splitlines():
        frame = line.strip()
        if frame.startswith("stackTrace = ["):
            stack = []
        elif stack is not None and (frame == "]" or frame.startswith("...")):
            joined = " ".join(stack)
            name = next((c for c, marks in JFR_CATEGORIES if any(m in joined for m in marks)), "other")
            counts[name] = counts.get(name, 0) + 1
            total += 1
            stack = None
        elif stack is not None:
            stack.append(frame)
    return {"file": jfr_file, "samples": total, "split": sorted(counts.items(), key=lambda kv: -kv[1])}
