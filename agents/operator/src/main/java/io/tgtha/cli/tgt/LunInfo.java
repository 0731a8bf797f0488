// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.tgt;

/** A logical unit; LUN 0 is tgtd's own controller (backing store type "null", path null). */
public record LunInfo(int lun, String type, long sizeMb, boolean online, boolean readonly,
                      String backingStoreType, String backingStorePath) {
    public boolean isController() {
        return "controller".equals(type);
    }
}
