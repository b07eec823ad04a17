"""The systems under test, each started by hand on fresh directories on 127.0.0.1: Ward's archive,
Orthanc (SQLite index, or PostgreSQL index through its plugin), and dcmtk's storescp."""
import glob
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request

from processes import HZ, count_files, descendants, log, proc_cpu, proc_mem, proc_pss, sh


class Setup:
    """What every server needs: paths, credentials, ports and the client driver."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def tree_cpu(pid):
    """CPU seconds of a process, its live descendants and the children it has reaped."""
    with open(f"/proc/{pid}/stat") as fh:
        f = fh.read().rsplit(")", 1)[1].split()
    total = sum(int(x) for x in f[11:15]) / HZ
    for k in descendants(pid):
        try:
            total += proc_cpu(k)
        except OSError:
            pass
    return total


class Process:
    """A started server process with its log; stopped with SIGTERM."""

    def __init__(self, cmd, log_path, env):
        self.log = log_path
        os.makedirs(os.path.dirname(log_path), exist_ok=True)
        with open(log_path, "ab") as logf:
            self.proc = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, env=env)

    def stop(self, what):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            log(f"  {what} did not stop within 60 s of SIGTERM; killed")
            self.proc.kill()
            self.proc.wait()


class Server:
    """Common to every system: fresh root directory, start-up timed to the first C-ECHO answered."""
    seq = 0

    def __init__(self, setup, kind):
        Server.seq += 1
        self.s, self.kind = setup, kind
        self.root = os.path.join(setup.data, f"{kind}-{Server.seq:03d}")
        self.procs = []
        self.log = os.path.join(setup.work, "logs", os.path.basename(self.root) + ".log")

    def launch(self, cmd):
        self.procs.append(Process(cmd, self.log, self.s.env))

    def wait_ready(self, t0, probes):
        for probe in probes:
            answer = self.s.drive(probe)
            if not answer.startswith("READY"):
                self.stop()
                raise RuntimeError(f"{self.kind} did not start: {answer}")
        return time.perf_counter() - t0

    def cpu(self):
        return sum(proc_cpu(p.proc.pid) for p in self.procs)

    def mem(self):
        """(VmRSS, VmHWM) in MiB, summed over the server's processes."""
        ms = [proc_mem(p.proc.pid) for p in self.procs]
        return sum(m[0] for m in ms), sum(m[1] for m in ms)

    def db_pss(self):
        return 0.0

    def stop(self):
        for p in self.procs:
            p.stop(self.kind)
        self.procs = []


class Ward(Server):
    def __init__(self, setup):
        super().__init__(setup, "ward")
        shutil.copytree(setup.template, self.root)

    def start(self, extra_java=()):
        t0 = time.perf_counter()
        self.launch(self.s.ward_java + list(extra_java) + ["-jar", self.s.ward_jar, "serve", "--data", self.root])
        return self.wait_ready(t0, [f"echo ward WARD {self.s.ports['ward-tls']} READER1 120"])

    def stored(self):
        return count_files(os.path.join(self.root, "objects", "objects"))


class Orthanc(Server):
    """Orthanc from Debian, its own JSON configuration; `db` a PostgresCluster for its index."""

    def __init__(self, setup, tls=False, db=None):
        super().__init__(setup, "orthanc-pg" if db else "orthanc")
        self.tls, self.db = tls, db
        self.dicom_port = setup.ports["orthanc-pg" if db else "orthanc"]
        self.http_port = setup.ports["orthanc-pg-http" if db else "orthanc-http"]
        os.makedirs(os.path.join(self.root, "storage"))
        os.makedirs(os.path.join(self.root, "index"))
        cfg = {
            "Name": "BENCH",
            "StorageDirectory": os.path.join(self.root, "storage"),
            "IndexDirectory": os.path.join(self.root, "index"),
            "DicomAet": "ORTHANC", "DicomPort": self.dicom_port, "HttpPort": self.http_port,
            "RemoteAccessAllowed": False, "AuthenticationEnabled": False,
            # C-FIND and C-GET from unknown AEs are refused by default: the benchmark's AE is known.
            "DicomModalities": {"bench": ["BENCHFIND", "127.0.0.1", 104]},
            "Plugins": [setup.dicomweb_plugin],
            "DicomWeb": {"Enable": True, "Root": "/dicom-web/"},
        }
        if db is not None:
            self.database = f"orthanc{Server.seq:03d}"
            db.createdb(self.database)
            cfg["Plugins"].append(setup.pg_plugin)
            cfg["PostgreSQL"] = {"EnableIndex": True, "EnableStorage": False, "Host": "127.0.0.1",
                                 "Port": db.port, "Database": self.database, "Username": "postgres",
                                 "Password": "", "EnableSsl": False}
        if tls:
            pki = setup.pki
            cfg.update({"DicomTlsEnabled": True, "DicomTlsCertificate": f"{pki}/server.pem",
                        "DicomTlsPrivateKey": f"{pki}/server.key",
                        "DicomTlsTrustedCertificates": f"{pki}/ca.pem",
                        "DicomTlsRemoteCertificateRequired": True})
        with open(os.path.join(self.root, "orthanc.json"), "w") as fh:
            json.dump(cfg, fh, indent=1)

    def start(self, extra_java=()):
        t0 = time.perf_counter()
        self.launch(["Orthanc", os.path.join(self.root, "orthanc.json")])
        return self.wait_ready(t0, [f"echo {'bench' if self.tls else 'plain'} ORTHANC {self.dicom_port} BENCHFIND 120"])

    def cpu(self):
        """Orthanc's CPU, and with a PostgreSQL index the whole database cluster's."""
        return super().cpu() + (self.db.cpu() if self.db else 0.0)

    def db_pss(self):
        return self.db.pss() if self.db else 0.0

    def stored(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/statistics", timeout=30) as r:
            return json.load(r)["CountInstances"]

    def stop(self):
        super().stop()
        if self.db is not None and getattr(self, "database", None):
            self.db.dropdb(self.database)
            self.database = None


class Storescp(Server):
    """dcmtk's storescp writing plain files: the floor of raw ingest cost. It serves one
    association at a time, so `associations` processes listen on consecutive ports, one per
    storescu. `sync`: each file and its directory are fsynced (coreutils `sync FILE DIR`, run
    by storescp's --exec-on-reception with --exec-sync, before the C-STORE response)."""

    def __init__(self, setup, sync=False, associations=1):
        super().__init__(setup, "storescp-sync" if sync else "storescp")
        self.sync, self.n = sync, associations
        os.makedirs(self.root)

    def ports(self):
        return [self.s.ports["storescp"] + i for i in range(self.n)]

    def start(self, extra_java=()):
        t0 = time.perf_counter()
        for i, port in enumerate(self.ports()):
            out = os.path.join(self.root, f"a{i}")
            os.makedirs(out, exist_ok=True)
            cmd = ["storescp", "-aet", "STORESCP", "-pdu", "65536", "-dhl", "-od", out]
            if self.sync:
                cmd += ["-xcr", "sync #p/#f #p", "-xs"]
            self.launch(cmd + [str(port)])
        return self.wait_ready(t0, [f"echo plain STORESCP {p} BENCH 120" for p in self.ports()])

    def cpu(self):
        """storescp's CPU with the children it ran and reaped (the `sync` processes)."""
        return sum(tree_cpu(p.proc.pid) for p in self.procs)

    def stored(self):
        return count_files(self.root)


class PostgresCluster:
    """Debian's PostgreSQL, a cluster of its own in the work directory, started by hand on
    127.0.0.1 (inside the benchmark's network namespace) as the postgres user; defaults kept:
    fsync on, synchronous_commit on (each commit's WAL flushed before it returns)."""

    def __init__(self, root, port):
        self.root, self.port = root, port
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not bins:
            raise RuntimeError("PostgreSQL's initdb not found (Debian: postgresql)")
        self.bin = os.path.dirname(bins[-1])
        # "postgres (PostgreSQL) 15.18 (Debian ...)": the name and the version
        self.version = "PostgreSQL " + sh([os.path.join(self.bin, "postgres"), "--version"]).split()[2]
        os.makedirs(root)
        shutil.chown(root, "postgres", "postgres")
        self.datadir = os.path.join(root, "cluster")
        self.as_pg([os.path.join(self.bin, "initdb"), "-D", self.datadir, "--auth=trust", "-U", "postgres",
                    "--encoding=UTF8", "--locale=C"])
        self.as_pg([os.path.join(self.bin, "pg_ctl"), "-D", self.datadir, "-l", os.path.join(root, "server.log"),
                    "-w", "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {root}", "start"])
        with open(os.path.join(self.datadir, "postmaster.pid")) as fh:
            self.pid = int(fh.readline())

    @staticmethod
    def as_pg(cmd):
        return sh(["runuser", "-u", "postgres", "--"] + cmd)

    def createdb(self, name):
        sh([os.path.join(self.bin, "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name])

    def dropdb(self, name):
        sh([os.path.join(self.bin, "dropdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name])

    def cpu(self):
        return tree_cpu(self.pid)

    def pss(self):
        return sum(proc_pss(p) for p in [self.pid] + descendants(self.pid))

    def stop(self):
        self.as_pg([os.path.join(self.bin, "pg_ctl"), "-D", self.datadir, "-m", "fast", "-w", "stop"])
