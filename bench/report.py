#!/usr/bin/env python3
"""bench/report.py: turns bench/run.sh's raw lines into the results table.

    report.py RAW_FILE

Reads "round=N RESULT ..." lines (one timed run each) and "CALLGRIND ..." lines
(instructions per row), prints per workload and client the medians of wall time,
client CPU time and peak RSS, the rate, instructions per row, the ratios of our
driver to psqlODBC and to libpq, and then every target of issue 7 as met / missed.
A workload a client could not run shows its status (unsupported, failed) instead of
numbers; nothing is estimated.
"""
import re
import statistics
import sys

# ODBC workload -> (libpq workload to compare with, unit of "rows")
PAIRS = {
    "fetch_bind1": ("fetch_single", "rows"),
    "fetch_bind1000": ("fetch_pqexec", "rows"),
    "fetch_getdata": ("fetch_single", "rows"),
    "text_char": ("text_single", "rows"),
    "text_wchar": ("text_single", "rows"),
    "insert_row": ("insert_row", "rows"),
    "insert_array": ("insert_pipeline", "rows"),
    "connect": ("connect", "connects"),
    "prepared_query": ("prepared_query", "execs"),
    "rss_5m": ("rss_5m", "rows"),
}
PAIR_RE = re.compile(r'(\w+)=("[^"]*"|\S+)')


def parse(path):
    runs, cg, header = {}, {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                header.append(line[2:])
                continue
            kv = {k: v.strip('"') for k, v in PAIR_RE.findall(line)}
            if "workload" not in kv:
                continue
            key = (kv["workload"], kv["client"])
            if " RESULT " in line or line.startswith("RESULT"):
                runs.setdefault(key, []).append(kv)
            elif line.startswith("CALLGRIND"):
                cg[key] = kv
    return runs, cg, header


class Stat:
    """Medians of one workload x client, or why there are none."""

    def __init__(self, runs):
        ok = [r for r in runs if r["status"] == "ok"]
        self.n = len(runs)
        if not runs:
            self.status, self.reason = "not run", ""
        elif len(ok) < len(runs):
            bad = next(r for r in runs if r["status"] != "ok")
            self.status, self.reason = bad["status"], bad.get("reason", "")
        else:
            self.status, self.reason = "ok", ""
        if ok:
            self.rows = int(ok[0]["rows"])
            self.wall = statistics.median(float(r["wall_s"]) for r in ok)
            self.cpu = statistics.median(float(r["cpu_s"]) for r in ok)
            self.rss_mb = statistics.median(int(r["maxrss_kb"]) for r in ok) / 1024
            self.rate = self.rows / self.wall if self.wall > 0 else float("inf")

    @property
    def ok(self):
        return self.status == "ok"


def fmt_rate(x):
    return f"{x/1e6:.2f}M" if x >= 1e6 else f"{x/1e3:.1f}k" if x >= 1e4 else f"{x:.0f}"


def main():
    runs, cg, header = parse(sys.argv[1])
    stats = {k: Stat(v) for k, v in runs.items()}
    for h in header:
        print(h)
    print()
    print("Medians of the timed rounds. rate = rows (or connects, executions) per second of")
    print("wall time; cpu = client CPU time (user+sys, getrusage); RSS = peak resident set of the")
    print("client process; instr = client instructions per row (or execution) under callgrind:")
    print("(Ir at N2 - Ir at N1) / (N2 - N1), the harness's expected-checksum work excluded.")
    print()
    hdr = f"{'workload':<16} {'client':<9} {'rows':>8} {'wall s':>8} {'rate/s':>8} {'cpu s':>7} {'RSS MB':>7} {'instr':>7}"
    print(hdr)
    print("-" * len(hdr))
    libpq_done = set()
    for w, (pq, _unit) in PAIRS.items():
        for client, wl in (("psqlodbc", w), ("ours", w), ("libpq", pq)):
            if client == "libpq" and wl in libpq_done:
                continue
            s = stats.get((wl, client))
            if s is None:
                continue
            if client == "libpq":
                libpq_done.add(wl)
            c = cg.get((wl, client))
            instr = c["per_row"] if c and c["status"] == "ok" else "-"
            name = wl if client != "libpq" else f"{wl}"
            if s.ok:
                print(f"{name:<16} {client:<9} {s.rows:>8} {s.wall:>8.3f} {fmt_rate(s.rate):>8} "
                      f"{s.cpu:>7.3f} {s.rss_mb:>7.1f} {instr:>7}")
            else:
                print(f"{name:<16} {client:<9} {s.status}: {s.reason}")
    print()
    print("Ratios of our driver (speed: >1 means we are faster; instr and RSS: <1 means we use less)")
    hdr = f"{'workload':<16} {'speed/psqlODBC':>14} {'speed/libpq':>12} {'instr/psqlODBC':>14} {'instr/libpq':>11} {'RSS/psqlODBC':>12}"
    print(hdr)
    print("-" * len(hdr))
    for w, (pq, _unit) in PAIRS.items():
        ours, ps, lp = stats.get((w, "ours")), stats.get((w, "psqlodbc")), stats.get((pq, "libpq"))
        if ours is None:
            continue
        if not ours.ok:
            print(f"{w:<16} ours {ours.status}")
            continue
        def sp(other):
            return f"{other.wall / ours.wall:.2f}" if other is not None and other.ok else "-"
        def ir(other_client, other_w):
            a, b = cg.get((w, "ours")), cg.get((other_w, other_client))
            if a and b and a["status"] == "ok" and b["status"] == "ok" and int(b["per_row"]) > 0:
                return f"{int(a['per_row']) / int(b['per_row']):.3f}"
            return "-"
        rss = f"{ours.rss_mb / ps.rss_mb:.3f}" if ps is not None and ps.ok else "-"
        print(f"{w:<16} {sp(ps):>14} {sp(lp):>12} {ir('psqlodbc', w):>14} {ir('libpq', pq):>11} {rss:>12}")
    print()
    print("Targets of issue 7")
    for line in targets(stats, cg):
        print("  " + line)


def targets(stats, cg):
    out = []

    def verdict(name, ok, detail):
        out.append(f"{'met   ' if ok else 'MISSED'} {name}: {detail}")

    def unavailable(name, why):
        out.append(f"MISSED {name}: {why}")

    def ours_problem(w):
        s = stats.get((w, "ours"))
        if s is None:
            return "not run (workload not selected)"
        if not s.ok:
            return f"our driver: {s.status} ({s.reason})"
        return None

    def instr(w, client):
        c = cg.get((w, client))
        return int(c["per_row"]) if c and c["status"] == "ok" else None

    def instr_target(name, w, factor, libpq_w=None):
        ours, ps = instr(w, "ours"), instr(w, "psqlodbc")
        if ours is None:
            c = cg.get((w, "ours"))
            why = ours_problem(w) or (f"our driver under callgrind: {c['status']}" if c
                                      else "not measured (callgrind skipped)")
            return unavailable(name, why)
        if ps is None:
            return unavailable(name, "psqlODBC not measured")
        ok = ours <= factor * ps
        detail = f"{ours} vs psqlODBC {ps} instr/row = {ours/ps:.3f} (need <= {factor})"
        if libpq_w:
            lp = instr(libpq_w, "libpq")
            if lp is None:
                return unavailable(name, "libpq not measured")
            ok = ok and ours <= lp
            detail += f"; libpq {libpq_w} {lp} = {ours/lp:.2f} (need <= 1.0)"
        verdict(name, ok, detail)

    instr_target("instructions/row, bound rowset 1,000", "fetch_bind1000", 0.15, "fetch_pqexec")
    instr_target("instructions/row, SQLGetData per cell", "fetch_getdata", 0.2)
    instr_target("instructions/row, 1 KB text as SQL_C_WCHAR", "text_wchar", 0.1)

    def speed(w, client, other_w=None):
        a, b = stats.get((w, "ours")), stats.get((other_w or w, client))
        if a is None or b is None or not a.ok or not b.ok:
            return None
        return b.wall / a.wall

    for w in ("fetch_bind1", "fetch_bind1000", "fetch_getdata"):
        name = f"fetch rate {w}"
        if ours_problem(w):
            unavailable(name, ours_problem(w))
            continue
        a, b = speed(w, "psqlodbc"), speed(w, "libpq", "fetch_single")
        if a is None or b is None:
            unavailable(name, "a reference run is missing")
            continue
        verdict(name, a >= 1.4 and b >= 0.95,
                f"{a:.2f} x psqlODBC (need >= 1.4), {b:.2f} x libpq single-row (need >= 0.95)")

    s = stats.get(("rss_5m", "ours"))
    if ours_problem("rss_5m"):
        unavailable("peak RSS, 5,000,000 rows", ours_problem("rss_5m"))
    else:
        ps = stats.get(("rss_5m", "psqlodbc"))
        extra = f" (psqlODBC {ps.rss_mb:.0f} MB)" if ps is not None and ps.ok else ""
        verdict("peak RSS, 5,000,000 rows", s.rss_mb <= 32, f"{s.rss_mb:.1f} MB (need <= 32){extra}")

    if ours_problem("insert_array"):
        unavailable("parameter-array insert", ours_problem("insert_array"))
    else:
        a, b = speed("insert_array", "psqlodbc"), speed("insert_array", "libpq", "insert_pipeline")
        if a is None or b is None:
            unavailable("parameter-array insert", "a reference run is missing")
        else:
            verdict("parameter-array insert", a >= 3 and b >= 0.9,
                    f"{a:.2f} x psqlODBC (need >= 3), {b:.2f} x libpq pipeline (need >= 0.9)")

    for w, name, need, kind in (("insert_row", "prepared per-row insert", 1.0, "rate"),
                                ("connect", "connect/disconnect", 0.95, "rate"),
                                ("prepared_query", "prepared one-row query latency", 1.1, "latency")):
        if ours_problem(w):
            unavailable(name, ours_problem(w))
            continue
        b = speed(w, "libpq")
        if b is None:
            unavailable(name, "libpq run missing")
        elif kind == "rate":
            verdict(name, b >= need, f"{b:.2f} x libpq (need >= {need})")
        else:
            verdict(name, 1 / b <= need, f"latency {1/b:.2f} x libpq (need <= {need})")
    return out


if __name__ == "__main__":
    main()
