# Shared by the lab scripts (sourced, not run). Names and addresses of the lab's targets, time helpers.
# Target K (1..6): floating IP 10.231.50.(20+K), IQN iqn.2026-01.io.tgtha.lab:tK (see cluster-config).

# All four tgt-ha agents the configuration uses are installed (ocf-wrappers/install.sh).
tgtha_installed() {
    local a
    for a in target lun account portblock; do [[ -x /usr/lib/ocf/resource.d/tgtha/$a ]] || return 1; done
}
vip() { echo "10.231.50.$((20 + $1))"; }
iqn() { echo "iqn.2026-01.io.tgtha.lab:t$1"; }
now() { echo "$EPOCHREALTIME"; }
later() { awk -v n="$EPOCHREALTIME" -v s="$1" 'BEGIN { printf "%.3f", n + s }'; }   # epoch S seconds from now
past() { awk -v d="$1" -v n="$EPOCHREALTIME" 'BEGIN { exit !(n > d) }'; }           # is epoch $1 over?

# Moves several groups in ONE change of the CIB: move_groups_at_once EXEC K:NODE ... (EXEC runs a command on a live
# node, e.g. crm_exec). It writes the constraints crm_resource --move writes (id cli-prefer-g-tK), so
# `crm_resource --clear` removes them as usual. Why not crm_resource --move once per group: each call is a CIB change
# and a new transition that aborts the previous one, and Pacemaker waits for the aborted transition's running
# operations before it plans again; "all targets at once" would then be six staggered moves whose stagger depends on
# how long the agents' operations take, not a single failover.
move_groups_at_once() {
    local exec=$1 kn xml="<constraints>"
    shift
    for kn in "$@"; do
        xml+="<rsc_location id=\"cli-prefer-g-t${kn%%:*}\" rsc=\"g-t${kn%%:*}\" role=\"Started\" node=\"${kn#*:}\" score=\"INFINITY\"/>"
    done
    "$exec" cibadmin --modify --scope constraints --xml-text "$xml</constraints>"
}
