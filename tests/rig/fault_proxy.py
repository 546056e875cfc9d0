#!/usr/bin/env python3
"""fault_proxy.py: a loopback proxy that breaks the PostgreSQL wire stream on purpose.

    fault_proxy.py --listen 127.0.0.1:PORT --upstream 127.0.0.1:PGPORT --control 127.0.0.1:CPORT
                   [--ready-file PATH]

Sits between the driver and a server (PostgreSQL, or tests/rig/crate_proxy.py in front of it)
and passes every byte through until told to inject a fault. Writes `LISTEN_PORT CONTROL_PORT`
to --ready-file once both listen (ports 0 pick free ones); exits 0 on SIGTERM or SIGINT.

It frames the messages of both directions (the untyped startup packet, then typed messages),
so a fault triggers at a chosen message:

    side    "client" (driver -> server) or "server" (server -> driver)
    types   the message types that count, e.g. "D" (DataRow), "E" (Execute from the client),
            "R" (authentication requests), "^" (the client's startup packet); "*" any message
    n       the fault fires at the n-th counted message (from 1) of one session
    action  what happens to that message and after it:
              cut       close both sockets before it is forwarded
              truncate  forward its first half, then close both sockets
              badlen    forward it with a length field below 4 (a framing error)
              badtype   forward it with an unknown message type byte
              delay     forward it `ms` milliseconds late, and everything after it as usual
              trickle   from it on, forward that side one byte every `ms` milliseconds
              silent    from it on, forward nothing of that side; the sockets stay open
    cancel  what a CancelRequest (a new connection carrying 16 bytes) gets: "pass" (forwarded;
            the default), "silent" (read, never forwarded, the connection held open), "drop"
            (closed at once, not forwarded)

Control: a line-based TCP port, one command per connection, answered by one line:

    ARM {json}   the fault for every session from now on, counters restarted in live ones
                 (e.g. {"side": "server", "types": "D", "n": 25, "action": "cut"}); OK
    CUT          closes both sockets of every live session now; OK
    CLEAR        no fault any more, held cancel connections are closed; OK
    STATS        {"sessions": N, "cancels": N, "fired": N} as one line of JSON

Commands act before their answer is sent, and the driver is idle while a test sends one, so a
test that arms, then connects or runs a statement, never races the proxy.

SSLRequest and GSSENCRequest get 'N' from the proxy itself: the stream must stay plaintext to be
framed. Python standard library only; one thread per direction of each session.
"""

import argparse
import json
import os
import signal
import socket
import struct
import sys
import threading
import time

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
CANCEL_REQUEST = 80877102
ACTIONS = ("cut", "truncate", "badlen", "badtype", "delay", "trickle", "silent")


# ---------------------------------------------------------------------------------------------
# Framing (sans I/O)

class Framer:
    """Splits one direction's bytes into messages: feed() bytes, take (type, raw) from next().

    The client's first message is the untyped startup packet (int32 length, then the body); it
    comes out with type '^'. Everything else is typed: a byte, an int32 length that counts
    itself, the body. A length below 4 cannot be framed: ValueError.
    """

    def __init__(self, untyped_first):
        self.buf = bytearray()
        self.untyped = untyped_first

    def feed(self, data):
        self.buf += data

    def next(self):
        if self.untyped:
            if len(self.buf) < 4:
                return None
            (n,) = struct.unpack_from("!i", self.buf, 0)
            if n < 8:
                raise ValueError("startup packet length %d" % n)
            if len(self.buf) < n:
                return None
            raw = bytes(self.buf[:n])
            del self.buf[:n]
            self.untyped = False
            return "^", raw
        if len(self.buf) < 5:
            return None
        (n,) = struct.unpack_from("!i", self.buf, 1)
        if n < 4:
            raise ValueError("message length %d" % n)
        if len(self.buf) < n + 1:
            return None
        raw = bytes(self.buf[: n + 1])
        del self.buf[: n + 1]
        return chr(raw[0]), raw


def startup_code(raw):
    """The request code of an untyped startup packet (protocol version or a special request)."""
    return struct.unpack_from("!i", raw, 4)[0] if len(raw) >= 8 else 0


def corrupt(raw, action):
    """raw with a broken frame: a length below 4 (badlen) or the type byte 0x01 (badtype)."""
    if action == "badlen":
        return raw[:1] + struct.pack("!i", 3) + raw[5:]
    return b"\x01" + raw[1:]


class Fault:
    """One armed fault (see the module comment); validate() raises ValueError on a bad spec."""

    def __init__(self, spec):
        self.side = spec.get("side", "server")
        self.types = spec.get("types", "*")
        self.n = int(spec.get("n", 1))
        self.action = spec.get("action", "cut")
        self.ms = int(spec.get("ms", 0))
        self.cancel = spec.get("cancel", "pass")
        if self.side not in ("client", "server") or self.action not in ACTIONS:
            raise ValueError("bad side or action: %r" % spec)
        if self.cancel not in ("pass", "silent", "drop") or self.n < 1:
            raise ValueError("bad cancel or n: %r" % spec)

    def counts(self, side, mtype):
        return side == self.side and (self.types == "*" or mtype in self.types)


PASS = Fault({"side": "server", "types": "", "action": "cut"})  # counts nothing: never fires


# ---------------------------------------------------------------------------------------------
# Sessions

class Proxy:
    """Shared state: the armed fault, the live sessions, held cancel sockets, statistics."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.lock = threading.Lock()
        self.fault = PASS
        self.generation = 0
        self.sessions = set()
        self.held = []          # cancel connections kept open without an answer
        self.stats = {"sessions": 0, "cancels": 0, "fired": 0}

    def arm(self, fault):
        with self.lock:
            self.fault = fault
            self.generation += 1

    def clear(self):
        with self.lock:
            self.fault = PASS
            self.generation += 1
            held, self.held = self.held, []
        for s in held:
            close_quietly(s)

    def cut_all(self):
        with self.lock:
            live = list(self.sessions)
        for s in live:
            s.close()


def close_quietly(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


def send_all(sock, data):
    """False when the peer is gone."""
    try:
        sock.sendall(data)
        return True
    except OSError:
        return False


class Session:
    """One client connection and its upstream connection, pumped by two threads."""

    def __init__(self, proxy, client):
        self.proxy = proxy
        self.client = client
        self.server = None
        self.lock = threading.Lock()
        self.closed = False
        self.generation = -1
        self.fault = PASS
        self.seen = 0                       # messages counted for the fault
        self.silent = {"client": False, "server": False}
        self.trickle = {"client": 0, "server": 0}

    def close(self):
        with self.lock:
            if self.closed:
                return
            self.closed = True
        close_quietly(self.client)
        if self.server is not None:
            close_quietly(self.server)

    def decide(self, side, mtype):
        """The action for this message ('pass' or one of ACTIONS) and its fault."""
        p = self.proxy
        with p.lock:
            if self.generation != p.generation:
                self.generation, self.fault, self.seen = p.generation, p.fault, 0
                self.silent = {"client": False, "server": False}
                self.trickle = {"client": 0, "server": 0}
            f = self.fault
            if not f.counts(side, mtype):
                return "pass", f
            self.seen += 1
            if self.seen != f.n:
                return "pass", f
            p.stats["fired"] += 1
            return f.action, f

    def forward(self, side, mtype, raw, dst):
        """Applies the fault to one message of `side`; False when the session is over."""
        action, f = self.decide(side, mtype)
        if action == "cut":
            return False
        if action == "truncate":
            send_all(dst, raw[: max(1, len(raw) // 2)])
            return False
        if action in ("badlen", "badtype"):
            raw = corrupt(raw, action)
        elif action == "delay":
            time.sleep(f.ms / 1000.0)
        elif action == "silent":
            self.silent[side] = True
        elif action == "trickle":
            self.trickle[side] = max(1, f.ms)
        if self.silent[side]:
            return True
        if self.trickle[side]:
            for i in range(len(raw)):
                time.sleep(self.trickle[side] / 1000.0)
                if not send_all(dst, raw[i : i + 1]):
                    return False
            return True
        return send_all(dst, raw)

    def pump(self, side, src, dst, framer):
        """Reads src, forwards framed messages to dst until either end closes."""
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                framer.feed(data)
                while True:
                    m = framer.next()
                    if m is None:
                        break
                    if not self.forward(side, m[0], m[1], dst):
                        return
        except (OSError, ValueError):
            pass
        finally:
            self.close()

    def run(self):
        """Startup packet(s) on this thread, then the two pumps."""
        try:
            first = self.read_startup()
            if first is None:
                return
            code = startup_code(first)
            if code == CANCEL_REQUEST:
                self.on_cancel(first)
                return
            self.server = socket.create_connection(self.proxy.upstream)
            with self.proxy.lock:
                self.proxy.sessions.add(self)
                self.proxy.stats["sessions"] += 1
            cf = Framer(untyped_first=True)
            cf.feed(first)
            t = threading.Thread(target=self.pump, args=("server", self.server, self.client,
                                                         Framer(untyped_first=False)),
                                 daemon=True)
            t.start()
            # the startup packet goes through the client pump's framer like any message
            m = cf.next()
            if m is None or not self.forward("client", m[0], m[1], self.server):
                self.close()
            else:
                self.pump("client", self.client, self.server, cf)
            t.join()
        except OSError:
            pass
        finally:
            self.close()
            with self.proxy.lock:
                self.proxy.sessions.discard(self)

    def read_startup(self):
        """The first real startup packet: answers SSLRequest/GSSENCRequest with 'N' first."""
        while True:
            head = recv_exact(self.client, 4)
            if head is None:
                return None
            (n,) = struct.unpack("!i", head)
            if n < 8 or n > 10000:
                return None
            body = recv_exact(self.client, n - 4)
            if body is None:
                return None
            raw = head + body
            if startup_code(raw) in (SSL_REQUEST, GSSENC_REQUEST):
                if not send_all(self.client, b"N"):
                    return None
                continue
            return raw

    def on_cancel(self, raw):
        p = self.proxy
        with p.lock:
            p.stats["cancels"] += 1
            mode = p.fault.cancel
            if mode == "silent":
                p.held.append(self.client)
        if mode == "silent":
            return                      # held open until CLEAR; nothing forwarded
        if mode == "pass":
            try:
                with socket.create_connection(p.upstream) as up:
                    up.sendall(raw)
                    while up.recv(64):  # the server closes it once it has acted
                        pass
            except OSError:
                pass
        close_quietly(self.client)


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


# ---------------------------------------------------------------------------------------------
# Control and main

def control_command(proxy, line):
    """The answer line to one control command."""
    word, _, arg = line.strip().partition(" ")
    try:
        if word == "ARM":
            proxy.arm(Fault(json.loads(arg)))
        elif word == "CUT":
            proxy.cut_all()
        elif word == "CLEAR":
            proxy.clear()
        elif word == "STATS":
            with proxy.lock:
                return json.dumps(proxy.stats)
        else:
            return "ERR unknown command %r" % word
    except (ValueError, TypeError) as e:
        return "ERR %s" % e
    return "OK"


def serve_control(proxy, lsock):
    while True:
        conn, _ = lsock.accept()
        with conn:
            data = b""
            while not data.endswith(b"\n"):
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            send_all(conn, (control_command(proxy, data.decode("utf-8", "replace")) + "\n")
                     .encode())


def serve_clients(proxy, lsock):
    while True:
        conn, _ = lsock.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=Session(proxy, conn).run, daemon=True).start()


def host_port(s):
    host, _, port = s.rpartition(":")
    return host or "127.0.0.1", int(port)


def listener(addr):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(addr)
    s.listen(64)
    return s


def main(argv=None):
    p = argparse.ArgumentParser(description="Inject faults into a PostgreSQL wire stream.")
    p.add_argument("--listen", type=host_port, required=True, help="HOST:PORT for clients")
    p.add_argument("--upstream", type=host_port, required=True, help="server HOST:PORT")
    p.add_argument("--control", type=host_port, required=True, help="HOST:PORT for commands")
    p.add_argument("--ready-file", help="write 'LISTEN_PORT CONTROL_PORT' here once listening")
    args = p.parse_args(argv)

    proxy = Proxy(args.upstream)
    clients, control = listener(args.listen), listener(args.control)
    for target, sock in ((serve_clients, clients), (serve_control, control)):
        threading.Thread(target=target, args=(proxy, sock), daemon=True).start()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    if args.ready_file:
        tmp = args.ready_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d %d\n" % (clients.getsockname()[1], control.getsockname()[1]))
        os.rename(tmp, args.ready_file)   # whole or absent: the reader never sees half
    print("ready", flush=True)
    while not stop.wait(3600):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
