"""The archive benchmark's measurements, run by bench/run-archive-benchmark inside `unshare --net`:
prepares the invented studies and the credentials, starts each system on fresh directories,
drives it with dcmtk's tools and the Java client driver, and writes results.json; report.py
turns that into the Markdown report, the ratio table and the chart."""
import json
import os
import select
import statistics
import subprocess
import sys
import time
import zipfile

import ingest
import queries
import report
import retrieve
import stow
from processes import bytes_under, children_cpu, digest, files_under, log, sh
from servers import Orthanc, PostgresCluster, Setup, Storescp, Ward

(ward_jar, bench_jar, work, quick, reps_arg, doc, want_jfr, skip_ingest, skip_query, skip_retrieve, skip_stow,
 dicomweb_plugin, pg_plugin, command) = sys.argv[1:15]
quick, want_jfr = quick == "1", want_jfr == "1"
skip_ingest, skip_query, skip_retrieve = skip_ingest == "1", skip_query == "1", skip_retrieve == "1"
skip_stow = skip_stow == "1"
data = os.path.join(work, "data")
REPS = int(reps_arg) if reps_arg else (1 if quick else 3)
CT_PATIENTS = 4 if quick else 20          # x 100 instances of 512x512x16
WARM_CT = 100 if quick else 200           # instances of the first, separate run of each combination
PRIMING_PATIENTS = 2 if quick else 10     # x 100 other CT instances each server takes before it is timed
Q_PATIENTS = 250 if quick else 2500       # x 2 studies x 2 series x 10 small instances
SIZES = [Q_PATIENTS // 10 * 40, Q_PATIENTS * 40]
QUERIES = 50 if quick else 200
WARM_QUERIES = 10 if quick else 20        # before each measurement
WARM_PASS = 100 if quick else 300         # once per system, loop and size, before the measurements
FINDSCU_RUNS = 4 if quick else 10         # end-to-end findscu runs per system and repetition
RETRIEVE_STUDIES = 4 if quick else 8      # CT studies (100 instances each) per retrieval measurement
PDU = "65536"
env = dict(os.environ, TCP_NODELAY="1")
PASSWORD = "correct horse battery staple"
PORTS = {"ward-tls": 12762, "ward-plain": 12104, "ward-https": 12443, "ward-tunnel": 12763,
         "orthanc": 14242, "orthanc-http": 18042, "orthanc-pg": 14243, "orthanc-pg-http": 18043,
         "storescp": 11120, "postgresql": 15432}
LOG_CONF = os.path.join(work, "logback.xml")
started_at = time.time()
loads = []


def note_load():
    loads.append(os.getloadavg()[0])


# The archive jar: without a logging configuration of its own, logback logs DEBUG to the
# console; the archive is run with WARN to its error stream, as a deployment would.
with zipfile.ZipFile(ward_jar) as z:
    jar_has_log_conf = "logback.xml" in z.namelist()
with open(LOG_CONF, "w") as fh:
    fh.write('<configuration><appender name="E" class="ch.qos.logback.core.ConsoleAppender">'
             '<target>System.err</target><encoder><pattern>%d %level %logger - %msg%n</pattern>'
             '</encoder></appender><root level="WARN"><appender-ref ref="E"/></root></configuration>\n')
WARD_JAVA = ["java"] + ([] if jar_has_log_conf else [f"-Dlogback.configurationFile={LOG_CONF}"])


def ward(*args):
    return sh(WARD_JAVA + ["-jar", ward_jar] + list(args))


# ------------------------------------------------------------------ data and credentials

log("preparing: invented studies (ward synth, seeded), Ward's data directory, a CA for Orthanc's TLS,"
    " a PostgreSQL cluster")
ct_dir = os.path.join(data, "ct")
CT_SYNTH = ["--patients", str(CT_PATIENTS), "--studies-per-patient", "1", "--series-per-study", "1",
            "--instances-per-series", "100", "--seed", "2026"]
ward("synth", "--out", ct_dir, *CT_SYNTH)
ct_files = files_under(ct_dir)
ct_bytes = sum(os.path.getsize(f) for f in ct_files)
dataset = {"ct": {"synth": "ward synth " + " ".join(CT_SYNTH), "instances": len(ct_files),
                  "bytes": ct_bytes, "sha256": digest(ct_dir)}}


def quarters(files):
    """Four contiguous quarters: each storescu process sends whole studies."""
    return [files[i * len(files) // 4:(i + 1) * len(files) // 4] for i in range(4)]


warm_files = files_under(os.path.join(ct_dir, "p00001"))[:WARM_CT // 2] + \
    files_under(os.path.join(ct_dir, "p00002"))[:WARM_CT - WARM_CT // 2]

# Every server takes these first, untimed, in the run that is then timed: a server that has been
# running, as an archive is (Ward's JIT compiler needs about 2,000 instances to settle; the rate of
# these first ones is reported too).
priming_dir = os.path.join(data, "priming")
PRIMING_SYNTH = ["--patients", str(PRIMING_PATIENTS), "--studies-per-patient", "1", "--series-per-study", "1",
                 "--instances-per-series", "100", "--seed", "2028"]
ward("synth", "--out", priming_dir, *PRIMING_SYNTH)
priming_files = files_under(priming_dir)
dataset["priming"] = {"synth": "ward synth " + " ".join(PRIMING_SYNTH), "instances": len(priming_files),
                      "bytes": bytes_under(priming_dir)}

q_dir = os.path.join(data, "small")
Q_SYNTH = ["--patients", str(Q_PATIENTS), "--studies-per-patient", "2", "--series-per-study", "2",
           "--instances-per-series", "10", "--small", "--seed", "2027"]
if not skip_query:
    ward("synth", "--out", q_dir, *Q_SYNTH)
    dataset["small"] = {"synth": "ward synth " + " ".join(Q_SYNTH), "instances": Q_PATIENTS * 40,
                        "bytes": bytes_under(q_dir), "sha256": digest(q_dir)}

pki = os.path.join(work, "pki")
os.makedirs(pki)
template = os.path.join(work, "ward-template")
os.makedirs(template)
with open(os.path.join(template, "ward.conf"), "w") as fh:
    fh.write(f"bind = 127.0.0.1\ndicom.port = {PORTS['ward-tls']}\nhttps.port = {PORTS['ward-https']}\n"
             f"dicom.plaintext-port = {PORTS['ward-plain']}\n")
pw_file = os.path.join(pki, "password")
with open(pw_file, "w") as fh:
    fh.write(PASSWORD + "\n")
ward("user", "add", "modality1", "--role", "UPLOADER", "--password-file", pw_file, "--data", template)
ward("user", "add", "viewer1", "--role", "READER", "--password-file", pw_file, "--data", template)
reader_cert = os.path.join(pki, "ward-reader")
ward("ae", "add", "READER1", "--issue-certificate", reader_cert, "--role", "READER", "--data", template)
ward("ae", "add", "LEGACY1", "--legacy-address", "127.0.0.1", "--data", template)
ward_ca = os.path.join(pki, "ward-ca.pem")
with open(ward_ca, "w") as fh:
    fh.write(ward("ca", "export", "--data", template))


def openssl(*args):
    sh(["openssl"] + list(args))


openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{pki}/ca.key", "-out",
        f"{pki}/ca.pem", "-days", "2", "-subj", "/CN=bench-ca", "-addext",
        "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
for who in ("server", "client"):
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{pki}/{who}.key", "-out",
            f"{pki}/{who}.csr", "-subj", f"/CN=bench-{who}")
    with open(f"{pki}/{who}.ext", "w") as fh:
        fh.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                 "keyUsage=critical,digitalSignature,keyEncipherment\n"
                 "extendedKeyUsage=serverAuth,clientAuth\n")
    openssl("x509", "-req", "-in", f"{pki}/{who}.csr", "-CA", f"{pki}/ca.pem", "-CAkey",
            f"{pki}/ca.key", "-CAcreateserial", "-days", "2", "-out", f"{pki}/{who}.pem",
            "-extfile", f"{pki}/{who}.ext")

# The PostgreSQL user must reach its cluster inside the (root-only) work directory.
os.chmod(work, 0o711)
os.chmod(data, 0o711)
pg = PostgresCluster(os.path.join(data, "postgresql"), PORTS["postgresql"])

# The client driver: one warm JVM for start-up probes, latency loops and WADO-RS retrievals.
driver = subprocess.Popen(
    ["java", "-cp", bench_jar, "ward.bench.archive.QueryLatency",
     "--tls", "ward", f"{reader_cert}/key.pem", f"{reader_cert}/chain.pem", ward_ca,
     "--tls", "bench", f"{pki}/client.key", f"{pki}/client.pem", f"{pki}/ca.pem"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def drive(line, timeout=900):
    driver.stdin.write(line + "\n")
    driver.stdin.flush()
    ready, _, _ = select.select([driver.stdout], [], [], timeout)
    if not ready:
        raise RuntimeError("driver timed out: " + line)
    return driver.stdout.readline().strip()


setup = Setup(work=work, data=data, template=template, pki=pki, ward_java=WARD_JAVA, ward_jar=ward_jar,
              dicomweb_plugin=dicomweb_plugin, pg_plugin=pg_plugin, drive=drive, env=env, ports=PORTS)



def ward_token(user="viewer1"):
    """A bearer token for viewer1 (or another user); the HTTPS listener may come up a moment after DICOM's."""
    deadline = time.time() + 30
    while True:
        answer = drive(f"login https://127.0.0.1:{PORTS['ward-https']}/api/login {user} {pw_file} ward")
        if answer.startswith("TOKEN ") or time.time() > deadline:
            break
        time.sleep(0.5)
    if not answer.startswith("TOKEN "):
        log("  Ward's login answered:", answer)
        return None
    return answer.split(" ", 1)[1]


# storescu per system: (calling AE, called AE, port, TLS options)
STORE = {
    "ward-tls": ("MODALITY1", "WARD", PORTS["ward-tls"],
                 ["+tla", "+cf", ward_ca, "--user", "modality1", "--password", PASSWORD]),
    "ward-plain": ("LEGACY1", "WARD", PORTS["ward-plain"], []),
    "orthanc-plain": ("MODALITY1", "ORTHANC", PORTS["orthanc"], []),
    "orthanc-tls": ("MODALITY1", "ORTHANC", PORTS["orthanc"],
                    ["+tls", f"{pki}/client.key", f"{pki}/client.pem", "+cf", f"{pki}/ca.pem"]),
    "orthanc-pg": ("MODALITY1", "ORTHANC", PORTS["orthanc-pg"], []),
    "storescp": ("MODALITY1", "STORESCP", PORTS["storescp"], []),
    "storescp-sync": ("MODALITY1", "STORESCP", PORTS["storescp"], []),
}

def storescu(system, groups, recurse=False, ports=None):
    """storescu processes, one per group of paths (to ports[i] if given); (wall s, client CPU s)."""
    aet, aec, port, tls = STORE[system]
    base = ["storescu", "-aet", aet, "-aec", aec, "-pdu", PDU, "+sd"] + (["+r"] if recurse else []) + tls
    cpu0 = children_cpu()
    t0 = time.perf_counter()
    procs = [subprocess.Popen(base + ["127.0.0.1", str(ports[i] if ports else port)] + g, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for i, g in enumerate(groups)]
    errs = []
    for p in procs:
        _, err = p.communicate(timeout=7200)
        if p.returncode != 0:
            errs.append(err.decode(errors="replace")[-600:])
    secs = time.perf_counter() - t0
    if errs:
        raise RuntimeError(f"storescu to {system} failed: " + " | ".join(errs))
    return secs, children_cpu() - cpu0


def new_server(system, assocs=1):
    if system.startswith("ward"):
        return Ward(setup)
    if system.startswith("storescp"):
        return Storescp(setup, sync=system == "storescp-sync", associations=assocs)
    return Orthanc(setup, tls=system == "orthanc-tls", db=pg if system == "orthanc-pg" else None)


results = {"command": command, "started_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started_at)),
           "quick": quick, "reps": REPS, "dataset": dataset, "ingest": [], "startup": [],
           "population": [], "find": [], "findscu": [], "qido": [], "cget": [], "wado": [], "stow": [], "notes": [],
           "failed_runs": []}
state = {"ct_files": ct_files, "warm_files": warm_files, "priming_files": priming_files, "quarters": quarters, "storescu": storescu,
         "new_server": new_server, "drive": drive, "results": results, "log": log, "ward_ca": ward_ca,
         "reader_cert": reader_cert, "pki": pki, "pw_file": pw_file, "env": env, "PORTS": PORTS, "PDU": PDU,
         "work": work, "data": data, "bench_jar": bench_jar, "note_load": note_load, "setup": setup,
         "ward_token": ward_token}

systems = ["ward-tls", "ward-plain", "orthanc-plain", "orthanc-tls", "orthanc-pg", "storescp", "storescp-sync"]


def checkpoint():
    """results.json with what is measured so far: a run stopped midway can still be rendered."""
    note_load()
    results["meta"] = {
        "elapsed_s": time.time() - started_at, "ct_patients": CT_PATIENTS, "warm_instances": len(warm_files),
        "q_patients": Q_PATIENTS, "sizes": SIZES, "queries": QUERIES, "warm_queries": WARM_QUERIES,
        "retrieve_studies": RETRIEVE_STUDIES, "find_keys": queries.FIND_KEYS, "shapes": queries.SHAPES,
        "systems": systems if not skip_ingest else [], "jar_has_log_conf": jar_has_log_conf,
        "load_avg_1min": {"min": min(loads), "max": max(loads), "median": statistics.median(loads)},
        "postgresql": pg.version,
    }
    with open(os.path.join(work, "results.json"), "w") as fh:
        json.dump(results, fh, indent=1)


try:
    # ------------------------------------------------------------------ ingest
    if not skip_ingest:
        ingest.run(state, systems, REPS, want_jfr)
        checkpoint()

    # ------------------------------------------------------------------ STOW-RS ingest
    if not skip_stow:
        stow.run(state, pg, REPS)
        checkpoint()

    # ------------------------------------------------------------------ retrieval
    if not skip_retrieve:
        retrieve.run(state, pg, REPS, RETRIEVE_STUDIES)
        checkpoint()

    # ------------------------------------------------------------------ queries
    if not skip_query:
        queries.run(state, pg, q_dir, SIZES, REPS, QUERIES, WARM_QUERIES, WARM_PASS, FINDSCU_RUNS)
finally:
    driver.stdin.close()
    driver.wait(30)
    pg.stop()
    checkpoint()
report.write(results, work, doc, bench_jar)
