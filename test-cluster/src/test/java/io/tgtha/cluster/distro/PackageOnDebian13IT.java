// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.distro;

/** The distribution matrix on Debian 13 (trixie): Pacemaker 3.0, OpenJDK 21. */
class PackageOnDebian13IT extends PackageOnDebianRelease {
    PackageOnDebian13IT() {
        super("trixie");
    }
}
