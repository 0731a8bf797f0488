// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.distro;

/** The two-node cluster in containers on Debian 13 (trixie): Pacemaker 3.0, Corosync 3.1.9. */
class ClusterOnDebian13IT extends TwoNodeClusterOnDebianRelease {
    ClusterOnDebian13IT() {
        super("trixie");
    }
}
