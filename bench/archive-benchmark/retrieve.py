"""Retrieval: whole CT studies by C-GET (dcmtk getscu) and by WADO-RS (the Java driver), from
Ward, Orthanc with SQLite and Orthanc with PostgreSQL, each loaded once with the CT set."""
import os
import shutil
import subprocess
import threading
import time

from processes import bytes_under, children_cpu, count_files, log, sh
from servers import Orthanc, Ward, tree_cpu

# What each system is asked with: getscu's calling AE, called AE and port key; the DICOMweb root.
LABEL = {"ward": "Ward (C-GET: TLS through socat; WADO-RS: HTTPS)", "orthanc": "Orthanc, SQLite (plain)",
         "orthanc-pg": "Orthanc, PostgreSQL (plain)"}


def run(st, pg, reps, n_studies):
    results, drive, ports, work = st["results"], st["drive"], st["PORTS"], st["work"]
    ct_dir = os.path.join(st["data"], "ct")
    tsv = os.path.join(work, "ct-studies.tsv")
    sh(["java", "-cp", st["bench_jar"], "ward.bench.archive.StudyKeys", ct_dir, tsv])
    with open(tsv) as fh:
        uids = [line.rstrip("\n").split("\t")[4] for line in fh]
    per_study = len(st["ct_files"]) // len(uids)
    studies = uids[:n_studies]
    study_file = os.path.join(work, "retrieve-studies.txt")
    with open(study_file, "w") as fh:
        fh.write("\n".join(studies) + "\n")
    log(f"retrieval: {len(studies)} CT studies of {per_study} instances, by C-GET and WADO-RS")

    servers = {"ward": Ward(st["setup"]), "orthanc": Orthanc(st["setup"]),
               "orthanc-pg": Orthanc(st["setup"], db=pg)}
    tunnel = None
    try:
        for name, srv in servers.items():
            srv.start()
            system = {"ward": "ward-plain", "orthanc": "orthanc-plain", "orthanc-pg": "orthanc-pg"}[name]
            st["storescu"](system, st["quarters"](st["ct_files"]))
            if srv.stored() != len(st["ct_files"]):
                raise RuntimeError(f"{name}: {srv.stored()} instances stored, {len(st['ct_files'])} sent")
        # dcmtk's getscu has no TLS: it reaches Ward through socat with the certificate Ward issued.
        tunnel = subprocess.Popen(
            ["socat", f"TCP-LISTEN:{ports['ward-tunnel']},bind=127.0.0.1,reuseaddr,fork",
             f"OPENSSL:127.0.0.1:{ports['ward-tls']},cert={st['reader_cert']}/chain.pem,"
             f"key={st['reader_cert']}/key.pem,cafile={st['ward_ca']},verify=1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        target = {"ward": ("READER1", "WARD", ports["ward-tunnel"]),
                  "orthanc": ("BENCHFIND", "ORTHANC", ports["orthanc"]),
                  "orthanc-pg": ("BENCHFIND", "ORTHANC", ports["orthanc-pg"])}
        seq = [0]

        def cget(name, streams, sample):
            """getscu, one process per study, `streams` at once; wall, CPU, bytes."""
            seq[0] += 1
            out = os.path.join(st["data"], f"got-{seq[0]:04d}")
            aet, aec, port = target[name]
            errs = []

            def worker(k):
                for i in range(k, len(sample), streams):
                    d = os.path.join(out, f"s{i}")
                    os.makedirs(d)
                    r = subprocess.run(["getscu", "-aet", aet, "-aec", aec, "-pdu", st["PDU"], "-S", "-od", d,
                                        "-k", "QueryRetrieveLevel=STUDY", "-k", f"StudyInstanceUID={sample[i]}",
                                        "127.0.0.1", str(port)], env=st["env"], capture_output=True, text=True)
                    if r.returncode != 0:
                        errs.append(r.stderr[-400:])

            srv = servers[name]
            cpu0, ccpu0 = srv.cpu(), children_cpu()
            tcpu0 = tree_cpu(tunnel.pid) if name == "ward" else 0.0
            t0 = time.perf_counter()
            threads = [threading.Thread(target=worker, args=(k,)) for k in range(streams)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            secs = time.perf_counter() - t0
            scpu = srv.cpu() - cpu0
            tcpu = tree_cpu(tunnel.pid) - tcpu0 if name == "ward" else 0.0
            got, nbytes = count_files(out), bytes_under(out)
            shutil.rmtree(out)
            if errs or got != per_study * len(sample):
                raise RuntimeError(f"getscu from {name}: {got} files of {per_study * len(sample)}; "
                                   + " | ".join(errs))
            return {"seconds": secs, "bytes": nbytes, "instances": got, "server_cpu_s": scpu,
                    "client_cpu_s": children_cpu() - ccpu0, "tunnel_cpu_s": tcpu}

        def wado(name, streams, sample_file, token):
            if name == "ward":
                line = f"wado https://127.0.0.1:{ports['ward-https']}/dicomweb ward {token} {sample_file} {streams}"
            else:
                http = ports["orthanc-pg-http" if name == "orthanc-pg" else "orthanc-http"]
                line = f"wado http://127.0.0.1:{http}/dicom-web plain - {sample_file} {streams}"
            srv = servers[name]
            cpu0 = srv.cpu()
            answer = drive(line)
            scpu = srv.cpu() - cpu0
            f = answer.split()
            if f[0] != "RETRIEVED":
                raise RuntimeError(f"WADO-RS from {name}: {answer}")
            n, parts, nbytes, secs = int(f[1]), int(f[2]), int(f[3]), float(f[4])
            if parts != per_study * n:
                raise RuntimeError(f"WADO-RS from {name}: {parts} instances of {per_study * n}")
            return {"seconds": secs, "bytes": nbytes, "instances": parts, "server_cpu_s": scpu}

        one = os.path.join(work, "retrieve-warm.txt")
        with open(one, "w") as fh:
            fh.write(uids[-1] + "\n")
        token = st["ward_token"]()
        if token is None:
            raise RuntimeError("Ward refused the benchmark's login: WADO-RS cannot be measured")
        for name in servers:  # warm-up, not recorded: one study each way
            cget(name, 1, [uids[-1]])
            wado(name, 1, one, token)
        st["note_load"]()
        for rep in range(reps):
            token = st["ward_token"]()
            order = list(servers) if rep % 2 == 0 else list(reversed(servers))
            for streams in (1, 4):
                for name in order:
                    for how, fn in (("cget", lambda: cget(name, streams, studies)),
                                    ("wado", lambda: wado(name, streams, study_file, token))):
                        r = fn()
                        r.update({"system": name, "streams": streams, "studies": len(studies), "rep": rep + 1})
                        results[how].append(r)
                        log(f"  rep {rep + 1} {'C-GET  ' if how == 'cget' else 'WADO-RS'} x{streams} {name:10s} "
                            f"{r['bytes'] / 1e6 / r['seconds']:7.1f} MB/s {r['instances'] / r['seconds']:7.1f} inst/s "
                            f"server CPU {1000 * r['server_cpu_s'] / r['instances']:5.2f} ms/inst")
            st["note_load"]()
        results["retrieve_rss"] = {name: dict(zip(("rss_mib", "peak_rss_mib"), srv.mem()), db_pss_mib=srv.db_pss())
                                   for name, srv in servers.items()}
    finally:
        if tunnel is not None:
            tunnel.terminate()
            tunnel.wait(30)
        for srv in servers.values():
            srv.stop()

