"""Queries: study-level C-FIND, findscu end to end and QIDO-RS with 10k and 100k small instances
indexed, in Ward, Orthanc with SQLite and Orthanc with PostgreSQL, all loaded with the same data."""
import os
import subprocess
import threading
import time

from processes import sh
from servers import Orthanc, Ward

FIND_KEYS = ["StudyInstanceUID", "PatientName", "PatientID", "StudyDate", "StudyTime",
             "AccessionNumber", "StudyDescription", "ModalitiesInStudy", "NumberOfStudyRelatedInstances"]
SHAPES = ["patient-id", "patient-name", "study-date"]
# --skip-query-pg leaves Orthanc with PostgreSQL out of the query round (at 100k its name wildcard
# takes over a second a query, which makes the round about 25 minutes a repetition longer).
SYSTEMS = ["ward", "orthanc"] + ([] if os.environ.get("SKIP_QUERY_PG") == "1" else ["orthanc-pg"])
LOADER = {"ward": "ward-plain", "orthanc": "orthanc-plain", "orthanc-pg": "orthanc-pg"}


def studies_of(tsv):
    rows = []
    with open(tsv) as fh:
        for line in fh:
            n, pid, name, date, uid = line.rstrip("\n").split("\t")
            rows.append((int(n), pid, name, date, uid))
    return rows


def parse_result(answer, what):
    if not answer.startswith("RESULT"):
        raise RuntimeError(f"{what}: {answer}")
    f = answer.split()
    return {"n": int(f[1]), "p50": float(f[2]), "p95": float(f[3]), "mean": float(f[4]),
            "min": float(f[5]), "max": float(f[6]), "matches": int(f[7])}


def run(st, pg, q_dir, sizes, reps, queries, warm_queries, warm_pass, findscu_runs):
    results, drive, log, ports, work = st["results"], st["drive"], st["log"], st["PORTS"], st["work"]

    def find_line(system, shape, values, count, warm):
        if system == "ward":
            return f"find ward WARD {ports['ward-tls']} READER1 {shape} {values} {count} {warm}"
        return f"find plain ORTHANC {ports[system]} BENCHFIND {shape} {values} {count} {warm}"

    def qido_line(system, token, shape, values, count, warm):
        if system == "ward":
            return f"qido https://127.0.0.1:{ports['ward-https']}/dicomweb ward {token} {shape} {values} {count} {warm}"
        return f"qido http://127.0.0.1:{ports[system + '-http']}/dicom-web plain - {shape} {values} {count} {warm}"

    def findscu_once(system, pid):
        if system == "ward":
            head = ["findscu", "+tls", f"{st['reader_cert']}/key.pem", f"{st['reader_cert']}/chain.pem", "+cf",
                    st["ward_ca"], "-aet", "READER1", "-aec", "WARD", "127.0.0.1", str(ports["ward-tls"])]
        else:
            head = ["findscu", "-aet", "BENCHFIND", "-aec", "ORTHANC", "127.0.0.1", str(ports[system])]
        cmd = head + ["-S", "-k", "QueryRetrieveLevel=STUDY", "-k", f"PatientID={pid}"] + \
            [x for k in FIND_KEYS if k != "PatientID" for x in ("-k", k)]
        t0 = time.perf_counter()
        r = subprocess.run(cmd, env=st["env"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        secs = time.perf_counter() - t0
        if r.returncode != 0:
            raise RuntimeError(f"findscu to {system}: {r.stderr.decode(errors='replace')[-400:]}")
        return secs

    def query_round(size, values, token):
        # The servers' JIT compilers need more than a few queries: one untimed pass of every loop first.
        for shape in SHAPES:
            for system in SYSTEMS:
                parse_result(drive(find_line(system, shape, values[shape], warm_pass, 0)), "warm-up")
                if system != "ward" or token is not None:
                    parse_result(drive(qido_line(system, token, shape, values[shape], warm_pass, 0)), "warm-up")
        for rep in range(reps):
            order = SYSTEMS[rep % len(SYSTEMS):] + SYSTEMS[:rep % len(SYSTEMS)]
            for shape in SHAPES:
                for kind in ("find", "qido"):
                    for system in order:
                        if kind == "find":
                            line = find_line(system, shape, values[shape], queries, warm_queries)
                        elif system == "ward" and token is None:
                            continue
                        else:
                            line = qido_line(system, token, shape, values[shape], queries, warm_queries)
                        r = parse_result(drive(line), f"{kind} {system} {shape}")
                        r.update({"system": system, "indexed": size, "shape": shape, "rep": rep + 1})
                        results[kind].append(r)
                        log(f"  rep {rep + 1} {'C-FIND ' if kind == 'find' else 'QIDO-RS'} {system:10s} {shape:13s} "
                            f"p50 {r['p50']:7.2f} ms  p95 {r['p95']:7.2f} ms  {r['matches'] / r['n']:6.1f} matches/query")
            pids = open(values["patient-id"]).read().split()
            for i in range(findscu_runs):
                for system in order:
                    secs = findscu_once(system, pids[(rep * findscu_runs + i) % len(pids)])
                    results["findscu"].append({"system": system, "indexed": size, "seconds": secs})
            st["note_load"]()

    def populate(servers_and_groups, what):
        """storescu to several servers at once (plaintext, 4 associations each); wall seconds each."""
        out = {}

        def one(system, groups):
            secs, _ = st["storescu"](system, groups, recurse=True)
            out[system] = secs

        threads = [threading.Thread(target=one, args=sg) for sg in servers_and_groups]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if len(out) != len(servers_and_groups):
            raise RuntimeError(f"populating ({what}) failed")
        return out

    tsv = os.path.join(work, "studies.tsv")
    sh(["java", "-cp", st["bench_jar"], "ward.bench.archive.StudyKeys", q_dir, tsv])
    studies = studies_of(tsv)
    patients = sorted({n for n, *_ in studies})
    first = patients[:len(patients) // 10]
    rest = patients[len(patients) // 10:]

    def pdirs(ns):
        return [os.path.join(q_dir, f"p{n:05d}") for n in ns]

    def quarter(paths):
        return [paths[i::4] for i in range(4)]

    values = {}
    for size, subset in ((sizes[0], set(first)), (sizes[1], set(patients))):
        sub = [s for s in studies if s[0] in subset]
        nums = sorted({s[0] for s in sub})
        chosen = [nums[i * len(nums) // 50] for i in range(50)]
        by_patient = {s[0]: s[1] for s in sub}
        prefixes = sorted({s[2][:2] for s in sub})
        months = [f"{y}{m:02d}01-{y}{m:02d}{28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31}"
                  for y in (2017, 2018) for m in range(1, 13)]
        values[size] = {}
        for shape, vs in (("patient-id", [by_patient[n] for n in chosen]),
                          ("patient-name", [p + "*" for p in prefixes]), ("study-date", months)):
            path = os.path.join(work, f"values-{size}-{shape}.txt")
            with open(path, "w") as fh:
                fh.write("\n".join(vs) + "\n")
            values[size][shape] = path

    log(f"queries: {sizes[0]:,} then {sizes[1]:,} small instances indexed "
        f"({len(studies):,} studies of {len(patients):,} patients in all)")
    servers = {"ward": Ward(st["setup"]), "orthanc": Orthanc(st["setup"])}
    if "orthanc-pg" in SYSTEMS:
        servers["orthanc-pg"] = Orthanc(st["setup"], db=pg)
    try:
        for name, srv in servers.items():
            results["startup"].append({"system": name + "-query", "indexed": 0, "seconds": srv.start()})
        # Small-instance ingest over 4 associations, plaintext everywhere, one system after the other.
        for name, srv in servers.items():
            cpu0 = srv.cpu()
            secs = populate([(LOADER[name], quarter(pdirs(first)))], "first tenth")[LOADER[name]]
            r = {"system": LOADER[name], "instances": sizes[0], "seconds": secs, "server_cpu_s": srv.cpu() - cpu0,
                 "concurrent": False}
            results["population"].append(r)
            log(f"  loaded {sizes[0]:,} small instances into {name}: {sizes[0] / secs:.0f} inst/s")
        for name, srv in servers.items():
            if srv.stored() != sizes[0]:
                raise RuntimeError(f"{name}: {srv.stored()} instances, expected {sizes[0]}")
        token = st["ward_token"]()
        if token is None:
            results["notes"].append(f"Ward QIDO-RS at {sizes[0]:,} instances not measured: the login was refused")
        query_round(sizes[0], values[sizes[0]], token)

        log(f"  loading the other {sizes[1] - sizes[0]:,} instances into all three at once (not timed)")
        times = populate([(LOADER[name], quarter(pdirs(rest))) for name in servers], "the rest")
        for system, secs in times.items():
            results["population"].append({"system": system, "instances": sizes[1] - sizes[0],
                                          "seconds": secs, "concurrent": True})
        mem_loaded = {}
        for name, srv in servers.items():
            got = srv.stored()
            if got != sizes[1]:
                raise RuntimeError(f"{name}: {got} instances, expected {sizes[1]}")
            mem_loaded[name] = srv.mem() + (srv.db_pss(),)
            # Restarted on its full index: start-up with 100k instances. The PostgreSQL database is
            # kept: only the Orthanc process is restarted.
            for p in srv.procs:
                p.stop(name)
            srv.procs = []
        results["rss_after_load"] = {k: {"rss_mib": v[0], "peak_rss_mib": v[1], "db_pss_mib": v[2]}
                                     for k, v in mem_loaded.items()}
        for name, srv in servers.items():
            secs = srv.start()
            results["startup"].append({"system": name + "-query", "indexed": sizes[1], "seconds": secs})
            log(f"  {name} restarted with {sizes[1]:,} instances in {secs:.2f} s")
        token = st["ward_token"]()
        if token is None:
            results["notes"].append(f"Ward QIDO-RS at {sizes[1]:,} instances not measured: the login was refused")
        query_round(sizes[1], values[sizes[1]], token)
        results["rss_after_queries"] = {name: dict(zip(("rss_mib", "peak_rss_mib"), srv.mem()),
                                                   db_pss_mib=srv.db_pss()) for name, srv in servers.items()}
    finally:
        for srv in servers.values():
            srv.stop()
