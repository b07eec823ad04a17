"""Hostile DICOM peers: many connections at once that send garbage, lie about lengths, send
malformed association requests, stop in the middle of a PDU, or say nothing at all.

Run with /usr/bin/python3 (standard library only). Every connection comes from its own loopback
address (127.0.1.1, 127.0.1.2, ...) so that a server's per-address limit does not hide the load,
and goes to a server on this machine only (127.0.0.0/8 or ::1).

    hostile_peers.py --port P --ca CA.pem --cert CHAIN.pem --key KEY.pem [--aet AE]
                     [--called WARD] [--count 200] [--hold S] [--json OUT] [--plain]
                     [--release-on-eof --min-hold S]

--cert/--key: a client certificate the server accepts for --aet (the peers that complete an
association use it; with --plain no TLS is used and --aet must be accepted without credentials,
as Orthanc accepts any AE by default). Every connection runs its script, then waits (at most
--hold seconds from the start) for the server to end it, and records what the server did: an
A-ABORT, an A-ASSOCIATE-RJ, a close, or nothing (still open when the hold ended).

Prints "READY n" once every connection has sent what it sends, then one JSON summary line
(also written to --json): per kind, the outcomes and the longest time the server took to end a
connection of that kind.
"""

import argparse
import json
import os
import socket
import ssl
import struct
import sys
import threading
import time

VERIFICATION = b"1.2.840.10008.1.1"
CT_STORAGE = b"1.2.840.10008.5.1.4.1.1.2"
IMPLICIT_LE = b"1.2.840.10008.1.2"
EXPLICIT_LE = b"1.2.840.10008.1.2.1"
APP_CONTEXT = b"1.2.840.10008.3.1.1.1"


def item(kind, body):
    return struct.pack(">BBH", kind, 0, len(body)) + body


def ae(title):
    return title.encode("ascii").ljust(16, b" ")[:16]


def associate_rq(called, calling, version=1, contexts=None, app_context=APP_CONTEXT):
    """An A-ASSOCIATE-RQ (PS3.8 9.3.2)."""
    if contexts is None:
        contexts = [(1, VERIFICATION, [IMPLICIT_LE]), (3, CT_STORAGE, [EXPLICIT_LE, IMPLICIT_LE])]
    items = item(0x10, app_context) if app_context is not None else b""
    for pc_id, abstract, syntaxes in contexts:
        body = struct.pack(">BBBB", pc_id, 0, 0, 0) + item(0x30, abstract)
        body += b"".join(item(0x40, ts) for ts in syntaxes)
        items += item(0x20, body)
    items += item(0x50, item(0x51, struct.pack(">I", 16384)) + item(0x52, b"1.2.826.0.1.3680043.9.9999"))
    body = struct.pack(">HH", version, 0) + ae(called) + ae(calling) + bytes(32) + items
    return struct.pack(">BBI", 1, 0, len(body)) + body


def p_data(pc_id, control, data, claimed=None):
    """A P-DATA-TF with one PDV (PS3.8 9.3.5); claimed lies about the PDU length."""
    pdv = struct.pack(">IBB", len(data) + 2, pc_id, control) + data
    return struct.pack(">BBI", 4, 0, len(pdv) if claimed is None else claimed) + pdv


# What each kind sends. "tcp" kinds stay below TLS (raw bytes to a TLS port); "tls" kinds
# complete the TLS handshake first (or go plain with --plain); "assoc" kinds complete an
# association first.
KINDS = [
    ("silent", "tcp", "connects and says nothing"),
    ("garbage", "tcp", "random bytes instead of a TLS handshake or a PDU"),
    ("tls-silent", "tls", "completes TLS, then says nothing"),
    ("tls-garbage", "tls", "random bytes as the first PDU"),
    ("lying-length", "tls", "an A-ASSOCIATE-RQ header claiming 2 GB, then 100 bytes, then nothing"),
    ("bad-version", "tls", "an A-ASSOCIATE-RQ with protocol version 2"),
    ("bad-fields", "tls", "an A-ASSOCIATE-RQ without application context, with a context of no transfer syntax"),
    ("bad-item-length", "tls", "an A-ASSOCIATE-RQ whose item length runs past the PDU"),
    ("half-pdu", "tls", "half of a valid A-ASSOCIATE-RQ, then nothing"),
    ("assoc-silent", "assoc", "associates, then never sends"),
    ("truncated-pdata", "assoc", "associates, sends a P-DATA-TF claiming 64 KiB with 1 KiB of it, then nothing"),
    ("pdata-lying-pdv", "assoc", "associates, sends a P-DATA-TF whose PDV is longer than the PDU"),
    ("pdata-huge", "assoc", "associates, sends a P-DATA-TF header claiming 4 GB"),
]


class Peer(threading.Thread):
    def __init__(self, n, kind, layer, args, ctx, started, sent_barrier):
        super().__init__(daemon=True)
        self.n, self.kind, self.layer, self.args, self.ctx = n, kind, layer, args, ctx
        self.started, self.sent_barrier = started, sent_barrier
        self.outcome, self.seconds, self.detail = None, None, ""

    def source(self):
        base = self.args.first_address.split(".")
        host = int(base[3]) + self.n
        return f"{base[0]}.{base[1]}.{int(base[2]) + host // 250}.{host % 250 + 1}"

    def run(self):
        sock = None
        try:
            raw = socket.create_connection((self.args.host, self.args.port), timeout=30,
                                           source_address=(self.source(), 0))
            sock = raw
            if self.layer != "tcp" and not self.args.plain:
                sock = self.ctx.wrap_socket(raw, server_hostname=self.args.host)
            self.t0 = time.monotonic()
            early = self.script(sock)
        except (OSError, ssl.SSLError) as e:
            self.outcome, self.detail, self.seconds = "failed-to-start", str(e)[:120], 0.0
            self.sent_barrier.wait_or_pass()
            if sock is not None:
                sock.close()
            return
        self.sent_barrier.wait_or_pass()
        if early is not None:
            self.outcome, self.seconds = early, time.monotonic() - self.t0
            sock.close()
            return
        self.watch(sock)
        sock.close()

    def associate(self, sock):
        sock.sendall(associate_rq(self.args.called, self.args.aet))
        head = recv_exact(sock, 6)
        if head is None:
            return "closed-before-accept"
        length = struct.unpack(">I", head[2:6])[0]
        recv_exact(sock, min(length, 1 << 16))
        if head[0] != 2:
            return {3: "rejected", 7: "aborted"}.get(head[0], f"pdu-{head[0]}") + "-at-associate"
        return None

    def script(self, sock):
        k = self.kind
        if k in ("silent", "tls-silent"):
            return None
        if k in ("garbage", "tls-garbage"):
            sock.sendall(os.urandom(4096))
            return None
        if k == "lying-length":
            sock.sendall(struct.pack(">BBI", 1, 0, 0x7FFFFFF0) + os.urandom(100))
            return None
        if k == "bad-version":
            sock.sendall(associate_rq(self.args.called, self.args.aet, version=2))
            return None
        if k == "bad-fields":
            sock.sendall(associate_rq(self.args.called, self.args.aet, app_context=None,
                                      contexts=[(1, VERIFICATION, [])]))
            return None
        if k == "bad-item-length":
            rq = bytearray(associate_rq(self.args.called, self.args.aet))
            rq[74 + 2:74 + 4] = struct.pack(">H", 0xFFF0)  # the application context item
            sock.sendall(bytes(rq))
            return None
        if k == "half-pdu":
            rq = associate_rq(self.args.called, self.args.aet)
            sock.sendall(rq[:len(rq) // 2])
            return None
        refused = self.associate(sock)
        if refused is not None:
            return refused
        if k == "assoc-silent":
            return None
        if k == "truncated-pdata":
            sock.sendall(p_data(1, 0x03, os.urandom(1024), claimed=65536 + 6)[:1030])
            return None
        if k == "pdata-lying-pdv":
            pdv = struct.pack(">IBB", 60000, 1, 0x03) + os.urandom(100)
            sock.sendall(struct.pack(">BBI", 4, 0, len(pdv)) + pdv)
            return None
        if k == "pdata-huge":
            sock.sendall(struct.pack(">BBI", 4, 0, 0xFFFFFFF0) + os.urandom(512))
            return None
        raise ValueError(k)

    def watch(self, sock):
        """Reads until the server ends the connection or the hold is over."""
        deadline = self.started + self.args.hold
        first = None
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or RELEASED.is_set() and time.monotonic() >= self.started + self.args.min_hold:
                self.outcome, self.seconds = "still-open", None
                return
            sock.settimeout(min(left, 1.0))
            try:
                data = sock.recv(65536)
            except socket.timeout:
                continue
            except (ConnectionResetError, BrokenPipeError):
                self.outcome = {7: "aborted", 3: "rejected"}.get(first, "reset")
                self.seconds = time.monotonic() - self.t0
                return
            except (OSError, ssl.SSLError) as e:
                self.outcome = {7: "aborted", 3: "rejected"}.get(first, "tls-error")
                self.detail = str(e)[:120]
                self.seconds = time.monotonic() - self.t0
                return
            if not data:
                self.outcome = {7: "aborted", 3: "rejected"}.get(first, "closed")
                self.seconds = time.monotonic() - self.t0
                return
            if first is None:
                first = data[0]


# Set when standard input closes (--release-on-eof): the hold ends early, after --min-hold.
RELEASED = threading.Event()


class Barrier:
    """Counts the peers that have sent their script; prints READY when all have."""

    def __init__(self, n):
        self.n, self.done, self.lock = n, 0, threading.Lock()

    def wait_or_pass(self):
        with self.lock:
            self.done += 1
            if self.done == self.n:
                print(f"READY {self.n}", flush=True)


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--ca")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--plain", action="store_true")
    p.add_argument("--aet", default="HOSTILE")
    p.add_argument("--called", default="WARD")
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--hold", type=float, default=10.0)
    p.add_argument("--first-address", default="127.0.1.0")
    p.add_argument("--json")
    p.add_argument("--release-on-eof", action="store_true",
                   help="end the hold when standard input closes (but not before --min-hold)")
    p.add_argument("--min-hold", type=float, default=0.0)
    args = p.parse_args()
    if args.release_on_eof:
        threading.Thread(target=lambda: (sys.stdin.read(), RELEASED.set()), daemon=True).start()
    if not (args.host.startswith("127.") or args.host == "::1"):
        sys.exit("hostile_peers.py: only loopback targets")
    ctx = None
    if not args.plain:
        ctx = ssl.create_default_context(cafile=args.ca)
        ctx.check_hostname = False
        ctx.load_cert_chain(args.cert, args.key)
    started = time.monotonic()
    barrier = Barrier(args.count)
    peers = [Peer(i, KINDS[i % len(KINDS)][0], KINDS[i % len(KINDS)][1], args, ctx, started, barrier)
             for i in range(args.count)]
    for peer in peers:
        peer.start()
    for peer in peers:
        peer.join(args.hold + 60)
    summary = {"count": args.count, "hold_s": args.hold, "kinds": {}}
    for kind, layer, what in KINDS:
        mine = [q for q in peers if q.kind == kind]
        outcomes = {}
        for q in mine:
            outcomes[q.outcome or "unfinished"] = outcomes.get(q.outcome or "unfinished", 0) + 1
        ended = [q.seconds for q in mine if q.seconds is not None]
        summary["kinds"][kind] = {"what": what, "count": len(mine), "outcomes": outcomes,
                                  "max_seconds_to_end": max(ended) if ended else None,
                                  "details": sorted({q.detail.replace("{", "(").replace("}", ")") for q in mine if q.detail})[:3]}
    summary["still_open"] = sum(1 for q in peers if q.outcome == "still-open")
    line = json.dumps(summary, sort_keys=True)
    if args.json:
        with open(args.json, "w") as fh:
            fh.write(line + "\n")
    print(line, flush=True)


if __name__ == "__main__":
    main()
