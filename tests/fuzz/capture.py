#!/usr/bin/env python3
"""capture.py: records what a server sends, for the seed corpora of the protocol fuzz targets.

  capture.py proxy LISTEN_PORT SERVER_PORT OUTDIR
      relays 127.0.0.1:LISTEN_PORT to 127.0.0.1:SERVER_PORT until killed; connection N's bytes
      from the server go to OUTDIR/N.srv (plaintext only: connect with SSLMode disable).
  capture.py seed startup|query PREFIX_HEX SRV_FILE OUT_FILE
      writes a seed: the target's scenario bytes (PREFIX_HEX, see fuzz_startup.c and
      fuzz_query.c) and the server's bytes up to the first ReadyForQuery (startup), or after it
      (query: the answers to the requests tests/fuzz/fuzz_query.c's client ran).
"""
import os
import socket
import struct
import sys
import threading


def relay(src, dst, log):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if log:
                log.write(data)
                log.flush()
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def proxy(listen_port, server_port, outdir):
    os.makedirs(outdir, exist_ok=True)
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", listen_port))
    ls.listen(16)
    n = 0
    while True:
        cli, _ = ls.accept()
        srv = socket.create_connection(("127.0.0.1", server_port))
        n += 1
        log = open(os.path.join(outdir, "%d.srv" % n), "wb")
        threading.Thread(target=relay, args=(cli, srv, None), daemon=True).start()
        threading.Thread(target=relay, args=(srv, cli, log), daemon=True).start()


def first_ready_end(data):
    """The offset just past the first ReadyForQuery message."""
    at = 0
    while at + 5 <= len(data):
        kind = data[at:at + 1]
        (length,) = struct.unpack("!I", data[at + 1:at + 5])
        at += 1 + length
        if kind == b"Z":
            return at
    sys.exit("no ReadyForQuery in the capture")


def seed(kind, prefix_hex, srv_file, out_file):
    data = open(srv_file, "rb").read()
    end = first_ready_end(data)
    body = data[:end] if kind == "startup" else data[end:]
    with open(out_file, "wb") as f:
        f.write(bytes.fromhex(prefix_hex) + body)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "proxy":
        proxy(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif len(sys.argv) == 6 and sys.argv[1] == "seed" and sys.argv[2] in ("startup", "query"):
        seed(*sys.argv[2:])
    else:
        sys.exit(__doc__)
