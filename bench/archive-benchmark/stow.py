"""STOW-RS ingest: the CT set stored by the Java driver over HTTPS (Ward, an uploader's bearer token)
or HTTP (Orthanc's DICOMweb plugin, SQLite and PostgreSQL index), 10 instances a request, over 1 and
4 kept-alive connections, into a fresh server per run that first takes the priming set the same way."""
import os



PER_REQUEST = 10
SYSTEMS = ("ward", "orthanc", "orthanc-pg")


def run(st, pg, reps):
    results, drive, ports, work, log = st["results"], st["drive"], st["PORTS"], st["work"], st["log"]
    lists = {}
    for name, files in (("ct", st["ct_files"]), ("priming", st["priming_files"])):
        lists[name] = os.path.join(work, f"stow-{name}.txt")
        with open(lists[name], "w") as fh:
            fh.write("\n".join(files) + "\n")
    n_ct, n_priming = len(st["ct_files"]), len(st["priming_files"])
    log(f"STOW-RS: {n_ct} CT instances, {PER_REQUEST} a request, after {n_priming} untimed")

    def new_server(name):
        return st["new_server"]({"ward": "ward-tls", "orthanc": "orthanc-plain", "orthanc-pg": "orthanc-pg"}[name])

    def line(name, token, files, connections):
        if name == "ward":
            return (f"stow https://127.0.0.1:{ports['ward-https']}/dicomweb ward {token} {files} "
                    f"{connections} {PER_REQUEST}")
        http = ports["orthanc-pg-http" if name == "orthanc-pg" else "orthanc-http"]
        return f"stow http://127.0.0.1:{http}/dicom-web plain - {files} {connections} {PER_REQUEST}"

    def stored(answer, what):
        f = answer.split()
        if f[0] != "STORED":
            raise RuntimeError(f"STOW-RS into {what}: {answer}")
        return int(f[1]), int(f[2]), float(f[3])

    def once(name, connections):
        srv = new_server(name)
        startup = srv.start()
        try:
            token = "-"
            if name == "ward":
                token = st["ward_token"]("modality1")
                if token is None:
                    raise RuntimeError("Ward refused the uploader's login")
            _, _, first = stored(drive(line(name, token, lists["priming"], connections)), name)
            cpu0 = srv.cpu()
            n, nbytes, secs = stored(drive(line(name, token, lists["ct"], connections)), name)
            scpu = srv.cpu() - cpu0
            got = srv.stored()
        finally:
            srv.stop()
            srv.remove()
        if got != n_ct + n_priming:
            raise RuntimeError(f"STOW-RS into {name}: {got} instances stored, {n_ct + n_priming} sent")
        return {"system": name, "streams": connections, "instances": n, "bytes": nbytes, "seconds": secs,
                "server_cpu_s": scpu, "startup_s": startup, "priming_instances": n_priming,
                "priming_seconds": first}

    st["note_load"]()
    for rep in range(reps):
        order = list(SYSTEMS) if rep % 2 == 0 else list(reversed(SYSTEMS))
        for connections in (1, 4):
            for name in order:
                r = once(name, connections)
                r["rep"] = rep + 1
                results["stow"].append(r)
                log(f"  rep {rep + 1} STOW-RS x{connections} {name:10s} {r['instances'] / r['seconds']:7.1f} inst/s "
                    f"{r['bytes'] / 1e6 / r['seconds']:6.1f} MB/s server CPU "
                    f"{1000 * r['server_cpu_s'] / r['instances']:5.2f} ms/inst  first {n_priming} after start "
                    f"{n_priming / r['priming_seconds']:6.1f} inst/s")
        st["note_load"]()

