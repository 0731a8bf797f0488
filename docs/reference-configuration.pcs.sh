#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tgt-ha reference configuration as pcs commands: the same cluster as docs/reference-configuration.crm.
# Six iSCSI targets on a two-node cluster (nodes cl-n1, cl-n2), three preferred on each node. Each target: a floating
# IP, one LUN on shared storage (DRBD or SAN, visible on both nodes) and a portblock pair (direction=out, method=reject).
# All targets bind one shared CHAP account, created on every node by a clone. Ordering: tgtd clone -> account clone ->
# targets. The CHAP secret lives in /etc/tgtha/chap-incoming.secret on both nodes (mode 0600), never in the CIB.
#
# Run on one node of a running cluster. Everything goes into one CIB file first and is pushed at once, so Pacemaker
# never sees (and never starts) half a target. Production clusters need fencing; configure it before this.
set -euo pipefail

CIB=$(mktemp /tmp/tgtha-cib.XXXXXX.xml)
trap 'rm -f "$CIB"' EXIT
pcs cluster cib "$CIB"
p() { pcs -f "$CIB" "$@"; }

CLIENTS="10.231.50.100"          # initiator addresses allowed to log in
LUN_DIR=/srv/iscsi               # shared storage
TICKLE_DIR=/srv/iscsi/tickle
CHAP_USER=tgthalab

# after a move, clearing the move constraint must not move a target back: stickiness above the location score
p resource defaults update resource-stickiness=200

p resource create tgtd systemd:tgt op monitor interval=30s timeout=20s clone interleave=true
p resource create chap-account ocf:tgtha:account username="$CHAP_USER" \
    password_file=/etc/tgtha/chap-incoming.secret direction=incoming \
    op monitor interval=30s timeout=20s clone interleave=true
p constraint order start tgtd-clone then start chap-account-clone

for k in 1 2 3 4 5 6; do
    ip=10.231.50.$((20 + k))
    iqn=iqn.2026-01.io.tgtha.lab:t$k
    if ((k % 2 == 1)); then node=cl-n1; else node=cl-n2; fi
    # group members start in this order and stop in reverse: the unblock resource's stop blocks first
    p resource create "t$k-block" ocf:tgtha:portblock protocol=tcp portno=3260 ip="$ip" action=block \
        direction=out method=reject --group "g-t$k"
    # no monitor on the block half, as in the crm file: pcs always adds one (the agent's default)
    p resource op remove "t$k-block" monitor
    p resource create "t$k-ip" ocf:heartbeat:IPaddr2 ip="$ip" cidr_netmask=24 nic=eth0 \
        op monitor interval=10s timeout=20s --group "g-t$k"
    p resource create "t$k-target" ocf:tgtha:target iqn="$iqn" tid="$k" portals="$ip:3260" \
        allowed_initiators="$CLIENTS" incoming_username="$CHAP_USER" \
        op monitor interval=10s timeout=20s --group "g-t$k"
    p resource create "t$k-lun" ocf:tgtha:lun target_iqn="$iqn" lun=1 path="$LUN_DIR/t$k.img" \
        op monitor interval=10s timeout=20s --group "g-t$k"
    p resource create "t$k-unblock" ocf:tgtha:portblock protocol=tcp portno=3260 ip="$ip" action=unblock \
        direction=out method=reject reset_local_on_unblock_stop=true tickle_dir="$TICKLE_DIR" \
        op monitor interval=10s timeout=20s --group "g-t$k"
    p constraint location "g-t$k" prefers "$node=100"
    p constraint order start chap-account-clone then start "g-t$k"
done

pcs cluster cib-push "$CIB" --config
