#!/usr/bin/env python3
"""crate_proxy.py: make a PostgreSQL 15 server look like CrateDB on the wire, for the tests.

    crate_proxy.py --listen 127.0.0.1:PORT --upstream 127.0.0.1:PGPORT [--crate-version 6.5.0]
                   [--ready-file PATH]

Prints the line `ready` on stdout (and writes `HOST:PORT` to --ready-file, useful with port 0)
once it listens; exits 0 on SIGTERM or SIGINT.

There is no CrateDB server on a CI machine. Sitting between the driver and PostgreSQL, this
proxy rewrites what a proxy can so the driver's CrateDB code paths run against a real server.
Every rewrite cites the section of /work/shared/cratedb/FACTS.md it emulates:

  startup   SSLRequest -> 'N'; GSSENCRequest -> FATAL and close; CancelRequest forwarded as-is
            (§1.2). After AuthenticationOk the server's ParameterStatus set is replaced by
            CrateDB's eight, in CrateDB's order; none is sent afterwards (§1.4).
  auth      errors become SQLSTATE 28000, FATAL, fields S M C R (§2).
  SQL       statements CrateDB's grammar lacks are refused without reaching the server: syntax
            errors 42601 (§3.8, §3.11), absent pg_catalog relations 42P01 (§5.1), missing
            functions 0A000 (§5.2, §3.7).
  errors    only CrateDB's SQLSTATEs; everything else is XX000 (§3.7). Fields S M C plus a fake
            Java frame in F R L W (§3.7).
  tags      CommandComplete built the CrateDB way, always with a count (§3.6).
  status    ReadyForQuery after a simple Query is always 'I' (§3.2).
  notices   NoticeResponse and NotificationResponse are dropped (§3.1: CrateDB never sends them).
  Execute   an Execute of a portal whose last Execute is unanswered (it may still be producing
            rows) or that completed or failed: CrateDB takes it for a new execution and never
            answers it nor anything after it (Session.java execute/singleExec,
            DelayableWriteChannel.java). PostgreSQL would answer; the proxy ends the session
            with a FATAL XX000 that says so, rather than hang like CrateDB.

Everything else passes through byte-exact. What a proxy cannot emulate (types, catalog
contents, deferred writes, transactions that commit at once) stays PostgreSQL's.

Layout: pure functions first (framing, tokenizer, refusal, rewrites; unit-tested by
test_crate_proxy.py on exact bytes), then the asyncio plumbing (Session, main).
Python standard library only.
"""

import argparse
import asyncio
import collections
import signal
import struct
import sys

# ---------------------------------------------------------------------------------------------
# Framing

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
CANCEL_REQUEST = 80877102

# §1.2: CrateDB's decoder rejects startup packets outside 8..10000 bytes.
MAX_STARTUP_LEN = 10000


class MessageReader:
    """Sans-I/O framer of typed messages (byte type, int32 length, body): feed() raw bytes as
    they arrive, in pieces of any size, and take complete messages out with next().

    The untyped startup packet is read before this framer starts (Session.read_startup_packet).
    """

    def __init__(self):
        self.buf = bytearray()

    def feed(self, data):
        self.buf += data

    def next(self):
        """(type, body, raw) of the next complete message, or None when more bytes are needed.

        raw is the exact wire bytes, so pass-through stays byte-exact. Raises ValueError on a
        length field that cannot be valid.
        """
        if len(self.buf) < 5:
            return None
        (n,) = struct.unpack_from("!i", self.buf, 1)
        if n < 4:
            raise ValueError("invalid message length %d" % n)
        if len(self.buf) < n + 1:
            return None
        raw = bytes(self.buf[: n + 1])
        del self.buf[: n + 1]
        return raw[0:1], raw[5:], raw


def message(mtype, body):
    """Frame a typed message: mtype is one byte (bytes), body the payload."""
    return mtype + struct.pack("!i", len(body) + 4) + body


def cstr(s):
    return s.encode("utf-8") + b"\0"


def read_cstr(body, pos):
    """(string, position after its NUL) for the NUL-terminated string at pos."""
    end = body.index(b"\0", pos)
    return body[pos:end].decode("utf-8", "replace"), end + 1


# ---------------------------------------------------------------------------------------------
# ParameterStatus (§1.4)

def crate_parameter_status(crate_version):
    """CrateDB's eight ParameterStatus messages in its exact order (§1.4, PWP sendParams)."""
    params = [
        ("crate_version", crate_version),
        ("server_version", "14.0"),
        ("server_encoding", "UTF8"),
        ("client_encoding", "UTF8"),
        ("datestyle", "ISO"),  # lowercase, unlike PostgreSQL's DateStyle
        ("TimeZone", "UTC"),
        ("integer_datetimes", "on"),
        ("standard_conforming_strings", "on"),
    ]
    return b"".join(message(b"S", cstr(k) + cstr(v)) for k, v in params)


# ---------------------------------------------------------------------------------------------
# ErrorResponse (§2, §3.7)

# §3.7: the SQLSTATEs CrateDB sends; any other becomes XX000.
CRATE_SQLSTATES = frozenset(
    "XX000 42601 42P01 42703 42P07 23505 42702 42P09 3F000 42P06 2BP01 42704 42710 42883 "
    "0A000 42P17 28000".split()
)

# A fake Java frame. CrateDB appends F/R/L/W when the exception has a stack trace (§3.7); we
# always add one so the driver's "never show W as context" path is exercised for real.
FAKE_JAVA_FRAME = {
    "F": "CrateProxy.java",
    "R": "emulate",
    "L": "42",
    "W": "io.crate.proxy.CrateProxy.emulate(CrateProxy.java:42)\n"
    "io.crate.session.Session.quickExec(Session.java:1)",
}


def error_response(severity, sqlstate, text, java_frame=True):
    """An ErrorResponse shaped like CrateDB's (MSG sendErrorResponse): S, M, C, then F R L W."""
    fields = [("S", severity), ("M", text), ("C", sqlstate)]
    if java_frame:
        fields += [(k, FAKE_JAVA_FRAME[k]) for k in "FRLW"]
    body = b"".join(k.encode() + cstr(v) for k, v in fields) + b"\0"
    return message(b"E", body)


def auth_error_response(text):
    """§2: auth errors are FATAL, SQLSTATE 28000 (never 28P01), R=ClientAuthentication, no F/L/W."""
    body = b"SFATAL\0M" + cstr(text) + b"C28000\0RClientAuthentication\0\0"
    return message(b"E", body)


def parse_error_fields(body):
    """{field code: value} of an ErrorResponse/NoticeResponse body."""
    fields = {}
    pos = 0
    while pos < len(body) and body[pos] != 0:
        code = chr(body[pos])
        value, pos = read_cstr(body, pos + 1)
        fields[code] = value
    return fields


def map_sqlstate(code):
    """§3.7: pass CrateDB's SQLSTATEs, everything else is XX000 internal_error."""
    return code if code in CRATE_SQLSTATES else "XX000"


def rewrite_error(body, during_auth=False):
    """Rewrite a server ErrorResponse body into CrateDB's shape; returns the framed message.

    Keeps the message text. Drops V, D, H, P and every other field CrateDB never sends (§3.7).
    During startup, class-28 errors (28P01 wrong password, 28000) become §2's auth error.
    """
    f = parse_error_fields(body)
    text = f.get("M", "")
    code = f.get("C", "XX000")
    if during_auth and code.startswith("28"):
        return auth_error_response(text)
    # V is the non-localised severity (PG >= 9.6); CrateDB only sends ERROR or FATAL.
    sev = f.get("V", f.get("S", "ERROR"))
    sev = "FATAL" if sev in ("FATAL", "PANIC") else "ERROR"
    return error_response(sev, map_sqlstate(code), text)


# ---------------------------------------------------------------------------------------------
# SQL tokenizer: just enough to find words outside literals, quoted identifiers and comments

Token = collections.namedtuple("Token", "kind text pos")  # kind: word, qident, string, num, op


def tokenize(sql):
    """Tokens of sql, skipping whitespace and comments (-- and nested /* */).

    Strings: '...' ('' escapes), E'...' (backslash escapes), $tag$...$tag$. Quoted identifiers
    "..." ("" escapes) come back unquoted as kind 'qident'. Unterminated constructs run to the
    end of the text. Never raises.
    """
    toks = []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c.isspace():
            i += 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
        elif sql.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if sql.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif sql.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c == "'" or (c in "eE" and sql.startswith("'", i + 1)):
            start = i
            backslash = c != "'"
            i = i + 1 if c == "'" else i + 2
            while i < n:
                if backslash and sql[i] == "\\":
                    i += 2
                elif sql[i] == "'":
                    if sql.startswith("''", i):
                        i += 2
                    else:
                        i += 1
                        break
                else:
                    i += 1
            toks.append(Token("string", sql[start:i], start))
        elif c == '"':
            start, i, name = i, i + 1, []
            while i < n:
                if sql.startswith('""', i):
                    name.append('"')
                    i += 2
                elif sql[i] == '"':
                    i += 1
                    break
                else:
                    name.append(sql[i])
                    i += 1
            toks.append(Token("qident", "".join(name), start))
        elif c == "$" and _dollar_tag(sql, i):
            tag = _dollar_tag(sql, i)
            end = sql.find(tag, i + len(tag))
            end = n if end < 0 else end + len(tag)
            toks.append(Token("string", sql[i:end], i))
            i = end
        elif c.isalpha() or c == "_":
            start = i
            while i < n and (sql[i].isalnum() or sql[i] in "_$"):
                i += 1
            toks.append(Token("word", sql[start:i], start))
        elif c.isdigit():
            start = i
            while i < n and (sql[i].isalnum() or sql[i] == "."):
                i += 1
            toks.append(Token("num", sql[start:i], start))
        else:
            toks.append(Token("op", c, i))
            i += 1
    return toks


def _dollar_tag(sql, i):
    """The dollar-quote opener ($$ or $tag$) at sql[i], or '' ($1 is a parameter, not a tag)."""
    j = i + 1
    while j < len(sql) and (sql[j].isalnum() or sql[j] == "_"):
        j += 1
    if j < len(sql) and sql[j] == "$" and not sql[i + 1 : j][:1].isdigit():
        return sql[i : j + 1]
    return ""


def split_statements(sql):
    """Statement texts of a simple-Query string, split at top-level ';'.

    Statements with no tokens (empty, or only comments) are left out, as PostgreSQL skips
    them. Each text is kept as written (leading comments included), since CrateDB builds the
    CommandComplete tag from the raw text (§3.6).
    """
    out, start, has_tokens = [], 0, False
    for t in tokenize(sql):
        if t.kind == "op" and t.text == ";":
            if has_tokens:
                out.append(sql[start : t.pos])
            start, has_tokens = t.pos + 1, False
        else:
            has_tokens = True
    if has_tokens:
        out.append(sql[start:])
    return out


# ---------------------------------------------------------------------------------------------
# Refusal: SQL CrateDB's parser or analyzer would reject

# §3.8, §3.11: first words not in CrateDB's grammar (GRAM/LEX).
REFUSED_FIRST_WORDS = frozenset(
    "ROLLBACK ABORT SAVEPOINT RELEASE LISTEN UNLISTEN NOTIFY TRUNCATE VACUUM LOCK PREPARE "
    "EXECUTE".split()
)

# §5.1: pg_catalog relations CrateDB does not have; the *-ending entries are prefixes.
ABSENT_RELATIONS = (
    "pg_trigger pg_inherits pg_sequence pg_sequences pg_collation pg_operator pg_opclass "
    "pg_language pg_extension pg_foreign_* pg_largeobject* pg_stat_* pg_partitioned_table "
    "pg_rewrite".split()
)

# §5.2: functions not registered in CrateDB.
MISSING_FUNCTIONS = frozenset(
    "pg_get_indexdef pg_get_viewdef pg_get_triggerdef pg_get_function_arguments "
    "pg_get_function_identity_arguments pg_relation_size pg_total_relation_size pg_size_pretty "
    "txid_current pg_is_in_recovery has_column_privilege pg_client_encoding getdatabaseencoding "
    "shobj_description pg_type_is_visible".split()
)


def _absent_relation(name):
    name = name.lower()
    for r in ABSENT_RELATIONS:
        if name == r or (r.endswith("*") and name.startswith(r[:-1])):
            return True
    return False


def _line_col(sql, pos):
    """CrateDB's parser positions: line from 1, column from 1 (ParsingException)."""
    line = sql.count("\n", 0, pos) + 1
    col = pos - (sql.rfind("\n", 0, pos) + 1) + 1
    return line, col


def _syntax_error(sql, tok):
    line, col = _line_col(sql, tok.pos)
    # Shape of an ANTLR error as CrateDB reports it (§3.7, "line 1:8: mismatched input …");
    # the expected-token list is abridged.
    return ("42601", "line %d:%d: mismatched input '%s' expecting {'SELECT', 'INSERT', "
            "'UPDATE', 'DELETE', 'CREATE', 'ALTER', 'DROP', 'SET', 'SHOW', 'BEGIN', "
            "'COMMIT', 'WITH', 'VALUES', ...}" % (line, col, tok.text))


def refusal(sql):
    """(SQLSTATE, message) if CrateDB would reject sql before running it, else None.

    sql may hold several statements (simple Query). Syntax errors anywhere win over analysis
    errors, as CrateDB parses the whole string first (§3.2). Analysis errors are reported for
    the whole string too, where CrateDB would first run the statements before the bad one: a
    simplification.
    """
    toks = tokenize(sql)
    # Split into statements by token.
    stmts, cur = [], []
    for t in toks:
        if t.kind == "op" and t.text == ";":
            if cur:
                stmts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        stmts.append(cur)

    # Syntax (42601): §3.8 ROLLBACK/ABORT/SAVEPOINT/RELEASE, §3.11 the rest.
    for st in stmts:
        first = st[0].text.upper() if st[0].kind == "word" else ""
        if first in REFUSED_FIRST_WORDS:
            return _syntax_error(sql, st[0])
        second = st[1] if len(st) > 1 else None
        if first == "SET" and second and second.kind == "word" and second.text.upper() == "ROLE":
            return _syntax_error(sql, second)
        if first == "COPY":
            # §3.11: CrateDB's COPY takes URIs only; COPY FROM STDIN / TO STDOUT do not parse.
            # COPY ... FROM 'uri' is valid CrateDB syntax and goes through (the server decides).
            for t in st:
                if t.kind == "word" and t.text.upper() in ("STDIN", "STDOUT", "PROGRAM"):
                    return _syntax_error(sql, t)
        for a, b in zip(st, st[1:]):
            # §3.11, §7: no OPERATOR(schema.op) rule in CrateDB's grammar.
            if a.kind == "word" and a.text.upper() == "OPERATOR" and b.text == "(":
                return _syntax_error(sql, a)

    # Analysis: absent relations (42P01, §5.1) and missing functions (0A000, §5.2, §3.7).
    for st in stmts:
        for k, t in enumerate(st):
            if t.kind not in ("word", "qident"):
                continue
            prev = st[k - 1] if k > 0 else None
            nxt = st[k + 1] if k + 1 < len(st) else None
            qualified = prev is not None and prev.text == "."
            qualifier = st[k - 2].text.lower() if qualified and k >= 2 else None
            if qualified and qualifier != "pg_catalog":
                continue  # a column (t.col) or another schema's table
            name = t.text if t.kind == "qident" else t.text.lower()
            shown = ("pg_catalog." + name) if qualified else name
            if nxt is not None and nxt.text == "(":
                if name in MISSING_FUNCTIONS:
                    return ("0A000", "Unknown function: %s(%s)" % (shown, _call_args(sql, st, k + 1)))
            elif _absent_relation(name):
                return ("42P01", "Relation '%s' unknown" % shown)
    return None


def _call_args(sql, toks, open_idx):
    """Source text between the '(' at toks[open_idx] and its matching ')'."""
    depth = 0
    for t in toks[open_idx:]:
        if t.text == "(" and t.kind == "op":
            depth += 1
        elif t.text == ")" and t.kind == "op":
            depth -= 1
            if depth == 0:
                return sql[toks[open_idx].pos + 1 : t.pos].strip()
    return sql[toks[open_idx].pos + 1 :].strip()


# ---------------------------------------------------------------------------------------------
# CommandComplete tags (§3.6)

# Statements without a count in PostgreSQL's tag whose CrateDB count is 1 (FACTS §3.6 gives
# `CREATE 1`; CrateDB's DDL row-count receivers report one affected object).
DDL_WORDS = frozenset(["CREATE", "DROP", "ALTER"])


def _java_trim(s):
    """Java's String.trim(): strips every char <= U+0020 at both ends."""
    i, j = 0, len(s)
    while i < j and s[i] <= " ":
        i += 1
    while j > i and s[j - 1] <= " ":
        j -= 1
    return s[i:j]


def crate_tag(sql, pg_tag, rows_sent):
    """CrateDB's CommandComplete tag for statement text sql (§3.6, MSG sendCommandComplete).

    The first word: sql trimmed, cut at the first ASCII space (only ' ': newlines stay in,
    so `select\\n*\\nfrom t` gives `SELECT\\N*\\NFROM`), uppercased. Then BEGIN -> `BEGIN`,
    INSERT -> `INSERT 0 <n>`, anything else `<WORD> <n>`.

    The count n, our rule (PostgreSQL's tag is the only source of truth a proxy has):
      1. the last token of PostgreSQL's tag when it is a number (SELECT 3, INSERT 0 1,
         UPDATE 2, DELETE 0, FETCH 5, MOVE 1, COPY 4);
      2. else the DataRows this statement sent (SHOW x -> `SHOW 1`, as §3.6 lists);
      3. else 1 for CREATE/DROP/ALTER (§3.6 `CREATE 1`);
      4. else 0 (SET 0, COMMIT 0, START 0 as §3.6 lists).
    If sql is unknown (None), PostgreSQL's first tag word stands in.
    """
    if sql is None:
        sql = pg_tag
    word = _java_trim(sql).split(" ", 1)[0].upper()
    last = pg_tag.rsplit(" ", 1)[-1]
    if last.lstrip("-").isdigit() and " " in pg_tag:
        count = int(last)
    elif rows_sent:
        count = rows_sent
    elif word in DDL_WORDS:
        count = 1
    else:
        count = 0
    if word == "BEGIN":
        return "BEGIN"
    if word == "INSERT":
        return "INSERT 0 %d" % count
    return "%s %d" % (word, count)


# ---------------------------------------------------------------------------------------------
# Session: one client connection and its upstream connection

class Exec:
    """An Execute forwarded upstream: its portal (None once the name is bound anew), statement
    text, rows counted so far."""

    def __init__(self, portal, sql):
        self.portal, self.sql, self.rows = portal, sql, 0


class UnansweredExecute(ValueError):
    """The client sent an Execute CrateDB would never answer (see the module docstring)."""


class Query:
    """A simple Query forwarded upstream: its statements, the next one to complete."""

    def __init__(self, stmts):
        self.stmts, self.next, self.rows = stmts, 0, 0


class Sync:
    """A Sync forwarded upstream (its ReadyForQuery ends an extended batch)."""


class Local:
    """Bytes the proxy answers itself, emitted once everything before them has been answered."""

    def __init__(self, data):
        self.data = data


class Session:
    """Relays one client. Client->server and server->client run as two tasks on one loop,
    sharing `pending`: the client side appends what it forwarded (Query, Exec, Sync) or
    answered itself (Local), the server side pops as the answers come back, so statement
    texts meet their CommandComplete and local refusals keep their place in the stream."""

    def __init__(self, args, reader, writer):
        self.args = args
        self.creader, self.cwriter = reader, writer
        self.sreader = self.swriter = None
        self.pending = collections.deque()
        self.statements = {}  # prepared statement name -> SQL text
        self.portals = {}  # portal name -> SQL text
        self.finished = set()  # portals whose last Execute completed or failed
        self.refusals = {}  # marker -> CrateDB's ErrorResponse for a refused Parse
        self.refused_in_batch = False  # a refused Parse since the last ReadyForQuery
        self.authenticated = False

    # -- helpers

    def to_client(self, data):
        if data:
            self.cwriter.write(data)

    def to_server(self, data):
        self.swriter.write(data)

    def drain_local(self):
        while self.pending and isinstance(self.pending[0], Local):
            self.to_client(self.pending.popleft().data)

    # -- startup (client side): §1.2

    async def run(self):
        try:
            await self.startup()
        except UnansweredExecute as e:
            self.to_client(error_response("FATAL", "XX000", str(e)))
        except (ConnectionError, ValueError, asyncio.IncompleteReadError, OSError):
            pass
        finally:
            for w in (self.cwriter, self.swriter):
                if w is not None:
                    w.close()

    async def read_startup_packet(self):
        head = await self.creader.readexactly(4)
        (n,) = struct.unpack("!i", head)
        if n < 8 or n > MAX_STARTUP_LEN:
            raise ValueError("invalid length of startup packet")
        return head + await self.creader.readexactly(n - 4)

    async def startup(self):
        while True:
            pkt = await self.read_startup_packet()
            (code,) = struct.unpack_from("!i", pkt, 4)
            if code == SSL_REQUEST:
                self.cwriter.write(b"N")  # §1.2: no TLS configured
                continue
            if code == GSSENC_REQUEST:
                # §1.2: not recognised, FATAL and the channel closes.
                self.cwriter.write(error_response(
                    "FATAL", "XX000",
                    "Unsupported frontend protocol 1234.5680: server supports 3.0 to 3.0",
                    java_frame=False))
                await self.cwriter.drain()
                return
            break
        host, port = self.args.upstream
        self.sreader, self.swriter = await asyncio.open_connection(host, port)
        self.to_server(pkt)
        if code == CANCEL_REQUEST:
            # §1.2, §3.12: BackendKeyData went through unchanged, so the pid/secret pair is
            # the server's own and the request can be passed on verbatim.
            await self.swriter.drain()
            await self.sreader.read()  # the server closes when done
            return
        await asyncio.gather(self.client_loop(), self.server_loop())

    # -- client -> server

    async def client_loop(self):
        framer = MessageReader()
        try:
            while True:
                data = await self.creader.read(65536)
                if not data:
                    break
                framer.feed(data)
                while True:
                    msg = framer.next()
                    if msg is None:
                        break
                    self.on_client_message(*msg)
                await self.swriter.drain()
                await self.cwriter.drain()
        finally:
            if self.swriter.can_write_eof():
                self.swriter.write_eof()

    def on_client_message(self, mtype, body, raw):
        if mtype == b"Q":
            sql, _ = read_cstr(body, 0)
            bad = refusal(sql)
            if bad:
                # §3.2: ErrorResponse then ReadyForQuery 'I'; nothing reaches the server.
                self.pending.append(Local(error_response("ERROR", *bad) + message(b"Z", b"I")))
                self.drain_local()
                return
            self.pending.append(Query(split_statements(sql)))
        elif mtype == b"P":
            name, pos = read_cstr(body, 0)
            sql, _ = read_cstr(body, pos)
            bad = refusal(sql)
            self.statements[name] = None if bad else sql
            if bad:
                raw = self.refused_parse(name, bad)
        elif mtype == b"B":
            portal, pos = read_cstr(body, 0)
            stmt, _ = read_cstr(body, pos)
            self.portals[portal] = self.statements.get(stmt)
            self.finished.discard(portal)
            for p in self.pending:  # a new portal under the old name: its Executes are apart
                if isinstance(p, Exec) and p.portal == portal:
                    p.portal = None
        elif mtype == b"E":
            portal, _ = read_cstr(body, 0)
            self.check_execute(portal)
            self.pending.append(Exec(portal, self.portals.get(portal)))
        elif mtype == b"S":
            self.pending.append(Sync())
        self.to_server(raw)

    def check_execute(self, portal):
        """Raises UnansweredExecute for an Execute CrateDB would never answer: while an earlier
        Execute of the portal is unanswered, CrateDB may still be producing its rows, and resumes
        a portal only when the Execute finds it suspended (Session.java execute); otherwise, as
        after the portal completed or failed, it starts a new execution (singleExec) that closes
        the portal and answers nothing, and holds back every later message (its
        DelayableWriteChannel delay is never released)."""
        busy = any(isinstance(p, Exec) and p.portal == portal for p in self.pending)
        if busy or portal in self.finished:
            raise UnansweredExecute(
                "crate_proxy: Execute of portal \"%s\" sent %s: CrateDB would never answer it, "
                "nor anything after it (Session.java execute/singleExec)"
                % (portal, "before its previous Execute was answered" if busy
                   else "after the portal completed or failed"))

    def refused_parse(self, name, bad):
        """§3.5: CrateDB fails a Parse of SQL it lacks at once and skips to Sync. The server
        is made to do exactly that, in its own order (whether the client ends the batch with
        Sync or Flush): it gets a Parse of a bare marker word, a syntax error, and its answer
        is replaced by CrateDB's error (see on_server_message)."""
        marker = "crate_proxy_refusal_%d" % (len(self.refusals) + 1)
        self.refusals[marker] = error_response("ERROR", *bad)
        return message(b"P", cstr(name) + cstr(marker) + b"\0\0")

    def take_refusal(self, body):
        """The CrateDB error for a server error caused by a refused Parse, else None."""
        text = parse_error_fields(body).get("M", "")
        for marker in self.refusals:
            if marker in text:
                return self.refusals.pop(marker)
        return None

    # -- server -> client

    async def server_loop(self):
        framer = MessageReader()
        while True:
            data = await self.sreader.read(65536)
            if not data:
                break
            framer.feed(data)
            while True:
                msg = framer.next()
                if msg is None:
                    break
                self.on_server_message(*msg)
            await self.cwriter.drain()
        self.cwriter.close()

    def on_server_message(self, mtype, body, raw):
        if mtype in (b"N", b"A"):
            return  # §3.1: CrateDB never sends NoticeResponse or NotificationResponse
        if not self.authenticated:
            if mtype == b"E":
                self.to_client(rewrite_error(body, during_auth=True))
            elif mtype == b"R" and body[:4] == b"\0\0\0\0":
                self.authenticated = True
                self.to_client(raw + crate_parameter_status(self.args.crate_version))  # §1.4
            elif mtype != b"S":
                self.to_client(raw)
            return
        front = self.pending[0] if self.pending else None
        if mtype == b"S":
            return  # §1.4: ParameterStatus is never sent after startup
        if mtype == b"D":
            if isinstance(front, (Exec, Query)):
                front.rows += 1
            self.to_client(raw)
        elif mtype == b"C":
            pg_tag, _ = read_cstr(body, 0)
            if isinstance(front, Query):
                sql = front.stmts[front.next] if front.next < len(front.stmts) else None
                front.next += 1
                rows, front.rows = front.rows, 0
            elif isinstance(front, Exec):
                self.pending.popleft()
                self.finished.add(front.portal)  # None (rebound) is never checked
                sql, rows = front.sql, front.rows
            else:
                sql, rows = None, 0
            self.to_client(message(b"C", cstr(crate_tag(sql, pg_tag, rows))))  # §3.6
        elif mtype in (b"s", b"I"):
            if isinstance(front, Exec):
                self.pending.popleft()  # PortalSuspended / EmptyQueryResponse end an Execute
            self.to_client(raw)
        elif mtype == b"E":
            if not isinstance(front, Query):
                # Extended protocol: the server skips to Sync, and so would CrateDB.
                if isinstance(front, Exec):
                    self.finished.add(front.portal)
                while self.pending and isinstance(self.pending[0], Exec):
                    self.pending.popleft()
            refused = self.take_refusal(body)
            if refused:
                self.refused_in_batch = True
            self.to_client(refused or rewrite_error(body))  # §3.7
        elif mtype == b"Z":
            status = body[:1]
            if isinstance(front, Query):
                self.pending.popleft()
                status = b"I"  # §3.2: always 'I' after a simple query
            elif isinstance(front, (Sync, Exec)):
                # Execs still ahead of the Sync arrived after an error: the server skipped
                # them (up to Sync) and answers only the Sync. A client that streams a long
                # batch gets its error while it still sends, so they can be many.
                while self.pending and isinstance(self.pending[0], Exec):
                    self.pending.popleft()
                if self.pending and isinstance(self.pending[0], Sync):
                    self.pending.popleft()
                if self.refused_in_batch:
                    status = b"E"  # §3.5: 'E' right after a synchronous error
            self.refused_in_batch = False
            self.to_client(message(b"Z", status))
        else:
            self.to_client(raw)
        self.drain_local()


# ---------------------------------------------------------------------------------------------
# Main

def host_port(s):
    host, _, port = s.rpartition(":")
    return host or "127.0.0.1", int(port)


async def serve(args):
    sessions = set()

    async def on_client(reader, writer):
        task = asyncio.current_task()
        sessions.add(task)
        try:
            await Session(args, reader, writer).run()
        finally:
            sessions.discard(task)

    host, port = args.listen
    server = await asyncio.start_server(on_client, host, port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    sockname = server.sockets[0].getsockname()
    if args.ready_file:
        with open(args.ready_file, "w") as f:
            f.write("%s:%d\n" % (sockname[0], sockname[1]))
    print("ready", flush=True)
    await stop.wait()
    server.close()
    for t in list(sessions):
        t.cancel()
    await asyncio.gather(*sessions, return_exceptions=True)


def main(argv=None):
    p = argparse.ArgumentParser(description="Make PostgreSQL look like CrateDB on the wire.")
    p.add_argument("--listen", type=host_port, required=True, help="HOST:PORT to listen on")
    p.add_argument("--upstream", type=host_port, required=True, help="PostgreSQL HOST:PORT")
    p.add_argument("--crate-version", default="6.5.0", help="crate_version ParameterStatus")
    p.add_argument("--ready-file", help="write HOST:PORT here once listening")
    args = p.parse_args(argv)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
