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
