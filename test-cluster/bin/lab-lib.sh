# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Shared by the lab scripts (sourced, not run): names and addresses of the lab's targets, time helpers, waiting, where
# the groups run, the client's connections. Target K (1..6): floating IP 10.231.50.(20+K), IQN
# iqn.2026-01.io.tgtha.lab:tK, group g-tK whose last member is tK-unblock (see cluster-config).

# All four tgt-ha agents the configuration uses are installed (ocf-wrappers/install.sh).
tgtha_installed() {
    local a
    for a in target lun account portblock; do [[ -x /usr/lib/ocf/resource.d/tgtha/$a ]] || return 1; done
}
vip() { echo "10.231.50.$((20 + $1))"; }
iqn() { echo "iqn.2026-01.io.tgtha.lab:t$1"; }

# ---------------------------------------------------------------- time (epoch seconds with microseconds)
now() { echo "$EPOCHREALTIME"; }
later() { awk -v n="${2:-$EPOCHREALTIME}" -v s="$1" 'BEGIN { printf "%.3f", n + s }'; }   # S [FROM]: FROM (now) + S
past() { awk -v d="$1" -v n="$EPOCHREALTIME" 'BEGIN { exit !(n > d) }'; }                # is epoch $1 over?
elapsed() { awk -v a="$1" -v b="${2:-$EPOCHREALTIME}" 'BEGIN { printf "%.2f", b - a }'; } # A [B]: B (now) - A

# ---------------------------------------------------------------- waiting
# CMD runs as given, once per try: a condition such as [[ $(group_node ...) == X ]] must be a function (the
# arguments are expanded once, when the wait starts). The first try is at once; CMD's output is not touched.
wait_until() { # DEADLINE STEP CMD... -> 0 as soon as CMD succeeds, 1 once epoch DEADLINE is over (tries every STEP s)
    local wait_deadline_=$1 wait_step_=$2   # names no CMD reads: bash lets a called function see its caller's locals
    shift 2
    until "$@"; do past "$wait_deadline_" && return 1; sleep "$wait_step_"; done
}
wait_for() { # SECONDS CMD... -> wait_until SECONDS from now, trying every 0.5 s
    local wait_deadline_
    wait_deadline_=$(later "$1")
    shift
    wait_until "$wait_deadline_" 0.5 "$@"
}
# SECONDS CMD... -> as wait_for, but the pause after a try is at least four times what the try took: a crm_mon of a
# large cluster (64 x 4: 513 resources, a 770 KB CIB) costs a query of the whole CIB from pacemaker-based and a
# scheduler run, and asked every 0.5 s it kept one of this machine's two cores busy beside the cluster it measured.
wait_lightly() {
    local wait_deadline_ wait_t0_ wait_pause_
    wait_deadline_=$(later "$1")
    shift
    while :; do
        wait_t0_=$EPOCHREALTIME
        "$@" && return 0
        past "$wait_deadline_" && return 1
        wait_pause_=$(awk -v a="$wait_t0_" -v b="$EPOCHREALTIME" 'BEGIN { p = 4 * (b - a); printf "%.2f", p < 0.5 ? 0.5 : p }')
        sleep "$wait_pause_"
    done
}

# ---------------------------------------------------------------- where the groups run (EXEC runs a command on a
# live node, e.g. crm_exec; node names as Pacemaker has them: cl-n1, cl-n2). A group runs where its last member,
# tK-unblock, is Started.
group_nodes() { # EXEC -> "K NODE" per started group
    # awk reads to the end: an early exit would SIGPIPE crm_mon and, with pipefail, fail the call
    "$1" crm_mon -1 --output-as=xml 2>/dev/null | awk '
        match($0, /<resource id="t[0-9]+-unblock"/) && /role="Started"/ {
            k = substr($0, RSTART + 15, RLENGTH - 24); want = 1; next }
        want && /<node name=/ { match($0, /name="[^"]*"/); print k, substr($0, RSTART + 6, RLENGTH - 7) }
        { want = 0 }'
}
group_node() { # EXEC K -> the node group g-tK is started on, or nothing
    group_nodes "$1" | awk -v k="$2" '$1 == k && node == "" { node = $2 } END { if (node != "") print node }'
}
group_started() { [[ -n $(group_node "$1" "$2") ]]; }   # EXEC K
group_on() { [[ $(group_node "$1" "$2") == "$3" ]]; }    # EXEC K NODE
failures() { "$1" crm_mon -1 --output-as=xml 2>/dev/null | grep '<failure ' || true; }   # EXEC -> the failed ops' lines
failure_count() { "$1" crm_mon -1 --output-as=xml 2>/dev/null | grep -c '<failure ' || true; }   # EXEC -> failed ops

# Moves several groups in ONE change of the CIB: move_groups_at_once EXEC K:NODE ... It writes the constraints
# crm_resource --move writes (id cli-prefer-g-tK), so `crm_resource --clear` removes them as usual. Why not
# crm_resource --move once per group: each call is a CIB change and a new transition that aborts the previous one, and
# Pacemaker waits for the aborted transition's running operations before it plans again; "all targets at once" would
# then be six staggered moves whose stagger depends on how long the agents' operations take, not a single failover.
move_groups_at_once() {
    local exec=$1 kn xml="<constraints>"
    shift
    for kn in "$@"; do
        xml+="<rsc_location id=\"cli-prefer-g-t${kn%%:*}\" rsc=\"g-t${kn%%:*}\" role=\"Started\" node=\"${kn#*:}\" score=\"INFINITY\"/>"
    done
    "$exec" cibadmin --modify --scope constraints --xml-text "$xml</constraints>"
}

# ---------------------------------------------------------------- the client's connections to a target IP (VIP:3260),
# seen in the client namespace cl-client
client_conns() { # VIP -> "LOCALPORT BYTES_RECEIVED" per established connection that has received anything
    ip netns exec cl-client ss -tniH state established "( dport = :3260 )" 2>/dev/null | awk -v vip="$1:3260" '
        /^[0-9]/ { peer = $4; local_ = $3; next }
        peer == vip && match($0, /bytes_received:[0-9]+/) {
            sub(/.*:/, "", local_); print local_, substr($0, RSTART + 15, RLENGTH - 15); peer = "" }'
}
client_ports() { # VIP -> local ports of every established connection, space separated (the SEEN of new_big_connection)
    ip netns exec cl-client ss -tnH state established "( dport = :3260 )" 2>/dev/null \
        | awk -v vip="$1:3260" '$4 == vip { p = $3; sub(/.*:/, "", p); printf "%s ", p }'
}
# I/O resumed after a failover: a connection that is new (its local port not in SEEN) has received >= 1 MiB.
new_big_connection() { # VIP SEEN_PORTS -> 0 when there is one
    client_conns "$1" | awk -v seen="$2" '
        index(" " seen " ", " " $1 " ") == 0 && $2 + 0 >= 1048576 { ok = 1 }
        END { exit !ok }'
}

# ---------------------------------------------------------------- the checks' report
# One `check NAME ok|FAILED DETAIL` line per promise; a failed one sets the caller's FAILED=1 (it exits with that).
check() { # NAME OK(0/1) DETAIL
    if [[ $2 == 0 ]]; then echo "check $1 ok $3"; else echo "check $1 FAILED $3"; FAILED=1; fi
}

# ---------------------------------------------------------------- the client's processes, the CHAP secret
client_pids() { # COMM_PATTERN -> pids of the client namespace's processes whose name (comm) matches, one a line
    local p
    for p in $(ip netns pids cl-client 2>/dev/null); do
        # shellcheck disable=SC2053  # a pattern on purpose: comm is cut at 15 characters (iscsi-integrit*)
        [[ $(cat "/proc/$p/comm" 2>/dev/null) == $1 ]] && echo "$p"
    done
    return 0
}
kill_initiators() { # kill -9 every iscsi-perf of the client (only our namespace): initiators ignore SIGTERM
    local p
    for p in $(client_pids iscsi-perf); do kill -9 "$p" 2>/dev/null || true; done
}
new_chap_secret() { # FILE: a fresh random secret (24 hex digits), mode 0600; initiators get it in their environment
    (umask 077; head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$1")
}

# ---------------------------------------------------------------- what the timeline pictures read (test-cluster/bin/timeline;
# failover and storm write them into their run directory RUN; CLUSTER and crm_exec as the calling script has them)
# A node's sockets on port 3260 with their Send-Q, every 100 ms, into RUN/NODE.samples, in the background ($! is it),
# until RUN/stop exists or SECONDS are over.
sample_node_sendq() { # NODE SECONDS
    timeout -k 1 "$2" "$CLUSTER" exec "$1" bash -c '
        while [ ! -e "$1/stop" ]; do
            echo "T $EPOCHREALTIME"
            ss -tnH state all "( sport = :3260 )" 2>/dev/null
            sleep 0.1
        done' sampler "$RUN" >> "$RUN/$1.samples" 2>/dev/null &
}
# Sum of the agents' exec-time (ms) for the move of group g-tK: its members' stops on FROM and starts on TO since T0
# (the group runs them one after another, so this is the agents' share of cluster_s).
# OPS_FILE.tsv gets the same as "node operation_key last_rc_change exec_ms queue_ms rc" for the timeline pictures
# (last-rc-change: when the operation ran, in Pacemaker's whole seconds).
agent_ms() { # K FROM TO T0 OPS_FILE (gets one line per operation)
    crm_exec cibadmin -Q --scope status 2>/dev/null | awk -v k="t$1-" -v from="$2" -v to="$3" -v t0="${4%.*}" -v ops="$5" '
        function attr(name,   r) { r = ""; if (match($0, name "=\"[^\"]*\"")) r = substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3); return r }
        /<node_state / { node = attr("uname") }
        /<lrm_rsc_op / && index(attr("id"), k) == 1 && attr("id") ~ /_last_0$/ && attr("last-rc-change") + 0 >= t0 {
            op = attr("operation")
            if ((node == from && op == "stop") || (node == to && op == "start")) {
                ms += attr("exec-time")
                printf "%s %s %s ms (rc %s)\n", node, attr("operation_key"), attr("exec-time"), attr("rc-code") > ops
                printf "%s\t%s\t%s\t%s\t%s\t%s\n", node, attr("operation_key"), attr("last-rc-change"), attr("exec-time"),
                    attr("queue-time"), attr("rc-code") > (ops ".tsv")
            }
        }
        END { print ms + 0 }'
}
