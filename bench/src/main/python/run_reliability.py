"""The reliability scenarios of bench/run-reliability, run inside `unshare --net --mount` (only
loopback, and mounts private to the run). See that script for what each scenario does.

    run_reliability.py WARD_JAR WORK SMOKE(0|1) ORTHANC(0|1) SCENARIOS COMMAND
"""

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime, timezone

import pydicom

ward_jar, work, smoke, with_orthanc, scenarios, command = sys.argv[1:7]
smoke, with_orthanc = smoke == "1", with_orthanc == "1"
scenarios = scenarios.split(",")
HERE = os.path.dirname(os.path.abspath(__file__))
HOSTILE = os.path.join(HERE, "hostile_peers.py")
PASSWORD = "correct horse battery staple"
ENV = dict(os.environ, TCP_NODELAY="1")
WARD_TLS, WARD_HTTPS = 13762, 13443
ORTHANC_DICOM, ORTHANC_HTTP = 14342, 18142
HEAP_MIB = 256 if smoke else 512
started_at = time.time()
results = {"command": command, "smoke": smoke, "started": datetime.now(timezone.utc).isoformat(),
           "heap_mib": HEAP_MIB}


def log(*a):
    print(*a, flush=True)


def sh(cmd, check=True, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd[:6]))}: exit {r.returncode}: {r.stderr[-800:]}{r.stdout[-400:]}")
    return r


def ward(*args, check=True):
    return sh(["java", "-jar", ward_jar] + list(args), check=check)


def files_under(d):
    out = []
    for root, _, fs in os.walk(d):
        out.extend(os.path.join(root, f) for f in fs)
    return sorted(out)


def series_dirs(d):
    return sorted(os.path.join(r, x) for r, ds, _ in os.walk(d) for x in ds if x.startswith("se"))


def synth(out, patients, series, per_series, rows, seed):
    args = ["synth", "--out", out, "--patients", str(patients), "--series-per-study", str(series),
            "--instances-per-series", str(per_series), "--seed", str(seed)]
    args += ["--small"] if rows is None else ["--rows", str(rows), "--columns", str(rows)]
    ward(*args)
    return out


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class RssSampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.samples, self.stop = pid, 0, [], False

    def run(self):
        t0 = time.monotonic()
        while not self.stop:
            r = rss_kib(self.pid)
            if r is None:
                return
            self.peak = max(self.peak, r)
            self.samples.append((round(time.monotonic() - t0, 2), r))
            time.sleep(0.1)


def sop_uid(path):
    return str(pydicom.dcmread(path, stop_before_pixels=True, specific_tags=["SOPInstanceUID"]).SOPInstanceUID)


def same_data_set(a, b):
    """The data sets (file meta information aside) are element for element the same."""
    da, db = pydicom.dcmread(a), pydicom.dcmread(b)
    return da == db


def responses(text):
    """storescu -v: {file: status words} for every file it got a response for."""
    out, sending = {}, None
    for line in text.splitlines():
        if line.startswith("I: Sending file: "):
            sending = line[len("I: Sending file: "):].strip()
        elif line.startswith("I: Received Store Response (") and sending:
            out[sending] = line[len("I: Received Store Response ("):line.rindex(")")]
            sending = None
    return out


# ------------------------------------------------------------------ servers

class Ward:
    def __init__(self, root, extra_conf="", heap=HEAP_MIB):
        self.root, self.heap, self.proc = root, heap, None
        self.data = os.path.join(root, "data")
        os.makedirs(self.data, exist_ok=True)
        with open(os.path.join(self.data, "ward.conf"), "w") as fh:
            fh.write(f"bind = 127.0.0.1\ndicom.port = {WARD_TLS}\nhttps.port = {WARD_HTTPS}\n{extra_conf}")
        self.pw = os.path.join(root, "pw")
        with open(self.pw, "w") as fh:
            fh.write(PASSWORD + "\n")
        ward("user", "add", "modality1", "--role", "UPLOADER", "--password-file", self.pw, "--data", self.data)
        self.reader = os.path.join(root, "reader-cert")
        ward("ae", "add", "READER1", "--issue-certificate", self.reader, "--role", "READER", "--data", self.data)
        self.hostile = os.path.join(root, "hostile-cert")
        ward("ae", "add", "HOSTILE", "--issue-certificate", self.hostile, "--role", "READER", "--data", self.data)
        self.ca = os.path.join(root, "ca.pem")
        with open(self.ca, "w") as fh:
            fh.write(ward("ca", "export", "--data", self.data).stdout)
        self.logs = 0

    def start(self):
        self.logs += 1
        self.log = os.path.join(self.root, f"serve-{self.logs}.log")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(["java", f"-Xmx{self.heap}m", "-jar", ward_jar, "serve", "--data", self.data],
                                     stdout=open(self.log, "wb"), stderr=subprocess.STDOUT, env=ENV)
        while "ward: running" not in open(self.log, errors="replace").read():
            if self.proc.poll() is not None or time.monotonic() - t0 > 120:
                raise RuntimeError("ward did not start: " + open(self.log, errors="replace").read()[-2000:])
            time.sleep(0.05)
        return time.monotonic() - t0

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc = None

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def storescu(self, paths, extra=()):
        cmd = ["storescu", "-v", "-nh", "+sd", "+r", "+tla", "+cf", self.ca, "--user", "modality1", "--password",
               PASSWORD, "-aet", "MODALITY1", "-aec", "WARD"] + list(extra) + ["127.0.0.1", str(WARD_TLS)] + list(paths)
        return cmd

    def verify(self):
        """(indexed UIDs that verify, the summary line, exit status) with the archive stopped."""
        r = ward("verify", "--data", self.data, check=False)
        intact = {line.split()[1] for line in r.stdout.splitlines() if line.startswith("INTACT ")}
        summary = [l for l in (r.stdout + r.stderr).splitlines() if "objects checked" in l]
        return intact, (summary[-1] if summary else (r.stdout + r.stderr)[-300:]), r.returncode

    def objects_on_disk(self):
        return len(files_under(os.path.join(self.data, "objects", "objects")))

    def get(self, study, out):
        os.makedirs(out, exist_ok=True)
        return ward("get", f"WARD@127.0.0.1:{WARD_TLS}", "--aet", "READER1", "--tls", "--trust", self.ca,
                    "--cert", os.path.join(self.reader, "chain.pem"), "--key", os.path.join(self.reader, "key.pem"),
                    "--level", "STUDY", "--out", out, "-k", f"StudyInstanceUID={study}", check=False)

    def hostile_args(self):
        return ["--port", str(WARD_TLS), "--ca", self.ca, "--cert", os.path.join(self.hostile, "chain.pem"),
                "--key", os.path.join(self.hostile, "key.pem")]


class Orthanc:
    def __init__(self, root):
        self.root, self.proc, self.logs = root, None, 0
        os.makedirs(os.path.join(root, "storage"), exist_ok=True)
        os.makedirs(os.path.join(root, "index"), exist_ok=True)
        self.config = os.path.join(root, "orthanc.json")
        with open(self.config, "w") as fh:
            json.dump({"Name": "RELIABILITY", "StorageDirectory": os.path.join(root, "storage"),
                       "IndexDirectory": os.path.join(root, "index"), "DicomAet": "ORTHANC",
                       "DicomPort": ORTHANC_DICOM, "HttpPort": ORTHANC_HTTP, "RemoteAccessAllowed": False,
                       "AuthenticationEnabled": False, "DicomThreadsCount": 4}, fh, indent=1)

    def start(self):
        self.logs += 1
        self.log = os.path.join(os.path.dirname(self.root), f"orthanc-{os.path.basename(self.root)}-{self.logs}.log")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(["Orthanc", self.config], stdout=open(self.log, "wb"),
                                     stderr=subprocess.STDOUT, env=ENV)
        while True:
            try:
                self.rest("/system")
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() - t0 > 120:
                    raise RuntimeError("Orthanc did not start: " + open(self.log, errors="replace").read()[-2000:])
                time.sleep(0.05)
        return time.monotonic() - t0

    def rest(self, path, data=None, raw=False):
        req = urllib.request.Request(f"http://127.0.0.1:{ORTHANC_HTTP}{path}", data=data)
        with urllib.request.urlopen(req, timeout=30) as r:
            body = r.read()
        return body if raw else json.loads(body)

    kill9 = Ward.kill9
    stop = Ward.stop

    def storescu(self, paths, extra=()):
        return ["storescu", "-v", "-nh", "+sd", "+r", "-aet", "MODALITY1", "-aec", "ORTHANC"] + list(extra) + \
            ["127.0.0.1", str(ORTHANC_DICOM)] + list(paths)

    def instance_file(self, uid, out):
        found = self.rest("/tools/lookup", data=uid.encode())
        ids = [f["ID"] for f in found if f.get("Type") == "Instance"]
        if not ids:
            return None
        with open(out, "wb") as fh:
            fh.write(self.rest(f"/instances/{ids[0]}/file", raw=True))
        return out

    def hostile_args(self):
        return ["--port", str(ORTHANC_DICOM), "--plain", "--called", "ORTHANC"]


def run_clients(cmds, logs):
    procs = [subprocess.Popen(c, stdout=open(l, "wb"), stderr=subprocess.STDOUT, env=ENV) for c, l in zip(cmds, logs)]
    return procs


def acked_in(logs):
    acked = {}
    for l in logs:
        if os.path.exists(l):
            for f, status in responses(open(l, errors="replace").read()).items():
                if status == "Success":
                    acked[f] = status
    return acked


# ------------------------------------------------------------------ 1. kill -9 during a parallel ingest

def kill9(system):
    root = os.path.join(work, f"kill9-{system}")
    studies = synth(os.path.join(root, "studies"), 4 if not smoke else 2, 2, 100 if not smoke else 100,
                    None if smoke else 256, 31)
    sent = files_under(studies)
    groups = [s for s in series_dirs(studies)]
    srv = Ward(root) if system == "ward" else Orthanc(os.path.join(root, "orthanc"))
    srv.start()
    logs = [os.path.join(root, f"storescu-{i}.log") for i in range(len(groups))]
    procs = run_clients([srv.storescu([g]) for g in groups], logs)
    target = int(len(sent) * 0.4)
    t0 = time.monotonic()
    while len(acked_in(logs)) < target and time.monotonic() - t0 < 600:
        time.sleep(0.02)
    srv.kill9()
    for p in procs:
        p.wait(120)
    acked = set(acked_in(logs))
    uid_of = {f: sop_uid(f) for f in sent}
    acked_uids = {uid_of[f] for f in acked}
    restart = srv.start()
    r = {"system": system, "sent": len(sent), "clients": len(groups), "acknowledged": len(acked_uids),
         "restart_s": round(restart, 2)}
    compare = os.path.join(root, "back")
    os.makedirs(compare, exist_ok=True)
    if system == "ward":
        by_study = {}
        for f in sent:
            by_study.setdefault(str(pydicom.dcmread(f, stop_before_pixels=True).StudyInstanceUID), []).append(f)
        back = {}
        for study in by_study:
            out = os.path.join(compare, study)
            g = srv.get(study, out)
            if g.returncode not in (0, 1):
                raise RuntimeError("ward get: " + g.stderr[-500:])
            for f in files_under(out):
                back[sop_uid(f)] = f
        srv.stop()
        intact, summary, status = srv.verify()
        r.update({"indexed_and_verified": len(intact), "verify": summary, "verify_status": status,
                  "objects_on_disk": srv.objects_on_disk()})
        listed = intact
    else:
        listed = set()
        back = {}
        for iid in srv.rest("/instances"):
            tags = srv.rest(f"/instances/{iid}/simplified-tags")
            listed.add(tags["SOPInstanceUID"])
        unreadable = 0
        for uid in listed:
            try:
                back[uid] = srv.instance_file(uid, os.path.join(compare, uid + ".dcm"))
            except OSError:
                unreadable += 1
        srv.stop()
        r["listed_but_unreadable"] = unreadable
        r["indexed"] = len(listed)
    sent_by_uid = {uid_of[f]: f for f in sent}
    r["lost"] = len(acked_uids - set(back))
    r["found_not_acknowledged"] = len(set(back) - acked_uids)
    r["identical"] = sum(1 for u, f in back.items() if u in sent_by_uid and same_data_set(f, sent_by_uid[u]))
    r["differing"] = sum(1 for u, f in back.items() if u in sent_by_uid and not same_data_set(f, sent_by_uid[u]))
    r["listed_not_retrievable"] = len(listed - set(back))
    shutil.rmtree(studies, ignore_errors=True)
    shutil.rmtree(compare, ignore_errors=True)
    log(f"  kill -9 {system}: {r}")
    return r


# ------------------------------------------------------------------ 2. hostile peers

def hostile(system, variant):
    root = os.path.join(work, f"hostile-{system}-{variant}")
    count, hold = 200, (15 if smoke else 60)
    conf = "dicom.max-associations = 256\n" if variant == "limit-256" else ""
    srv = Ward(root, conf) if system == "ward" else Orthanc(os.path.join(root, "orthanc"))
    studies = synth(os.path.join(root, "studies"), 1, 10, 20, None, 41)
    groups = series_dirs(studies)
    srv.start()
    sampler = RssSampler(srv.proc.pid)
    sampler.start()
    time.sleep(1)
    before = rss_kib(srv.proc.pid)
    summary_file = os.path.join(root, "hostile.json")
    hp = subprocess.Popen(["/usr/bin/python3", HOSTILE, "--count", str(count), "--hold", str(hold),
                           "--json", summary_file] + srv.hostile_args(), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    first = hp.stdout.readline()
    if not first.startswith("READY"):
        raise RuntimeError("hostile peers: " + first + hp.stdout.read()[-1000:])
    good = {"associations": 0, "associations_failed": 0, "stored": 0, "failed": 0}
    t_end = time.monotonic() + hold - 2
    i = 0
    while time.monotonic() < t_end:
        g = groups[i % len(groups)]
        i += 1
        out = sh(srv.storescu([g]), check=False, env=ENV)
        rs = responses(out.stdout + out.stderr)
        good["associations"] += 1
        if not rs:
            good["associations_failed"] += 1
            time.sleep(0.5)
        good["stored"] += sum(1 for s in rs.values() if s == "Success")
        good["failed"] += sum(1 for s in rs.values() if s != "Success")
    hp.wait(hold + 120)
    sampler.stop = True
    sampler.join()
    with open(summary_file) as fh:
        summary = json.load(fh)
    alive = srv.proc.poll() is None
    echo = sh(srv.storescu([groups[0]]), check=False, env=ENV)
    served_after = echo.returncode == 0
    srv.stop()
    r = {"system": system, "variant": variant, "hostile": count, "hold_s": hold, "rss_before_mib": round((before or 0) / 1024),
         "peak_rss_mib": round(sampler.peak / 1024), "alive": alive, "serves_after": served_after, "good": good,
         "kinds": {k: {"outcomes": v["outcomes"], "max_seconds_to_end": v["max_seconds_to_end"]}
                   for k, v in summary["kinds"].items()}}
    shutil.rmtree(studies, ignore_errors=True)
    log(f"  hostile {system} {variant}: peak RSS {r['peak_rss_mib']} MiB, good client {good}, alive {alive}")
    return r


# ------------------------------------------------------------------ 3. full disk

def mount_small(dirname, mb):
    img = dirname + ".img"
    os.makedirs(dirname, exist_ok=True)
    sh(["truncate", "-s", f"{mb}M", img])
    sh(["mkfs.ext4", "-q", "-F", "-m", "0", img])
    r = sh(["mount", "-o", "loop", img, dirname], check=False)
    if r.returncode != 0:
        sh(["mount", "-t", "tmpfs", "-o", f"size={mb}m", "tmpfs", dirname])
        return "tmpfs"
    return "ext4"


def fill(path):
    sh(["sh", "-c", f"dd if=/dev/zero of={path} bs=64k 2>/dev/null; sync"], check=False)


def full_disk(system):
    root = os.path.join(work, f"fulldisk-{system}")
    os.makedirs(root, exist_ok=True)
    mb = 48 if smoke else 96
    mnt = os.path.join(root, "disk")
    fstype = mount_small(mnt, mb)
    try:
        return full_disk_on(system, root, mnt, fstype, mb)
    finally:
        subprocess.run(["umount", "-l", mnt])
        if os.path.exists(mnt + ".img"):
            os.remove(mnt + ".img")


def full_disk_on(system, root, mnt, fstype, mb):
    per = 300 if smoke else 800
    first = synth(os.path.join(root, "first"), 1, 1, per, 256, 51)
    later = synth(os.path.join(root, "later"), 1, 1, 20, None, 52)
    if system == "ward":
        srv = Ward(os.path.join(mnt, "ward"), "storage.reserve-mb = 4\n")
        shutil.copy(srv.ca, os.path.join(root, "ca.pem"))
    else:
        srv = Orthanc(os.path.join(mnt, "orthanc"))
    sh(["dd", "if=/dev/zero", f"of={mnt}/ballast", "bs=1M", "count=8"])
    srv.start()
    r = {"system": system, "fs": f"{fstype} {mb} MB", "sent": per}
    out = sh(srv.storescu([first]), check=False, env=ENV)
    rs = responses(out.stdout + out.stderr)
    statuses = {}
    for s in rs.values():
        statuses[s] = statuses.get(s, 0) + 1
    r["phase1_statuses"] = statuses
    r["phase1_no_response"] = per - len(rs)
    r["phase1_client_errors"] = sorted({l.strip()[:160] for l in (out.stdout + out.stderr).splitlines()
                                        if l.startswith(("E:", "F:"))})[:4]
    acked = {f for f, s in rs.items() if s == "Success"}
    # STOW-RS for Ward / REST upload for Orthanc of one refused file while full
    refused = sorted(f for f, s in rs.items() if s != "Success")
    if refused:
        r["http_store_while_full"] = http_store(srv, system, refused[0])
    fill(os.path.join(mnt, "ballast-2"))
    later_files = files_under(later)
    out2 = sh(srv.storescu([later]), check=False, env=ENV)
    rs2 = responses(out2.stdout + out2.stderr)
    s2 = {}
    for s in rs2.values():
        s2[s] = s2.get(s, 0) + 1
    r["phase2_statuses"] = s2
    r["phase2_association"] = "refused" if not rs2 and out2.returncode != 0 else "accepted"
    acked |= {f for f, s in rs2.items() if s == "Success"}
    r["alive_when_full"] = srv.proc.poll() is None
    os.remove(os.path.join(mnt, "ballast-2"))
    os.remove(os.path.join(mnt, "ballast"))
    t0 = time.monotonic()
    attempts, resumed = 0, None
    while time.monotonic() - t0 < 60 and srv.proc.poll() is None:
        attempts += 1
        o = sh(srv.storescu([later_files[0]]), check=False, env=ENV)
        if responses(o.stdout + o.stderr).get(later_files[0]) == "Success":
            resumed = time.monotonic() - t0
            acked.add(later_files[0])
            break
        time.sleep(0.2)
    r["resume_s"] = round(resumed, 2) if resumed is not None else None
    r["resume_attempts"] = attempts
    o = sh(srv.storescu([later]), check=False, env=ENV)
    rs3 = responses(o.stdout + o.stderr)
    r["after_statuses"] = {s: list(rs3.values()).count(s) for s in set(rs3.values())}
    acked |= {f for f, s in rs3.items() if s == "Success"}
    acked_uids = {sop_uid(f) for f in acked}
    r["acknowledged"] = len(acked_uids)
    if system == "ward":
        srv.stop()
        intact, summary, status = srv.verify()
        r.update({"verify": summary, "verify_status": status, "indexed_and_verified": len(intact),
                  "objects_on_disk": srv.objects_on_disk(), "lost": len(acked_uids - intact),
                  "indexed_not_acknowledged": len(intact - acked_uids),
                  "log_lines_storage_full": sum(1 for l in open(srv.log, errors="replace") if "storage full" in l)})
    else:
        listed = set()
        for iid in srv.rest("/instances"):
            listed.add(srv.rest(f"/instances/{iid}/simplified-tags")["SOPInstanceUID"])
        unreadable = 0
        for uid in listed:
            try:
                srv.instance_file(uid, os.path.join(root, "x.dcm"))
            except OSError:
                unreadable += 1
        srv.stop()
        r.update({"indexed": len(listed), "lost": len(acked_uids - listed),
                  "indexed_not_acknowledged": len(listed - acked_uids), "listed_but_unreadable": unreadable,
                  "log_lines_disk": sum(1 for l in open(srv.log, errors="replace")
                                        if "space" in l.lower() or "full" in l.lower())})
    shutil.rmtree(first, ignore_errors=True)
    log(f"  full disk {system}: {r}")
    return r


def http_store(srv, system, path):
    body = open(path, "rb").read()
    if system == "ward":
        login = sh(["curl", "-sS", "--cacert", srv.ca, "-H", "Content-Type: application/json", "-d",
                    json.dumps({"name": "modality1", "password": PASSWORD}), "-w", "\n%{http_code}",
                    f"https://127.0.0.1:{WARD_HTTPS}/api/login"], check=False).stdout
        try:
            token = json.loads(login.rsplit("\n", 1)[0])["token"]
        except (ValueError, KeyError):
            return "login refused while full: HTTP " + " ".join(login.split())[-200:]
        b = b"--relb\r\nContent-Type: application/dicom\r\n\r\n" + body + b"\r\n--relb--\r\n"
        bf = os.path.join(work, "stow.body")
        open(bf, "wb").write(b)
        o = sh(["curl", "-sS", "--cacert", srv.ca, "-H", f"Authorization: Bearer {token}", "-H",
                'Content-Type: multipart/related; type="application/dicom"; boundary=relb', "-H",
                "Accept: application/dicom+json", "--data-binary", f"@{bf}", "-w", "\n%{http_code}",
                f"https://127.0.0.1:{WARD_HTTPS}/dicomweb/studies"], check=False).stdout
        code = o.rsplit("\n", 1)[-1]
        reason = None
        try:
            ds = json.loads(o.rsplit("\n", 1)[0])
            seq = ds.get("00081198", {}).get("Value", [])
            if seq:
                reason = hex(seq[0]["00081197"]["Value"][0])
        except (ValueError, KeyError, IndexError):
            pass
        return f"STOW-RS HTTP {code}, failure reason {reason}"
    bf = os.path.join(work, "upload.dcm")
    open(bf, "wb").write(body)
    o = sh(["curl", "-sS", "--data-binary", f"@{bf}", "-w", "\n%{http_code}",
            f"http://127.0.0.1:{ORTHANC_HTTP}/instances"], check=False).stdout
    code = o.rsplit("\n", 1)[-1]
    detail = " ".join(o.rsplit("\n", 1)[0].split()).replace(work, "WORK")
    return f"REST POST /instances HTTP {code}: " + detail[:200]


# ------------------------------------------------------------------ run

systems = ["ward"] + (["orthanc"] if with_orthanc else [])
if "kill9" in scenarios:
    log("1. kill -9 during a parallel ingest")
    results["kill9"] = [kill9(s) for s in systems]
if "hostile" in scenarios:
    log("2. 200 hostile connections while a modality stores")
    results["hostile"] = [hostile("ward", "default")] + ([] if smoke else [hostile("ward", "limit-256")]) + \
        ([hostile("orthanc", "default")] if with_orthanc else [])
if "fulldisk" in scenarios:
    log("3. a full disk during ingest")
    results["fulldisk"] = [full_disk(s) for s in systems]
results["elapsed_s"] = round(time.time() - started_at)

# ------------------------------------------------------------------ report

md = [f"# Reliability run\n\nCommand: `{command}`, {results['started'][:16]} UTC, "
      f"{results['elapsed_s'] / 60:.0f} minutes. Ward with -Xmx{HEAP_MIB}m.\n"]
if "kill9" in results:
    md.append("## kill -9 during a parallel ingest\n")
    md.append("| system | sent | clients | acknowledged | found after restart | lost | identical | listed, not retrievable | objects not indexed | restart |")
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results["kill9"]:
        found = r.get("indexed_and_verified", r.get("indexed"))
        md.append(f"| {r['system']} | {r['sent']} | {r['clients']} | {r['acknowledged']} | {found} | {r['lost']} | "
                  f"{r['identical']} | {r['listed_not_retrievable']} | "
                  f"{r['objects_on_disk'] - r['indexed_and_verified'] if 'objects_on_disk' in r else '–'} | {r['restart_s']} s |")
    md.append("")
if "hostile" in results:
    md.append("## 200 hostile connections while a modality stores\n")
    md.append("| system | limits | RSS before | peak RSS | good stores ok / failed | good associations refused | alive | serves after |")
    md.append("|---|---|---:|---:|---:|---:|---|---|")
    for r in results["hostile"]:
        g = r["good"]
        md.append(f"| {r['system']} | {r['variant']} | {r['rss_before_mib']} MiB | {r['peak_rss_mib']} MiB | "
                  f"{g['stored']} / {g['failed']} | {g['associations_failed']} of {g['associations']} | "
                  f"{r['alive']} | {r['serves_after']} |")
    md.append("")
    for r in results["hostile"]:
        md.append(f"{r['system']} ({r['variant']}), what each kind of peer met (hold {r['hold_s']} s): " + "; ".join(
            f"{k} {v['outcomes']}" + (f" within {v['max_seconds_to_end']:.1f} s" if v['max_seconds_to_end'] else "")
            for k, v in r["kinds"].items()) + "\n")
if "fulldisk" in results:
    md.append("## A full disk during ingest\n")
    md.append("| system | file system | C-STORE statuses while filling | HTTP store while full | rest of disk taken: statuses | alive | resumed after freeing | acknowledged | lost | stored, not acknowledged |")
    md.append("|---|---|---|---|---|---|---|---:|---:|---:|")
    for r in results["fulldisk"]:
        p2 = r["phase2_statuses"] or f"association {r['phase2_association']}"
        p1 = dict(r["phase1_statuses"], **({"no response": r["phase1_no_response"]} if r["phase1_no_response"] else {}))
        md.append(f"| {r['system']} | {r['fs']} | {p1} | {r.get('http_store_while_full')} | {p2} | "
                  f"{r['alive_when_full']} | {r['resume_s']} s ({r['resume_attempts']} attempts) | {r['acknowledged']} | "
                  f"{r['lost']} | {r['indexed_not_acknowledged']} |")
    md.append("")
    for r in results["fulldisk"]:
        if r["system"] == "ward":
            md.append(f"Ward afterwards: `ward verify`: {r['verify']} (exit {r['verify_status']}); "
                      f"{r['objects_on_disk']} object files on disk; {r['log_lines_storage_full']} \"storage full\" log lines.\n")
        else:
            md.append(f"Orthanc afterwards: {r['indexed']} instances indexed, {r['listed_but_unreadable']} of them unreadable; "
                      f"{r['log_lines_disk']} log lines about space.\n")
text = "\n".join(md)
with open(os.path.join(work, "results.json"), "w") as fh:
    json.dump(results, fh, indent=1)
with open(os.path.join(work, "summary.md"), "w") as fh:
    fh.write(text)
log("\n" + text)
log(f"results: {os.path.join(work, 'results.json')}, {os.path.join(work, 'summary.md')}")
