#!/usr/bin/env python3
"""Measures OCF agent operations: wall time, CPU time (user+sys) and peak RSS of each run.

Run by agent-latency inside its private network + mount namespaces (never directly). It sets up
one running resource per agent (ours and the stock heartbeat agent it replaces) against a tgtd of
its own, measures meta-data, monitor and validate-all N times each, prints a table, and stops the
resources again. CPU and RSS come from wait4(2) on the agent's process (microsecond CPU, kB RSS),
so they cover everything the operation ran: sh, the JVM or bash, tgtadm, iptables.

Peak RSS needs a small parent: a child forked from this Python process inherits its ~11 MB in its
high-water mark (fork copies the page tables; exec records the old mm's peak), which would hide
the difference between a 2 MB shell agent and a JVM. So RSS is measured in separate runs started
by GNU time (1-2 MB), and wall/CPU in runs started directly (no extra exec in the timing).
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

OCF_ROOT = "/usr/lib/ocf"
OURS = OCF_ROOT + "/resource.d/tgtha"
STOCK = OCF_ROOT + "/resource.d/heartbeat"
IQN_OURS = "iqn.2026-11.io.tgtha.wr:bench-ours"
IQN_STOCK = "iqn.2026-11.io.tgtha.wr:bench-stock"
ACTIONS = ["meta-data", "monitor", "validate-all"]


def run_once(argv, env):
    """One operation; returns (rc, wall ms, cpu ms)."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, 0)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = (time.perf_counter() - start) * 1000.0
    cpu = (usage.ru_utime + usage.ru_stime) * 1000.0
    rc = os.waitstatus_to_exitcode(status)
    return rc, wall, cpu


def peak_rss_mb(argv, env, scratch):
    """Peak RSS of one operation, as GNU time (a small parent) reports it."""
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", scratch] + argv, env=env, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    with open(scratch) as f:
        return int(f.read().strip().splitlines()[-1]) / 1024.0


def ocf_env(params, action):
    env = {
        "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        "OCF_ROOT": OCF_ROOT,
        "OCF_RA_VERSION_MAJOR": "1",
        "OCF_RA_VERSION_MINOR": "1",
        "OCF_RESOURCE_INSTANCE": "wr-bench",
        "OCF_RESKEY_CRM_meta_timeout": "20000",
        "HA_RSCTMP": "/run/resource-agents",
        "LANG": "C",
    }
    if os.environ.get("TGTHA_JAVA_OPTS"):
        env["TGTHA_JAVA_OPTS"] = os.environ["TGTHA_JAVA_OPTS"]  # for trying JVM flags: see agent-latency
    if action == "monitor":
        env["OCF_RESKEY_CRM_meta_interval"] = "10000"  # a recurring monitor, not a probe
    for k, v in params.items():
        env["OCF_RESKEY_" + k] = v
    return env


def must(argv):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        sys.exit("agent-latency: %s failed (rc %d): %s" % (" ".join(argv), p.returncode, p.stderr.strip()))
    return p.stdout


def operate(agent_path, params, action):
    p = subprocess.run([agent_path, action], env=ocf_env(params, action), capture_output=True, text=True,
                       timeout=120)
    return p.returncode, p.stderr.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()

    load_before = open("/proc/loadavg").read().split()[0]
    # a tgtd of our own; its socket (/run/tgtd/socket.0) lives in our private /run/tgtd
    tgtd_log = open(os.path.join(args.workdir, "tgtd.log"), "w")
    tgtd = subprocess.Popen(["tgtd", "-f", "--iscsi", "portal=127.0.0.1:3260"], stdout=tgtd_log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    for _ in range(200):
        if subprocess.run(["tgtadm", "--op", "show", "--mode", "system"], capture_output=True).returncode == 0:
            break
        time.sleep(0.05)
    else:
        sys.exit("agent-latency: tgtd did not start")

    images = []
    for name in ("ours", "stock"):
        img = os.path.join(args.workdir, "lun-%s.img" % name)
        with open(img, "wb") as f:
            f.truncate(32 << 20)
        images.append(img)
    secret = os.path.join(args.workdir, "account.secret")
    with open(os.open(secret, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
        f.write("wr-bench-%s\n" % os.urandom(8).hex())

    # agent -> (our params, stock agent or None, stock params); both run against the same tgtd
    setups = [
        ("portblock", {"protocol": "tcp", "portno": "3260", "action": "block", "ip": "127.0.0.1"},
         "portblock", {"protocol": "tcp", "portno": "3261", "action": "block", "ip": "127.0.0.1"}),
        ("target", {"iqn": IQN_OURS, "tgt_control_port": "0"},
         "iSCSITarget", {"implementation": "tgt", "iqn": IQN_STOCK, "tid": "90"}),
        ("lun", {"target_iqn": IQN_OURS, "lun": "1", "path": images[0], "tgt_control_port": "0"},
         "iSCSILogicalUnit", {"implementation": "tgt", "target_iqn": IQN_STOCK, "lun": "1", "path": images[1]}),
        ("account", {"username": "wrbench", "password_file": secret, "tgt_control_port": "0"}, None, None),
    ]

    started = []
    rows = []
    try:
        for agent, ours_params, stock_agent, stock_params in setups:
            ours_path = os.path.join(OURS, agent)
            if not os.access(ours_path, os.X_OK):
                rows.append((agent, None, stock_agent, None, "not installed"))
                continue
            impls = [("tgt-ha", ours_path, ours_params)]
            if stock_agent:
                impls.append(("stock", os.path.join(STOCK, stock_agent), stock_params))
            notes = []
            for label, path, params in impls:
                rc, err = operate(path, params, "start")
                if rc == 0:
                    started.append((path, params))
                else:
                    notes.append("%s start rc %d: %s" % (label, rc, err.splitlines()[-1] if err else ""))
            results = {}
            for label, path, params in impls:
                for action in ACTIONS:
                    argv = [path, action]
                    env = ocf_env(params, action)
                    timed = [run_once(argv, env) for _ in range(args.runs)]
                    rss = [peak_rss_mb(argv, env, os.path.join(args.workdir, "rss")) for _ in range(args.runs)]
                    results[(label, action)] = [t + (r,) for t, r in zip(timed, rss)]
            rows.append((agent, results, stock_agent, notes, None))
    finally:
        for path, params in reversed(started):
            operate(path, params, "stop")
        subprocess.run(["tgtadm", "--op", "delete", "--mode", "system"], capture_output=True)
        try:
            tgtd.wait(timeout=5)
        except subprocess.TimeoutExpired:
            tgtd.kill()

    load_after = open("/proc/loadavg").read().split()[0]
    # the floor under every JVM operation: JVM start + launcher, no agent (prints usage, rc 2)
    floor_argv = ["/usr/lib/tgtha/tgtha-agent"]
    floor_env = ocf_env({}, "monitor")
    floor = [run_once(floor_argv, floor_env) + (peak_rss_mb(floor_argv, floor_env, os.path.join(args.workdir, "rss")),)
             for _ in range(args.runs)]
    print_table(rows, args.runs, load_before, load_after)
    print("  JVM floor (tgtha-agent without arguments: JVM start + launcher, no agent): wall %.1f ms, CPU %.1f ms,"
          " RSS %.1f MB" % (med(floor, 1), med(floor, 2), med(floor, 3)))


def med(samples, i):
    return statistics.median(s[i] for s in samples)


def rcs(samples):
    return ",".join(str(r) for r in sorted({s[0] for s in samples}))


def print_table(rows, runs, load_before, load_after):
    print("Median of %d runs each; CPU = user+sys of the whole operation; RSS = peak resident set"
          " (median). %d CPUs, load average %s before, %s after." % (runs, os.cpu_count(), load_before, load_after))
    print()
    print("| agent (tgt-ha vs stock) | action | tgt-ha wall ms | tgt-ha CPU ms | tgt-ha RSS MB | rc "
          "| stock wall ms | stock CPU ms | stock RSS MB | rc | wall ratio |")
    print("|---|---|---:|---:|---:|---|---:|---:|---:|---|---:|")
    verdicts = []
    for agent, results, stock_agent, notes, missing in rows:
        if missing:
            print("| %s | — | %s | | | | | | | | |" % (agent, missing))
            continue
        name = agent + (" vs heartbeat:" + stock_agent if stock_agent else " (no stock equivalent)")
        for action in ACTIONS:
            ours = results[("tgt-ha", action)]
            line = "| %s | %s | %.1f | %.1f | %.1f | %s " % (name, action, med(ours, 1), med(ours, 2), med(ours, 3), rcs(ours))
            stock = results.get(("stock", action))
            if stock:
                ratio = med(ours, 1) / med(stock, 1) if med(stock, 1) > 0 else float("nan")
                line += "| %.1f | %.1f | %.1f | %s | %.2f |" % (med(stock, 1), med(stock, 2), med(stock, 3), rcs(stock), ratio)
            else:
                line += "| — | — | — | — | — |"
            print(line)
        md = med(results[("tgt-ha", "meta-data")], 1)
        mon = results[("tgt-ha", "monitor")]
        verdicts.append("%s: meta-data %.1f ms (target <= 10) %s; monitor %.1f ms (<= 60) %s, RSS %.1f MB (<= 40) %s" % (
            agent, md, "ok" if md <= 10 else "MISSED", med(mon, 1), "ok" if med(mon, 1) <= 60 else "MISSED",
            max(s[3] for s in mon), "ok" if max(s[3] for s in mon) <= 40 else "MISSED"))
        for n in notes:
            verdicts.append("  note: " + n)
    print()
    print("Targets (monitor RSS: the largest of all runs):")
    for v in verdicts:
        print("  " + v)


if __name__ == "__main__":
    main()
