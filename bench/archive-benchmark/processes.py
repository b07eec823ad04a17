"""Running commands and reading what a process used, from /proc, for the archive benchmark."""
import hashlib
import os
import resource
import subprocess

HZ = os.sysconf("SC_CLK_TCK")


def log(*a):
    print(*a, flush=True)


def sh(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:6])}...: exit {r.returncode}: {r.stderr[-800:]}{r.stdout[-400:]}")
    return r.stdout


def files_under(d):
    out = []
    for root, _, fs in os.walk(d):
        out.extend(os.path.join(root, f) for f in fs)
    return sorted(out)


def count_files(d):
    return sum(len(fs) for _, _, fs in os.walk(d)) if os.path.isdir(d) else 0


def bytes_under(d):
    return sum(os.path.getsize(f) for f in files_under(d))


def digest(d):
    """SHA-256 over every file's path (relative to d) and bytes, in order: the same data set gives
    the same digest, so two runs can show they measured the same invented studies."""
    h = hashlib.sha256()
    for f in files_under(d):
        h.update(os.path.relpath(f, d).encode() + b"\0")
        with open(f, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def proc_cpu(pid):
    """User + system seconds of a live process (all its threads)."""
    with open(f"/proc/{pid}/stat") as fh:
        f = fh.read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / HZ


def proc_mem(pid):
    """(VmRSS, VmHWM) in MiB."""
    m = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                k, v = line.split(":")
                m[k] = int(v.split()[0]) / 1024
    return m.get("VmRSS", 0.0), m.get("VmHWM", 0.0)


def proc_pss(pid):
    """Proportional set size in MiB (shared pages divided among their users), 0 if unknown."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def descendants(pid):
    """The pids of a process's live children and their children."""
    kids = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(p))
    out, todo = [], [pid]
    while todo:
        for k in kids.get(todo.pop(), []):
            out.append(k)
            todo.append(k)
    return out


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
