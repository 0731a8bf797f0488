#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
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


def ocf_env(params, action, extra=None):
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
    env.update(extra or {})
    return env


def must(argv):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        sys.exit("agent-latency: %s failed (rc %d): %s" % (" ".join(argv), p.returncode, p.stderr.strip()))
    return p.stdout


def operate(agent_path, params, action, extra=None):
    p = subprocess.run([agent_path, action], env=ocf_env(params, action, extra), capture_output=True, text=True,
                       timeout=120)
    return p.returncode, p.stderr.strip()


def host_pid(run_dir):
    try:
        return int(open(os.path.join(run_dir, "host", "endpoint")).read().split()[3])
    except (OSError, ValueError, IndexError):
        return None


def cpu_ms(pid):
    """user+sys CPU of a process so far, from /proc/PID/stat (clock ticks)."""
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


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

    # our agents twice: through an agent host of the bench's own (private run directory, so never the
    # node's), and cold (TGTHA_AGENT_HOST=off): the fallback path stays measured too
    run_dir = os.path.join(args.workdir, "run")
    host_env = {"TGTHA_RUN_DIR": run_dir}
    cold_env = {"TGTHA_RUN_DIR": run_dir, "TGTHA_AGENT_HOST": "off"}
    started = []
    rows = []
    host_cpu = {}
    try:
        # the first operation starts the host; wait until it serves, then warm it up
        operate(os.path.join(OURS, "portblock"), setups[0][1], "monitor", host_env)
        for _ in range(300):
            if host_pid(run_dir):
                break
            time.sleep(0.05)
        for agent, ours_params, stock_agent, stock_params in setups:
            ours_path = os.path.join(OURS, agent)
            if not os.access(ours_path, os.X_OK):
                rows.append((agent, None, stock_agent, None, "not installed"))
                continue
            impls = [("host", ours_path, ours_params, host_env), ("cold", ours_path, ours_params, cold_env)]
            if stock_agent:
                impls.append(("stock", os.path.join(STOCK, stock_agent), stock_params, {}))
            notes = []
            for label, path, params, extra in impls[::2]:  # host and stock: one start each
                rc, err = operate(path, params, "start", extra)
                if rc == 0:
                    started.append((path, params, extra))
                else:
                    notes.append("%s start rc %d: %s" % (label, rc, err.splitlines()[-1] if err else ""))
            for _ in range(100):
                operate(ours_path, ours_params, "monitor", host_env)
            results = {}
            for label, path, params, extra in impls:
                for action in ACTIONS:
                    argv = [path, action]
                    env = ocf_env(params, action, extra)
                    pid = host_pid(run_dir) if label == "host" else None
                    before = cpu_ms(pid) if pid else None
                    timed = [run_once(argv, env) for _ in range(args.runs)]
                    if pid:
                        host_cpu[(agent, action)] = (cpu_ms(pid) - before) / args.runs
                    rss = [peak_rss_mb(argv, env, os.path.join(args.workdir, "rss")) for _ in range(args.runs)]
                    results[(label, action)] = [t + (r,) for t, r in zip(timed, rss)]
            rows.append((agent, results, stock_agent, notes, None))
    finally:
        for path, params, extra in reversed(started):
            operate(path, params, "stop", extra)
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
    pid = host_pid(run_dir)
    host_rss = rss_mb(pid) if pid else float("nan")
    if pid:
        os.kill(pid, 15)
    print_table(rows, args.runs, load_before, load_after, host_cpu)
    print("  agent host: RSS %.1f MB at the end (bounded heap: -Xmx96m)" % host_rss)
    print("  JVM floor (tgtha-agent without arguments: JVM start + launcher, no agent): wall %.1f ms, CPU %.1f ms,"
          " RSS %.1f MB" % (med(floor, 1), med(floor, 2), med(floor, 3)))


def med(samples, i):
    return statistics.median(s[i] for s in samples)


def rcs(samples):
    return ",".join(str(r) for r in sorted({s[0] for s in samples}))


def print_table(rows, runs, load_before, load_after, host_cpu):
    print("Median of %d runs each; CPU = user+sys of the wrapper's whole process tree (the host's own CPU per"
          " operation in its own column); RSS = peak resident set of that tree (median). %d CPUs, load average"
          " %s before, %s after." % (runs, os.cpu_count(), load_before, load_after))
    print()
    print("| agent | action | host wall ms | wrapper CPU ms | host CPU ms | cold wall ms | cold CPU ms "
          "| stock wall ms | stock CPU ms | host/stock | cold/stock | rc host,cold,stock |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    verdicts = []
    for agent, results, stock_agent, notes, missing in rows:
        if missing:
            print("| %s | — | %s | | | | | | | | | |" % (agent, missing))
            continue
        name = agent + (" vs heartbeat:" + stock_agent if stock_agent else " (no stock equivalent)")
        for action in ACTIONS:
            host = results[("host", action)]
            cold = results[("cold", action)]
            stock = results.get(("stock", action))
            hc = host_cpu.get((agent, action), float("nan"))
            line = "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f " % (
                name, action, med(host, 1), med(host, 2), hc, med(cold, 1), med(cold, 2))
            if stock:
                line += "| %.1f | %.1f | %.2f | %.2f | %s;%s;%s |" % (
                    med(stock, 1), med(stock, 2), med(host, 1) / med(stock, 1), med(cold, 1) / med(stock, 1),
                    rcs(host), rcs(cold), rcs(stock))
            else:
                line += "| — | — | — | — | %s;%s |" % (rcs(host), rcs(cold))
            print(line)
        if ("stock", "monitor") in results:
            ratio = med(results[("host", "monitor")], 1) / med(results[("stock", "monitor")], 1)
            verdicts.append("%s: monitor through the host %.2fx the stock agent's wall time (goal <= 0.5) %s" % (
                agent, ratio, "ok" if ratio <= 0.5 else "MISSED"))
        for n in notes:
            verdicts.append("  note: " + n)
    print()
    print("Goals:")
    for v in verdicts:
        print("  " + v)


if __name__ == "__main__":
    main()
