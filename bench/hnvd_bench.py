#!/usr/bin/env python3
"""Helpers for scripts/bench that bash cannot do well (standard library only).

  ready NOTIFY_SOCKET TIMEOUT_S LOG -- CMD...
      Start CMD (its own session, stdout/stderr to LOG) with NOTIFY_SOCKET set, wait for the
      sd_notify datagram carrying READY=1 and print JSON {"pid", "ready_ms"}: milliseconds from
      just before the exec to READY=1. CMD keeps running; the caller stops it by PID.
  hammer SOCKET N ARGV0 [ARG...]
      N requests over the daemon's Unix socket speaking protocol v1 of
      src/main/java/dev/hnvd/wire/Wire.java (one request per connection), one after the other;
      prints JSON {"n", "failures", "median_ms", "p95_ms", "total_s"}. HNVD_* variables of our
      environment travel as the request's settings, as the Java client sends them.
  report RECORDS.jsonl OUT_BASE DOC key=value...
      Writes OUT_BASE.json (meta + records) and OUT_BASE.txt (a Markdown table against the issue's
      targets and the hcnmgr baseline), and replaces the table between "<!-- bench:begin -->" and
      "<!-- bench:end -->" in DOC when both markers are there.
  compare N 'LABEL: [VAR=VALUE...] CMD ARG...' ...
      Runs the commands interleaved N times each (no shell; words split like a shell would) and
      prints per label the median wall and CPU (user+sys, from wait4) milliseconds. CPU time is
      far less disturbed by other load on the machine than wall time, which makes it the better
      judge of a JVM flag.
  poll SOCKET EVERY_MS SECONDS SINCE_EPOCH busy|never ARGV0 [ARG...]
      One request every EVERY_MS over the daemon's socket for at most SECONDS (busy: stop at the
      first non-zero exit); prints JSON {"queries", "busy", "first_busy_ms" (from SINCE_EPOCH),
      "max_ms", "first_busy_stdout"}. The tier-2 path scenario times the migration gate with it,
      without a JVM start per question (scripts/uml/scenarios/path.sh).
  stats NAME FILE
      FILE holds one duration in nanoseconds per line; prints JSON {"name", "n", "median_ms",
      "p95_ms", "min_ms", "max_ms", "mean_ms"}.
"""
import json
import os
import socket
import struct
import subprocess
import sys
import time

MAGIC = 0x484E5644  # "HNVD"
VERSION = 1
KIND_RUN = 1


def summary(name, values_ms):
    v = sorted(values_ms)
    n = len(v)
    if n == 0:
        return {"name": name, "n": 0}

    def pct(p):
        # nearest-rank percentile
        k = max(0, min(n - 1, int(round(p / 100.0 * n + 0.5)) - 1))
        return v[k]

    med = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
    return {"name": name, "n": n, "median_ms": round(med, 1), "p95_ms": round(pct(95), 1),
            "min_ms": round(v[0], 1), "max_ms": round(v[-1], 1),
            "mean_ms": round(sum(v) / n, 1)}


def cmd_stats(args):
    name, path = args
    with open(path) as f:
        ns = [int(x) for x in f.read().split()]
    print(json.dumps(summary(name, [x / 1e6 for x in ns])))


def cmd_ready(args):
    sock_path, timeout, log = args[0], float(args[1]), args[2]
    cmd = args[args.index("--") + 1:]
    try:
        os.unlink(sock_path)
    except FileNotFoundError:
        pass
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(sock_path)
    env = dict(os.environ, NOTIFY_SOCKET=sock_path)
    with open(log, "ab") as out:
        t0 = time.monotonic_ns()
        p = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + timeout
    ready_ms = None
    while ready_ms is None:
        left = deadline - time.monotonic()
        if left <= 0 or p.poll() is not None:
            break
        s.settimeout(min(left, 0.5))
        try:
            msg = s.recv(4096).decode("utf-8", "replace")
        except socket.timeout:
            continue
        if "READY=1" in msg.split("\n"):
            ready_ms = (time.monotonic_ns() - t0) / 1e6
    s.close()
    print(json.dumps({"pid": p.pid, "ready_ms": None if ready_ms is None else round(ready_ms, 1),
                      "exited": p.poll()}))
    return 0 if ready_ms is not None else 1


def _bytes(b):
    return struct.pack(">I", len(b)) + b


def _str(s):
    return _bytes(s.encode("utf-8"))


def encode_request(argv0, args, env):
    out = struct.pack(">IHB", MAGIC, VERSION, KIND_RUN) + _str(argv0)
    out += struct.pack(">H", len(args)) + b"".join(_str(a) for a in args)
    out += struct.pack(">H", len(env))
    for k, v in sorted(env.items()):
        out += _str(k) + _str(v)
    return out


def _recv_exact(c, n):
    buf = b""
    while len(buf) < n:
        chunk = c.recv(n - len(buf))
        if not chunk:
            raise EOFError("daemon closed the connection")
        buf += chunk
    return buf


def call(sock_path, frame):
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        c.connect(sock_path)
        c.sendall(frame)
        c.shutdown(socket.SHUT_WR)
        magic, version, status, exit_code = struct.unpack(">IHBi", _recv_exact(c, 11))
        if magic != MAGIC or version != VERSION:
            raise ValueError("not an hnvd v1 reply")
        out = _recv_exact(c, struct.unpack(">I", _recv_exact(c, 4))[0])
        err = _recv_exact(c, struct.unpack(">I", _recv_exact(c, 4))[0])
        return status, exit_code, out, err
    finally:
        c.close()


def cmd_hammer(args):
    sock_path, n, argv0, rest = args[0], int(args[1]), args[2], args[3:]
    env = {k: v for k, v in os.environ.items() if k.startswith("HNVD_")}
    env["HNVD_ARGV0"] = argv0
    frame = encode_request(argv0, rest, env)
    times = []
    failures = 0
    first = None
    t_start = time.monotonic()
    for _ in range(n):
        t0 = time.monotonic_ns()
        try:
            status, code, out, _err = call(sock_path, frame)
            if status != 0 or code != 0:
                failures += 1
            if first is None:
                first = out.decode("utf-8", "replace")
        except (OSError, EOFError, ValueError):
            failures += 1
        times.append((time.monotonic_ns() - t0) / 1e6)
    r = summary(argv0 + " via socket", times)
    r.update({"failures": failures, "total_s": round(time.monotonic() - t_start, 1),
              "first_stdout": first})
    print(json.dumps(r))
    return 0 if failures == 0 else 1


# The targets and hcnmgr's baseline on this rig kind (median exec->exit, ms).
def cmd_poll(args):
    """poll SOCK EVERY_MS SECONDS SINCE_EPOCH STOP argv0 args...: one request every EVERY_MS for at
    most SECONDS; STOP=busy ends at the first non-zero exit, STOP=never runs the whole time. Times are
    from SINCE_EPOCH (e.g. the instant a path was cut, bash's $EPOCHREALTIME). Prints one JSON line:
    queries, busy (non-zero exits), first_busy_ms, max_ms (one answer), first_busy_stdout."""
    sock_path, every, seconds, since, stop, argv0, rest = (args[0], int(args[1]) / 1000.0, float(args[2]),
                                                           float(args[3]), args[4], args[5], args[6:])
    env = {k: v for k, v in os.environ.items() if k.startswith("HNVD_")}
    env["HNVD_ARGV0"] = argv0
    frame = encode_request(argv0, rest, env)
    queries, busy, first_ms, first_out, max_ms = 0, 0, None, None, 0.0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t0 = time.monotonic()
        status, code, out, _err = call(sock_path, frame)
        max_ms = max(max_ms, (time.monotonic() - t0) * 1000)
        queries += 1
        if status != 0 or code != 0:
            busy += 1
            if first_ms is None:
                first_ms = round((time.time() - since) * 1000)
                first_out = out.decode("utf-8", "replace")
            if stop == "busy":
                break
        time.sleep(max(0.0, every - (time.monotonic() - t0)))
    print(json.dumps({"queries": queries, "busy": busy, "first_busy_ms": first_ms,
                      "max_ms": round(max_ms, 1), "first_busy_stdout": first_out}))
    return 0


def target_of(r):
    name, mode = r.get("name", ""), r.get("mode", "")
    if r["kind"] == "boot":
        return "<= 1000" if r.get("hnvs", 0) >= 10 else ""
    if mode != "daemon":
        return ""
    if name.startswith("hcnqrydev"):
        return "<= 60"
    if name.startswith("hcncfgdrc"):
        return "<= 110"
    return ""


def baseline_of(r):
    name, foreign = r.get("name", ""), r.get("foreign", 0)
    if r["kind"] == "boot":
        return ""
    if name.startswith("hcnqrydev"):
        return "188" if foreign else "131"
    if name.startswith("hcncfgdrc"):
        if foreign:
            return "818"
        if "backup" in name:
            return "303"
        return "535 (new VF)"
    if name.startswith("hcnrmhcn"):
        return "231"
    if name.startswith("hcnmgr -s"):
        return "9900" if "scratch" in name else "5300"
    return ""


def cmd_report(args):
    records_path, out_base, doc = args[0], args[1], args[2]
    meta = {}
    for a in args[3:]:
        k, v = a.split("=", 1)
        try:
            meta[k] = json.loads(v)
        except ValueError:
            meta[k] = v
    with open(records_path) as f:
        records = [json.loads(line) for line in f if line.strip()]
    with open(out_base + ".json", "w") as f:
        json.dump(dict(meta, records=records), f, indent=1)
        f.write("\n")
    m = meta.get("machine", {})
    lines = [
        "Run `%s` (%s, commit %s): %s CPUs (%s), %s MiB, kernel %s, %s; load average %s at start, %s at end; "
        "%s runs per command, %s per boot scenario. Client JAVA_OPTS: %s. Daemon JAVA_OPTS: %s."
        % (meta.get("name"), meta.get("date"), meta.get("git"), m.get("cpus"), m.get("cpu"),
           m.get("mem_mib"), m.get("kernel"), m.get("java"), meta.get("load_start"),
           meta.get("load_end"), meta.get("runs"), meta.get("boot_runs"),
           meta.get("client_java_opts"), meta.get("daemon_java_opts")),
        "",
        "| figure | daemon | foreign profiles | median ms | p95 ms | n | target | hcnmgr | load |",
        "|---|---|---|---:|---:|---:|---|---:|---:|",
    ]
    for r in records:
        st = r.get("stats", {})
        if r["kind"] == "latency":
            label = r["name"]
            mode = "running" if r["mode"] == "daemon" else "stopped (in-process)"
            if r.get("cds") == "off":
                mode += ", no AppCDS"
        elif r["kind"] == "boot":
            label = "boot reconcile, %d HNV%s, %s" % (r["hnvs"], "s" if r["hnvs"] > 1 else "",
                                                     r["state"])
            mode = "start -> READY=1"
        elif r["kind"] == "socket":
            label = r["name"]
            mode = "running (no JVM start)"
        else:
            continue
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            label, mode, r.get("foreign", 0), st.get("median_ms", "-"), st.get("p95_ms", "-"),
            st.get("n", 0) if not r.get("failures") else "%s (%s failed)" % (st.get("n", 0), r["failures"]),
            target_of(r), baseline_of(r), r.get("load1", "")))
    for r in records:
        if r["kind"] == "memory":
            lines.append("")
            lines.append("Daemon RSS (`ps -o rss`, %d HNVs): idle %.1f MiB; after %d hcnqrydev over the "
                         "socket %.1f MiB; after %d %.1f MiB (target <= 52 MiB idle, no growth)."
                         % (r["hnvs"], r["idle_kib"] / 1024, r["n"], r["after_n_kib"] / 1024,
                            2 * r["n"], r["after_2n_kib"] / 1024))
    table = "\n".join(lines) + "\n"
    with open(out_base + ".txt", "w") as f:
        f.write(table)
    try:
        with open(doc) as f:
            text = f.read()
        b, e = "<!-- bench:begin -->", "<!-- bench:end -->"
        if b in text and e in text:
            head, rest = text.split(b, 1)
            _, tail = rest.split(e, 1)
            with open(doc, "w") as f:
                f.write(head + b + "\n" + table + e + tail)
    except OSError:
        pass
    print(table)


def cmd_compare(args):
    import shlex
    n = int(args[0])
    confs = []
    for spec in args[1:]:
        label, rest = spec.split(":", 1)
        words = shlex.split(rest)
        env = dict(os.environ)
        while words and "=" in words[0] and not words[0].startswith("-"):
            k, v = words.pop(0).split("=", 1)
            env[k] = v
        confs.append((label.strip(), env, words))
    wall = {c[0]: [] for c in confs}
    cpu = {c[0]: [] for c in confs}
    for _ in range(n):
        for label, env, words in confs:
            t0 = time.monotonic_ns()
            p = subprocess.Popen(words, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, ru = os.wait4(p.pid, 0)
            wall[label].append((time.monotonic_ns() - t0) / 1e6)
            cpu[label].append((ru.ru_utime + ru.ru_stime) * 1000)
            if status != 0:
                print("%s: exit status %d" % (label, status), file=sys.stderr)
    out = []
    for label, _, _ in confs:
        w, c = summary(label, wall[label]), summary(label, cpu[label])
        out.append({"name": label, "n": n, "wall_median_ms": w["median_ms"], "wall_p95_ms": w["p95_ms"],
                    "cpu_median_ms": c["median_ms"]})
        print("%-28s wall median %7.1f ms  p95 %7.1f ms   cpu median %7.1f ms"
              % (label, w["median_ms"], w["p95_ms"], c["median_ms"]))
    return 0


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    sub, args = sys.argv[1], sys.argv[2:]
    return {"ready": cmd_ready, "hammer": cmd_hammer, "stats": cmd_stats,
            "report": cmd_report, "compare": cmd_compare, "poll": cmd_poll}[sub](args) or 0


if __name__ == "__main__":
    sys.exit(main())
