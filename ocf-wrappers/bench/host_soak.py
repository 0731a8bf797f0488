#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Agent host soak: many operations through one host, as Pacemaker would send them on a busy node.

Run by agent-host-soak inside its private network + mount namespaces (never directly). Talks the wrappers'
protocol (ocf-agent.in, io.tgtha.host.HostRequest) itself, so the numbers are the host's, not bash's:
  1. 64 target resources started at once (64 concurrent operations of different resources): every rc 0,
     64 targets with 64 distinct tids in tgtd;
  2. N recurring monitors over them from 8 threads: every rc 0; the host's RSS sampled as it goes;
  3. the 64 stopped at once: every rc 0, no target left.
"""
import argparse
import os
import socket
import subprocess
import sys
import threading
import time

OCF = "/usr/lib/ocf/resource.d/tgtha/target"


def endpoint(run):
    port, token, build, pid = open(os.path.join(run, "host", "endpoint")).read().split()
    return int(port), token, build, int(pid)


def rss_mb(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0


def request(ep, action, env):
    port, token, build, _ = ep
    fields = ["tgtha-host-1", token, build, str(os.getpid()), "target", "1", action]
    fields += ["%s=%s" % kv for kv in env.items()] + [""]
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    try:
        s.sendall(("\0".join(fields) + "\0").encode())
        f = s.makefile("rb")

        def field():
            b = bytearray()
            while True:
                c = f.read(1)
                if not c:
                    raise EOFError("host closed the connection")
                if c == b"\0":
                    return b.decode()
                b += c
        first = field()
        if first != "a":
            raise RuntimeError("refused: " + first)
        s.sendall(b"g\0")
        out = err = ""
        while True:
            rec = field()
            if rec[0] == "o":
                out += rec[1:]
            elif rec[0] == "e":
                err += rec[1:]
            elif rec[0] == "r":
                return int(rec[1:]), out, err
    finally:
        s.close()


def env_for(run, i, action):
    e = {"OCF_ROOT": "/usr/lib/ocf", "OCF_RESOURCE_INSTANCE": "p_soak_%d" % i,
         "OCF_RESKEY_iqn": "iqn.2026-12.io.tgtha.soak:t%d" % i, "OCF_RESKEY_tgt_control_port": "0",
         "OCF_RESKEY_CRM_meta_timeout": "60000", "TGTHA_RUN_DIR": run}
    if action == "monitor":
        e["OCF_RESKEY_CRM_meta_interval"] = "10000"
    return e


def all_at_once(ep, run, n, action):
    results = [None] * n

    def one(i):
        try:
            results[i] = request(ep, action, env_for(run, i, action))
        except Exception as x:  # noqa: BLE001 - reported below as a failure
            results[i] = (-1, "", str(x))
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - t0


def targets_in_tgtd():
    out = subprocess.run(["tgtadm", "--lld", "iscsi", "--mode", "lld", "--op", "show"], capture_output=True,
                         text=True).stdout
    return [line.split(":")[0].split()[1] for line in out.splitlines() if line.strip().startswith("Target ")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ops", type=int, default=100000)
    ap.add_argument("--resources", type=int, default=64)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    run = os.path.join(a.workdir, "run")
    failures = 0

    tgtd = subprocess.Popen(["tgtd", "-f", "--iscsi", "portal=127.0.0.1:3260"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if subprocess.run(["tgtadm", "--op", "show", "--mode", "system"], capture_output=True).returncode == 0:
                break
            time.sleep(0.05)
        # the first operation through the wrapper starts the host
        subprocess.run([OCF, "monitor"], env=dict(env_for(run, 0, "monitor"), PATH=os.environ["PATH"]),
                       capture_output=True)
        for _ in range(300):
            if os.path.exists(os.path.join(run, "host", "endpoint")):
                break
            time.sleep(0.05)
        ep = endpoint(run)
        pid = ep[3]
        print("host pid %d, RSS %.1f MB after start" % (pid, rss_mb(pid)))

        res, took = all_at_once(ep, run, a.resources, "start")
        bad = [(i, r) for i, r in enumerate(res) if r[0] != 0]
        tids = targets_in_tgtd()
        print("%d starts at once: %.2f s, %d failed; tgtd holds %d targets with %d distinct tids" % (
            a.resources, took, len(bad), len(tids), len(set(tids))))
        failures += len(bad) + (0 if len(set(tids)) == a.resources else 1)
        for i, r in bad[:3]:
            print("  start %d: rc %d %s" % (i, r[0], r[2].strip()[:200]))

        done = [0]
        errors = [0]
        lock = threading.Lock()
        samples = [(0, rss_mb(pid))]

        def worker(k):
            i = k
            while True:
                with lock:
                    if done[0] >= a.ops:
                        return
                    done[0] += 1
                    n = done[0]
                    if n % max(1, a.ops // 10) == 0:
                        samples.append((n, rss_mb(pid)))
                rc = request(ep, "monitor", env_for(run, i % a.resources, "monitor"))[0]
                if rc != 0:
                    with lock:
                        errors[0] += 1
                i += 8
        t0 = time.perf_counter()
        workers = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        took = time.perf_counter() - t0
        samples.append((a.ops, rss_mb(pid)))
        print("%d monitors from 8 threads: %.1f s (%.2f ms each, %.0f/s), %d not rc 0" % (
            a.ops, took, took * 1000 / a.ops, a.ops / took, errors[0]))
        print("host RSS MB by operations done: " + ", ".join("%d: %.1f" % s for s in samples))
        first = samples[1][1] if len(samples) > 2 else samples[0][1]
        print("RSS growth from the first tenth to the end: %+.1f MB" % (samples[-1][1] - first))
        failures += errors[0]

        res, took = all_at_once(ep, run, a.resources, "stop")
        bad = [r for r in res if r[0] != 0]
        left = targets_in_tgtd()
        print("%d stops at once: %.2f s, %d failed; %d targets left" % (a.resources, took, len(bad), len(left)))
        failures += len(bad) + len(left)
        os.kill(pid, 15)
    finally:
        subprocess.run(["tgtadm", "--op", "delete", "--mode", "system"], capture_output=True)
        try:
            tgtd.wait(timeout=5)
        except subprocess.TimeoutExpired:
            tgtd.kill()
    print("failures: %d" % failures)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
