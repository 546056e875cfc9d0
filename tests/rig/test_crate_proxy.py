#!/usr/bin/env python3
"""Unit tests of crate_proxy.py's rewrites, on exact bytes; no server, no sockets.

    python3 tests/rig/test_crate_proxy.py      # last line: `N passed, N failed`; exit 1 on failure

The Session tests drive the relay logic with fake writers, feeding client and server
messages by hand, so the order of what the client sees is checked message by message.
The end-to-end check against a real PostgreSQL is test_crate_proxy_e2e.sh.
"""

import asyncio
import os
import struct
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crate_proxy as cp  # noqa: E402


def msg(t, body):
    return t + struct.pack("!i", len(body) + 4) + body


def split_messages(data):
    """[(type, body)] of a stream of typed messages."""
    r = cp.MessageReader()
    r.feed(data)
    out = []
    while True:
        m = r.next()
        if m is None:
            break
        out.append((m[0], m[1]))
    assert not r.buf, "trailing bytes"
    return out


class Framing(unittest.TestCase):
    def test_split_reads_byte_by_byte(self):
        stream = msg(b"Z", b"I") + msg(b"C", b"SELECT 1\0") + msg(b"D", b"\0\0")
        r = cp.MessageReader()
        got = []
        for b in stream:
            r.feed(bytes([b]))
            m = r.next()
            if m:
                got.append(m[2])
        self.assertEqual(b"".join(got), stream)
        self.assertEqual(len(got), 3)

    def test_several_in_one_read(self):
        stream = msg(b"1", b"") + msg(b"2", b"") + msg(b"C", b"X\0")[:3]
        r = cp.MessageReader()
        r.feed(stream)
        self.assertEqual(r.next()[0], b"1")
        self.assertEqual(r.next()[0], b"2")
        self.assertIsNone(r.next())
        r.feed(msg(b"C", b"X\0")[3:])
        self.assertEqual(r.next()[1], b"X\0")

    def test_startup_packet_split_reads(self):
        # The startup packet has no type byte; Session reads it by its length alone.
        body = struct.pack("!i", 196608) + b"user\0crate\0\0"
        pkt = struct.pack("!i", len(body) + 4) + body

        async def read(pieces):
            reader = asyncio.StreamReader()
            for p in pieces:
                reader.feed_data(p)
            reader.feed_data(msg(b"Q", b"x\0"))
            return await cp.Session(FakeArgs(), reader, None).read_startup_packet()

        self.assertEqual(asyncio.run(read([bytes([b]) for b in pkt])), pkt)
        self.assertEqual(asyncio.run(read([pkt[:3], pkt[3:9], pkt[9:]])), pkt)

        async def too_long():
            reader = asyncio.StreamReader()
            reader.feed_data(struct.pack("!i", 10001))
            await cp.Session(FakeArgs(), reader, None).read_startup_packet()

        self.assertRaises(ValueError, asyncio.run, too_long())

    def test_bad_length(self):
        r = cp.MessageReader()
        r.feed(b"Q" + struct.pack("!i", 3))
        self.assertRaises(ValueError, r.next)


class ParameterStatus(unittest.TestCase):
    def test_eight_in_crate_order(self):
        data = cp.crate_parameter_status("6.5.0")
        expect = b"".join(msg(b"S", k + b"\0" + v + b"\0") for k, v in [
            (b"crate_version", b"6.5.0"), (b"server_version", b"14.0"),
            (b"server_encoding", b"UTF8"), (b"client_encoding", b"UTF8"),
            (b"datestyle", b"ISO"), (b"TimeZone", b"UTC"),
            (b"integer_datetimes", b"on"), (b"standard_conforming_strings", b"on")])
        self.assertEqual(data, expect)


class Errors(unittest.TestCase):
    PG_DIV0 = (b"SERROR\0VERROR\0C22012\0Mdivision by zero\0Fint.c\0L841\0Rint4div\0\0")

    def test_unknown_sqlstate_becomes_xx000_and_pg_fields_dropped(self):
        out = cp.rewrite_error(self.PG_DIV0)
        self.assertEqual(out, msg(b"E", b"SERROR\0Mdivision by zero\0CXX000\0"
                                  b"FCrateProxy.java\0Remulate\0L42\0W"
                                  + cp.FAKE_JAVA_FRAME["W"].encode() + b"\0\0"))

    def test_crate_sqlstates_kept(self):
        for code in ["42P01", "42601", "23505", "42703", "0A000", "42883"]:
            body = b"SERROR\0C" + code.encode() + b"\0Mx\0DSome detail\0HHint\0P5\0\0"
            f = cp.parse_error_fields(split_messages(cp.rewrite_error(body))[0][1])
            self.assertEqual(f["C"], code)
            self.assertNotIn("D", f)
            self.assertNotIn("H", f)
            self.assertNotIn("P", f)
            self.assertNotIn("V", f)

    def test_other_classes_mapped(self):
        for code in ["42P02", "22P02", "25P02", "40001", "57014", "28P01", "3D000", "42501"]:
            self.assertEqual(cp.map_sqlstate(code), "XX000")

    def test_auth_error_shape(self):
        pg = (b"SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \"u\"\0"
              b"Fauth.c\0L335\0Rauth_failed\0\0")
        out = cp.rewrite_error(pg, during_auth=True)
        self.assertEqual(out, msg(b"E", b"SFATAL\0Mpassword authentication failed for user \"u\"\0"
                                  b"C28000\0RClientAuthentication\0\0"))

    def test_fatal_severity_kept(self):
        pg = b"SFATAL\0VFATAL\0C57P01\0Mterminating connection\0\0"
        f = cp.parse_error_fields(split_messages(cp.rewrite_error(pg))[0][1])
        self.assertEqual((f["S"], f["C"]), ("FATAL", "XX000"))


class Tokenizer(unittest.TestCase):
    def words(self, sql):
        return [t.text for t in cp.tokenize(sql) if t.kind == "word"]

    def test_skips_literals_and_comments(self):
        sql = ("select 'rollback ''x''', E'a\\'pg_trigger', $$ pg_trigger $$, $t$x$t$, "
               "\"pg_trigger\" -- pg_trigger\n /* a /* nested */ pg_trigger */ from t")
        self.assertEqual(self.words(sql), ["select", "from", "t"])

    def test_parameters_are_not_dollar_quotes(self):
        self.assertEqual(self.words("select $1, $2 from pg_trigger"),
                         ["select", "from", "pg_trigger"])

    def test_split_statements(self):
        self.assertEqual(cp.split_statements("begin; insert into t values (';'); ;; -- c\n"),
                         ["begin", " insert into t values (';')"])
        self.assertEqual(cp.split_statements(""), [])


class Refusal(unittest.TestCase):
    def code(self, sql):
        r = cp.refusal(sql)
        return r and r[0]

    def test_syntax_refusals(self):
        for sql in ["ROLLBACK", "rollback to savepoint a", "abort", "SAVEPOINT a",
                    "release a", "listen x", "NOTIFY x", "truncate t", "vacuum",
                    "lock table t", "prepare p as select 1", "execute p", "set role r",
                    "copy t from stdin", "COPY t TO STDOUT",
                    "select * from t where a OPERATOR(pg_catalog.=) 1",
                    "select 1; rollback", "  \n rollback"]:
            self.assertEqual(self.code(sql), "42601", sql)

    def test_syntax_message_position(self):
        self.assertTrue(cp.refusal("select 1;\n  rollback")[1].startswith(
            "line 2:3: mismatched input 'rollback' expecting {"))
        self.assertTrue(cp.refusal("SET ROLE x")[1].startswith("line 1:5: mismatched input 'ROLE'"))

    def test_relations(self):
        self.assertEqual(cp.refusal("select * from pg_trigger"),
                         ("42P01", "Relation 'pg_trigger' unknown"))
        self.assertEqual(cp.refusal("select * from pg_catalog.pg_stat_activity"),
                         ("42P01", "Relation 'pg_catalog.pg_stat_activity' unknown"))
        for name in ["pg_inherits", "PG_SEQUENCES", "pg_foreign_table", "pg_largeobject_metadata",
                     "pg_partitioned_table", "pg_rewrite", "\"pg_extension\""]:
            self.assertEqual(self.code("select 1 from " + name), "42P01", name)

    def test_functions(self):
        self.assertEqual(cp.refusal("select pg_get_indexdef(i.oid, 0, true) from pg_class i"),
                         ("0A000", "Unknown function: pg_get_indexdef(i.oid, 0, true)"))
        self.assertEqual(self.code("select pg_catalog.pg_size_pretty(1)"), "0A000")
        self.assertEqual(self.code("SELECT TXID_CURRENT()"), "0A000")

    def test_not_refused(self):
        for sql in ["select 'rollback'", "select 1 -- rollback", "/* rollback */ select 1",
                    "select \"rollback\" from t", "select relname from pg_class where relname = 'pg_trigger'",
                    "select x.pg_trigger from t x", "select myschema.pg_trigger()",
                    "begin", "commit", "start transaction", "select operator from t",
                    "copy t from 'file:///tmp/x'", "select * from pg_stats", "set search_path to doc",
                    "select $$ truncate $$", "select 1 as pg_size_pretty"]:
            self.assertIsNone(cp.refusal(sql), sql)


class Tags(unittest.TestCase):
    def test_tags(self):
        cases = [
            ("select * from t", "SELECT 3", 3, "SELECT 3"),
            ("  insert into t values (1)", "INSERT 0 1", 0, "INSERT 0 1"),
            ("begin", "BEGIN", 0, "BEGIN"),
            ("BEGIN TRANSACTION", "BEGIN", 0, "BEGIN"),
            ("start transaction", "START TRANSACTION", 0, "START 0"),
            ("commit", "COMMIT", 0, "COMMIT 0"),
            ("end", "COMMIT", 0, "END 0"),
            ("set x = 1", "SET", 0, "SET 0"),
            ("show server_version", "SHOW", 1, "SHOW 1"),
            ("create table t (a int)", "CREATE TABLE", 0, "CREATE 1"),
            ("drop table t", "DROP TABLE", 0, "DROP 1"),
            ("update t set a = 1", "UPDATE 2", 0, "UPDATE 2"),
            ("delete from t", "DELETE 0", 0, "DELETE 0"),
            ("select\n*\nfrom t", "SELECT 3", 3, "SELECT\n*\nFROM 3"),
            ("/* c */ select 1", "SELECT 1", 1, "/* 1"),
            ("(select 1)", "SELECT 1", 1, "(SELECT 1"),
            ("with x as (select 1) select * from x", "SELECT 1", 1, "WITH 1"),
            ("insert into t select * from u returning a", "INSERT 0 2", 2, "INSERT 0 2"),
            ("fetch 5 from c", "FETCH 5", 5, "FETCH 5"),
            (None, "CREATE TABLE", 0, "CREATE 1"),
            (None, "SELECT 4", 4, "SELECT 4"),
        ]
        for sql, pg, rows, want in cases:
            self.assertEqual(cp.crate_tag(sql, pg, rows), want, (sql, pg))


class FakeWriter:
    def __init__(self):
        self.data = bytearray()

    def write(self, b):
        self.data += b

    def take(self):
        out = split_messages(bytes(self.data))
        self.data.clear()
        return out


class FakeArgs:
    crate_version = "6.5.0"


def q(sql):
    return msg(b"Q", sql.encode() + b"\0")


def parse(name, sql):
    return msg(b"P", name.encode() + b"\0" + sql.encode() + b"\0\0\0")


def bind(portal, stmt):
    return msg(b"B", portal.encode() + b"\0" + stmt.encode() + b"\0\0\0\0\0\0\0")


def execute(portal, maxrows=0):
    return msg(b"E", portal.encode() + b"\0" + struct.pack("!i", maxrows))


SYNC = msg(b"S", b"")


class SessionTest(unittest.TestCase):
    """Relay logic with both directions fed by hand."""

    def setUp(self):
        self.s = cp.Session(FakeArgs(), None, FakeWriter())
        self.s.swriter = FakeWriter()
        self.s.authenticated = True

    def client(self, *raws):
        r = cp.MessageReader()
        r.feed(b"".join(raws))
        while True:
            m = r.next()
            if m is None:
                break
            self.s.on_client_message(*m)

    def server(self, *raws):
        r = cp.MessageReader()
        r.feed(b"".join(raws))
        while True:
            m = r.next()
            if m is None:
                break
            self.s.on_server_message(*m)

    def test_startup_parameter_status_replaced(self):
        self.s.authenticated = False
        self.server(msg(b"R", b"\0\0\0\3"))
        self.assertEqual(self.s.cwriter.take(), [(b"R", b"\0\0\0\3")])
        self.server(msg(b"R", b"\0\0\0\0"), msg(b"S", b"server_version\x0015.3\0"),
                    msg(b"S", b"DateStyle\0ISO, MDY\0"), msg(b"K", b"\0\0\0\7\0\0\0\x09"),
                    msg(b"Z", b"I"))
        self.assertEqual(bytes(self.s.cwriter.data),
                         msg(b"R", b"\0\0\0\0") + cp.crate_parameter_status("6.5.0")
                         + msg(b"K", b"\0\0\0\7\0\0\0\x09") + msg(b"Z", b"I"))
        self.s.cwriter.take()
        self.server(msg(b"S", b"TimeZone\0UTC\0"), msg(b"N", b"SNOTICE\0Mhi\0\0"))
        self.assertEqual(self.s.cwriter.take(), [])

    def test_simple_query_tags_and_status(self):
        self.client(q("begin; insert into t values (1); select a from t"))
        self.assertEqual(len(self.s.swriter.take()), 1)
        self.server(msg(b"C", b"BEGIN\0"), msg(b"C", b"INSERT 0 1\0"),
                    msg(b"T", b"\0\0"), msg(b"D", b"\0\0"), msg(b"D", b"\0\0"),
                    msg(b"C", b"SELECT 2\0"), msg(b"Z", b"T"))
        out = self.s.cwriter.take()
        self.assertEqual([b for t, b in out if t == b"C"],
                         [b"BEGIN\0", b"INSERT 0 1\0", b"SELECT 2\0"])
        self.assertEqual(out[-1], (b"Z", b"I"))

    def test_simple_query_refused(self):
        self.client(q("rollback"))
        self.assertEqual(self.s.swriter.take(), [])
        out = self.s.cwriter.take()
        self.assertEqual([t for t, b in out], [b"E", b"Z"])
        self.assertEqual(cp.parse_error_fields(out[0][1])["C"], "42601")
        self.assertEqual(out[1], (b"Z", b"I"))

    def test_refused_query_waits_for_earlier_answers(self):
        self.client(q("select 1"), q("select * from pg_trigger"))
        self.assertEqual(self.s.cwriter.take(), [])  # the refusal waits behind select 1
        self.server(msg(b"T", b"\0\0"), msg(b"D", b"\0\0"), msg(b"C", b"SELECT 1\0"),
                    msg(b"Z", b"I"))
        out = self.s.cwriter.take()
        self.assertEqual([t for t, b in out], [b"T", b"D", b"C", b"Z", b"E", b"Z"])
        self.assertEqual(cp.parse_error_fields(out[4][1])["C"], "42P01")

    def test_extended_tags_follow_statement_text(self):
        self.client(parse("s1", "with x as (select 1) select * from x"), bind("p", "s1"),
                    execute("p"), parse("", "create table t (a int)"), bind("", ""),
                    execute(""), SYNC)
        self.assertEqual(len(self.s.swriter.take()), 7)
        self.server(msg(b"1", b""), msg(b"2", b""), msg(b"D", b"\0\0"), msg(b"C", b"SELECT 1\0"),
                    msg(b"1", b""), msg(b"2", b""), msg(b"C", b"CREATE TABLE\0"), msg(b"Z", b"I"))
        out = self.s.cwriter.take()
        self.assertEqual([b for t, b in out if t == b"C"], [b"WITH 1\0", b"CREATE 1\0"])
        self.assertEqual(out[-1], (b"Z", b"I"))

    def pg_syntax_error(self, near):
        return msg(b"E", b"SERROR\0VERROR\0C42601\0Msyntax error at or near \""
                   + near.encode() + b"\"\0P1\0\0")

    def test_refused_parse_first_in_batch(self):
        self.client(parse("", "rollback"), bind("", ""), msg(b"D", b"P\0"), execute(""),
                    msg(b"H", b""))
        sent = self.s.swriter.take()
        # The server gets a Parse it rejects in place of the refused one, in the same order.
        self.assertEqual([t for t, b in sent], [b"P", b"B", b"D", b"E", b"H"])
        self.assertEqual(sent[0][1], b"\0crate_proxy_refusal_1\0\0\0")
        self.server(self.pg_syntax_error("crate_proxy_refusal_1"))
        out = self.s.cwriter.take()  # answered at the Flush, without waiting for a Sync
        self.assertEqual([t for t, b in out], [b"E"])
        self.assertEqual(cp.parse_error_fields(out[0][1])["C"], "42601")
        self.assertIn("ROLLBACK", cp.parse_error_fields(out[0][1])["M"].upper())
        self.client(SYNC)
        self.server(msg(b"Z", b"I"))
        self.assertEqual(self.s.cwriter.take(), [(b"Z", b"E")])  # §3.5
        # The connection stays in step, and the next batch reports 'I' again.
        self.client(parse("", "select 1"), bind("", ""), execute(""), SYNC)
        self.server(msg(b"1", b""), msg(b"2", b""), msg(b"D", b"\0\0"), msg(b"C", b"SELECT 1\0"),
                    msg(b"Z", b"I"))
        self.assertEqual(self.s.cwriter.take()[-2:], [(b"C", b"SELECT 1\0"), (b"Z", b"I")])

    def test_refused_parse_mid_batch(self):
        self.client(msg(b"C", b"Pold\0"), parse("", "select 1"), bind("", ""), execute(""),
                    parse("x", "select pg_size_pretty(1)"), bind("", "x"), execute(""), SYNC)
        sent = self.s.swriter.take()
        self.assertEqual([t for t, b in sent], [b"C", b"P", b"B", b"E", b"P", b"B", b"E", b"S"])
        self.assertEqual(self.s.cwriter.take(), [])
        self.server(msg(b"3", b""), msg(b"1", b""), msg(b"2", b""), msg(b"D", b"\0\0"),
                    msg(b"C", b"SELECT 1\0"), self.pg_syntax_error("crate_proxy_refusal_1"),
                    msg(b"Z", b"I"))
        out = self.s.cwriter.take()
        self.assertEqual([t for t, b in out], [b"3", b"1", b"2", b"D", b"C", b"E", b"Z"])
        self.assertEqual(cp.parse_error_fields(out[5][1])["C"], "0A000")
        self.assertEqual(out[6], (b"Z", b"E"))
        self.assertFalse(self.s.pending)

    def test_server_error_skips_to_sync(self):
        self.client(parse("", "select 1/0"), bind("", ""), execute(""),
                    parse("", "select 2"), bind("", ""), execute(""), SYNC,
                    parse("", "insert into t values (1)"), bind("", ""), execute(""), SYNC)
        self.server(msg(b"1", b""), msg(b"2", b""),
                    msg(b"E", b"SERROR\0VERROR\0C22012\0Mdivision by zero\0\0"), msg(b"Z", b"I"),
                    msg(b"1", b""), msg(b"2", b""), msg(b"C", b"INSERT 0 1\0"), msg(b"Z", b"I"))
        out = self.s.cwriter.take()
        self.assertEqual(cp.parse_error_fields(out[2][1])["C"], "XX000")
        self.assertEqual(out[-2], (b"C", b"INSERT 0 1\0"))
        self.assertFalse(self.s.pending)

    def test_executes_after_the_error_skipped(self):
        # a long batch still being sent when the server fails a set: the Executes that reach
        # the proxy after the error are skipped by the server, which answers only the Sync
        self.client(parse("s", "insert into t values ($1)"), bind("", "s"), execute(""))
        self.server(msg(b"1", b""), msg(b"2", b""),
                    msg(b"E", b"SERROR\0VERROR\0C23505\0Mduplicate key\0\0"))
        self.client(bind("", "s"), execute(""), bind("", "s"), execute(""), SYNC)
        self.server(msg(b"Z", b"I"))
        self.assertFalse(self.s.pending)
        # the stream stays in step: a later portal's Execute is not taken for a busy one
        self.client(parse("", "select 1"), bind("p", ""), execute("p", 10), msg(b"H", b""))
        self.server(msg(b"1", b""), msg(b"2", b""), msg(b"D", b"\0\0"), msg(b"s", b""))
        self.client(execute("p", 10), msg(b"H", b""))   # no UnansweredExecute
        self.server(msg(b"C", b"SELECT 1\0"))
        self.assertFalse(self.s.pending)

    def test_portal_suspended(self):
        self.client(parse("", "select a from t"), bind("", ""), execute("", 1), SYNC)
        self.server(msg(b"1", b""), msg(b"2", b""), msg(b"D", b"\0\0"), msg(b"s", b""),
                    msg(b"Z", b"I"))
        self.client(execute("", 1), SYNC)  # after the PortalSuspended: CrateDB resumes
        self.server(msg(b"D", b"\0\0"), msg(b"C", b"SELECT 1\0"), msg(b"Z", b"I"))
        out = self.s.cwriter.take()
        self.assertEqual([b for t, b in out if t == b"C"], [b"SELECT 1\0"])
        self.assertFalse(self.s.pending)

    def test_execute_before_previous_answered(self):
        # CrateDB may still be producing the first chunk: the second Execute would start a new
        # execution that is never answered (Session.java execute/singleExec)
        self.client(parse("", "select a from t"), bind("", ""), execute("", 1), msg(b"H", b""))
        with self.assertRaisesRegex(cp.UnansweredExecute, "before its previous Execute"):
            self.client(execute("", 1))

    def test_execute_after_portal_completed(self):
        self.client(parse("", "select a from t"), bind("", ""), execute("", 1), msg(b"H", b""))
        self.server(msg(b"1", b""), msg(b"2", b""), msg(b"D", b"\0\0"), msg(b"C", b"SELECT 1\0"))
        with self.assertRaisesRegex(cp.UnansweredExecute, "after the portal completed"):
            self.client(execute("", 1))

    def test_execute_of_rebound_portal(self):
        # a Bind makes a new portal: its Execute is fine while the old one's is unanswered
        # (batches), and after the old one completed
        self.client(parse("", "select a from t"), bind("", ""), execute("", 1),
                    bind("", ""), execute(""), SYNC)
        self.server(msg(b"1", b""), msg(b"2", b""), msg(b"D", b"\0\0"), msg(b"C", b"SELECT 1\0"),
                    msg(b"2", b""), msg(b"C", b"SELECT 0\0"), msg(b"Z", b"I"))
        self.client(bind("", ""), execute(""), SYNC)
        self.assertEqual(len(self.s.pending), 2)


# ---------------------------------------------------------------------------------------------
# End-to-end, through a running proxy: CRATE_PROXY_ADDR=HOST:PORT (test_crate_proxy_e2e.sh sets
# it). The proxy's upstream must be PostgreSQL with tests/rig/pg.sh's roles (crate_pw/'pw-secret'
# by cleartext password, database doc).

import socket  # noqa: E402
import time  # noqa: E402

E2E_ADDR = os.environ.get("CRATE_PROXY_ADDR")


class Client:
    """A minimal blocking protocol-3 client, enough to look at the proxy's exact messages."""

    def __init__(self, user="crate_pw", password="pw-secret", ssl_request=True):
        host, port = cp.host_port(E2E_ADDR)
        self.sock = socket.create_connection((host, port), timeout=15)
        self.reader = cp.MessageReader()
        if ssl_request:
            self.sock.sendall(struct.pack("!ii", 8, cp.SSL_REQUEST))
            assert self.sock.recv(1) == b"N"
        body = struct.pack("!i", 196608) + b"user\0" + user.encode() + b"\0database\0doc\0\0"
        self.sock.sendall(struct.pack("!i", len(body) + 4) + body)
        self.startup = []
        while True:
            t, b = self.recv()
            self.startup.append((t, b))
            if t == b"R" and b[:4] == b"\0\0\0\3":
                self.sock.sendall(msg(b"p", password.encode() + b"\0"))
            if t in (b"Z", b"E"):
                break

    def recv(self):
        while True:
            m = self.reader.next()
            if m:
                return m[0], m[1]
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("connection closed")
            self.reader.feed(data)

    def until_ready(self):
        out = []
        while True:
            t, b = self.recv()
            out.append((t, b))
            if t == b"Z":
                return out

    def query(self, sql):
        self.sock.sendall(q(sql))
        return self.until_ready()

    def close(self):
        self.sock.close()


def error_of(msgs):
    for t, b in msgs:
        if t == b"E":
            return cp.parse_error_fields(b)
    return None


def tags_of(msgs):
    return [b[:-1].decode() for t, b in msgs if t == b"C"]


@unittest.skipUnless(E2E_ADDR, "CRATE_PROXY_ADDR not set (see test_crate_proxy_e2e.sh)")
class E2E(unittest.TestCase):
    def setUp(self):
        self.c = Client()

    def tearDown(self):
        self.c.close()

    def test_startup_messages(self):
        types = [t for t, b in self.c.startup]
        self.assertEqual(types, [b"R", b"R"] + [b"S"] * 8 + [b"K", b"Z"])
        params = [tuple(b.split(b"\0")[:2]) for t, b in self.c.startup if t == b"S"]
        self.assertEqual(params[0], (b"crate_version", b"6.5.0"))
        self.assertEqual(params[1], (b"server_version", b"14.0"))
        self.assertEqual(self.c.startup[-1], (b"Z", b"I"))

    def test_real_server_behind(self):
        out = self.c.query("show server_version")
        rows = [b for t, b in out if t == b"D"]
        self.assertRegex(rows[0], rb"\d+\.\d+")  # PostgreSQL's own version (15, 17 ...)
        self.assertNotIn(b"14.0", rows[0])          # not the 14.0 the proxy announces
        self.assertEqual(tags_of(out), ["SHOW 1"])
        out = self.c.query("set extra_float_digits = 3")
        self.assertEqual(tags_of(out), ["SET 0"])
        self.assertEqual([t for t, b in out], [b"C", b"Z"])  # no ParameterStatus after startup

    def test_refusals(self):
        for sql, code in [("ROLLBACK", "42601"), ("select * from pg_trigger", "42P01"),
                          ("select pg_size_pretty(1::bigint)", "0A000"),
                          ("select 1 where 1 OPERATOR(pg_catalog.=) 1", "42601")]:
            out = self.c.query(sql)
            self.assertEqual(error_of(out)["C"], code, sql)
            self.assertEqual(out[-1], (b"Z", b"I"))

    def test_runtime_error_shape(self):
        out = self.c.query("select 1/0")
        f = error_of(out)
        self.assertEqual(f["C"], "XX000")
        self.assertEqual(f["M"], "division by zero")
        self.assertEqual(sorted(f), sorted("SMCFRLW"))
        out = self.c.query("select * from no_such_table")
        self.assertEqual(error_of(out)["C"], "42P01")

    def test_tags(self):
        out = self.c.query("drop table if exists e2e_t; create table e2e_t (a int); "
                           "insert into e2e_t values (1); begin; update e2e_t set a = 2; "
                           "commit; select * from e2e_t; drop table e2e_t")
        self.assertEqual(tags_of(out), ["DROP 1", "CREATE 1", "INSERT 0 1", "BEGIN",
                                        "UPDATE 1", "COMMIT 0", "SELECT 1", "DROP 1"])

    def test_extended_refusal_then_in_step(self):
        s = self.c.sock
        s.sendall(parse("", "rollback") + bind("", "") + execute("") + SYNC)
        out = self.c.until_ready()
        self.assertEqual([t for t, b in out], [b"E", b"Z"])
        self.assertEqual(out[-1], (b"Z", b"E"))
        s.sendall(parse("", "select 1") + bind("", "") + execute("") + parse("x", "savepoint a")
                  + SYNC)
        out = self.c.until_ready()
        self.assertEqual([t for t, b in out], [b"1", b"2", b"D", b"C", b"E", b"Z"])
        self.assertEqual(out[-1], (b"Z", b"E"))
        s.sendall(parse("", "select 2") + bind("", "") + execute("") + SYNC)
        out = self.c.until_ready()
        self.assertEqual(tags_of(out), ["SELECT 1"])
        self.assertEqual(out[-1], (b"Z", b"I"))

    def test_pipelined_execute_ends_session(self):
        # CrateDB would never answer the second Execute (nor the Sync): the proxy says so
        s = self.c.sock
        s.sendall(parse("", "select g from generate_series(1, 10) g") + bind("", "")
                  + execute("", 4) + msg(b"H", b"") + execute("", 4) + msg(b"H", b""))
        out = []
        with self.assertRaises(EOFError):
            while True:
                out.append(self.c.recv())
        f = error_of(out)
        self.assertEqual((f["S"], f["C"]), ("FATAL", "XX000"))
        self.assertIn("never answer", f["M"])

    def test_cancel(self):
        key = [b for t, b in self.c.startup if t == b"K"][0]
        self.c.sock.sendall(q("select pg_sleep(10)"))
        time.sleep(0.5)
        cancel = socket.create_connection(cp.host_port(E2E_ADDR), timeout=5)
        cancel.sendall(struct.pack("!ii", 16, cp.CANCEL_REQUEST) + key)
        self.assertEqual(cancel.recv(1), b"")  # the server just closes it
        cancel.close()
        start = time.time()
        out = self.c.until_ready()
        self.assertLess(time.time() - start, 5)
        f = error_of(out)
        self.assertEqual(f["C"], "XX000")  # 57014 query_canceled is not a CrateDB SQLSTATE
        self.assertIn("cancel", f["M"])

    def test_wrong_password(self):
        c = Client(password="wrong")
        f = error_of(c.startup)
        c.close()
        self.assertEqual((f["S"], f["C"]), ("FATAL", "28000"))
        self.assertIn("password authentication failed", f["M"])

    def test_gssenc_refused(self):
        sock = socket.create_connection(cp.host_port(E2E_ADDR), timeout=5)
        sock.sendall(struct.pack("!ii", 8, cp.GSSENC_REQUEST))
        data = b""
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        sock.close()
        f = cp.parse_error_fields(split_messages(data)[0][1])
        self.assertEqual(f["S"], "FATAL")
        self.assertIn("Unsupported frontend protocol 1234.5680", f["M"])


def main():
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=1).run(suite)
    failed = len(result.failures) + len(result.errors)
    passed = result.testsRun - failed - len(result.skipped)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
