#!/usr/bin/env python3
"""Unit tests of fault_proxy.py: framing, corruption, fault specs and triggers, control commands.

    python3 tests/rig/test_fault_proxy.py      # last line: `N passed, N failed`; exit 1 on failure

No server: a Session's forward() is driven with socket pairs, so what reaches the other end
is checked byte by byte. The proxy against a real server is tests/integration/test_faults.c.
"""

import json
import os
import socket
import struct
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fault_proxy as fp  # noqa: E402


def msg(t, body):
    return t + struct.pack("!i", len(body) + 4) + body


def startup_packet():
    body = struct.pack("!i", 196608) + b"user\0crate_pw\0\0"
    return struct.pack("!i", len(body) + 4) + body


class FramerTest(unittest.TestCase):
    def test_startup_then_typed_in_pieces(self):
        data = startup_packet() + msg(b"Q", b"SELECT 1\0") + msg(b"X", b"")
        f = fp.Framer(untyped_first=True)
        out = []
        for i in range(len(data)):          # one byte at a time
            f.feed(data[i : i + 1])
            while True:
                m = f.next()
                if m is None:
                    break
                out.append(m)
        self.assertEqual([t for t, _ in out], ["^", "Q", "X"])
        self.assertEqual(b"".join(raw for _, raw in out), data)

    def test_bad_length_raises(self):
        f = fp.Framer(untyped_first=False)
        f.feed(b"D" + struct.pack("!i", 3))
        with self.assertRaises(ValueError):
            f.next()

    def test_startup_code(self):
        self.assertEqual(fp.startup_code(startup_packet()), 196608)
        cancel = struct.pack("!iiii", 16, fp.CANCEL_REQUEST, 1, 2)
        self.assertEqual(fp.startup_code(cancel), fp.CANCEL_REQUEST)


class CorruptTest(unittest.TestCase):
    def test_badlen_and_badtype(self):
        raw = msg(b"D", b"\0\1\0\0\0\1x")
        bad = fp.corrupt(raw, "badlen")
        self.assertEqual(struct.unpack_from("!i", bad, 1)[0], 3)
        self.assertEqual(bad[5:], raw[5:])
        self.assertEqual(fp.corrupt(raw, "badtype"), b"\x01" + raw[1:])


class FaultTest(unittest.TestCase):
    def test_rejects_bad_specs(self):
        for spec in ({"action": "explode"}, {"side": "both"}, {"n": 0}, {"cancel": "maybe"}):
            with self.assertRaises(ValueError):
                fp.Fault(spec)

    def test_counts(self):
        f = fp.Fault({"side": "server", "types": "DC"})
        self.assertTrue(f.counts("server", "D"))
        self.assertFalse(f.counts("client", "D"))
        self.assertFalse(f.counts("server", "Z"))
        self.assertTrue(fp.Fault({"side": "client"}).counts("client", "^"))


class SessionTest(unittest.TestCase):
    """forward() on one session: the n-th counted message gets the action."""

    def setUp(self):
        self.proxy = fp.Proxy(("127.0.0.1", 1))
        self.a, self.b = socket.socketpair()
        self.b.settimeout(2)
        self.session = fp.Session(self.proxy, self.a)

    def tearDown(self):
        self.a.close()
        self.b.close()

    def rows(self, n):
        return [msg(b"D", b"\0\1\0\0\0\1" + bytes([48 + i])) for i in range(n)]

    def test_cut_at_third_datarow(self):
        self.proxy.arm(fp.Fault({"side": "server", "types": "D", "n": 3, "action": "cut"}))
        rows = self.rows(4)
        results = [self.session.forward("server", "D", r, self.a) for r in rows[:3]]
        self.assertEqual(results, [True, True, False])
        self.assertEqual(self.b.recv(100), rows[0] + rows[1])
        self.assertEqual(self.proxy.stats["fired"], 1)

    def test_truncate_sends_half(self):
        self.proxy.arm(fp.Fault({"side": "server", "types": "D", "action": "truncate"}))
        raw = self.rows(1)[0]
        self.assertFalse(self.session.forward("server", "D", raw, self.a))
        self.assertEqual(self.b.recv(100), raw[: len(raw) // 2])

    def test_silent_swallows_the_rest(self):
        self.proxy.arm(fp.Fault({"side": "server", "types": "D", "n": 2, "action": "silent"}))
        rows = self.rows(3)
        for r in rows:
            self.assertTrue(self.session.forward("server", "D", r, self.a))
        self.assertEqual(self.b.recv(100), rows[0])
        self.b.setblocking(False)
        with self.assertRaises(BlockingIOError):
            self.b.recv(100)

    def test_rearm_restarts_counting(self):
        self.proxy.arm(fp.Fault({"side": "server", "types": "D", "n": 2, "action": "cut"}))
        rows = self.rows(3)
        self.assertTrue(self.session.forward("server", "D", rows[0], self.a))
        self.proxy.arm(fp.Fault({"side": "server", "types": "D", "n": 2, "action": "cut"}))
        self.assertTrue(self.session.forward("server", "D", rows[1], self.a))
        self.assertFalse(self.session.forward("server", "D", rows[2], self.a))

    def test_other_side_passes(self):
        self.proxy.arm(fp.Fault({"side": "client", "types": "*", "action": "cut"}))
        raw = self.rows(1)[0]
        self.assertTrue(self.session.forward("server", "D", raw, self.a))
        self.assertEqual(self.b.recv(100), raw)


class ControlTest(unittest.TestCase):
    def test_commands(self):
        p = fp.Proxy(("127.0.0.1", 1))
        self.assertEqual(fp.control_command(p, 'ARM {"action": "silent", "cancel": "silent"}\n'),
                         "OK")
        self.assertEqual(p.fault.action, "silent")
        self.assertTrue(fp.control_command(p, "ARM {bad json").startswith("ERR"))
        self.assertTrue(fp.control_command(p, 'ARM {"n": -1}').startswith("ERR"))
        self.assertEqual(fp.control_command(p, "CLEAR"), "OK")
        self.assertIs(p.fault, fp.PASS)
        self.assertEqual(json.loads(fp.control_command(p, "STATS"))["sessions"], 0)
        self.assertTrue(fp.control_command(p, "REBOOT").startswith("ERR"))


def main():
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=1).run(suite)
    failed = len(result.failures) + len(result.errors)
    passed = result.testsRun - failed - len(result.skipped)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
