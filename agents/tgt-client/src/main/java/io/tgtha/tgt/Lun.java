// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;


/**
 * One logical unit as {@code tgtadm --op show --mode target} reports it. LUN 0 of every target is
 * tgtd's own controller LUN (type "controller", backing store type "null").
 *
 * @param sizeMb            tgtd's "Size: N MB" (tgtd's own rounding, roughly decimal megabytes)
 * @param backingStorePath  null when tgtd says "None"
 * @param backingStoreFlags e.g. "sync:direct", empty when none
 */
public record Lun(long lun, String type, String scsiId, String scsiSn, long sizeMb, int blockSize,
                  boolean online, boolean removableMedia, boolean preventRemoval, boolean readonly,
                  boolean swp, boolean thinProvisioning, String backingStoreType, String backingStorePath,
                  String backingStoreFlags) {

    /** True for tgtd's implicit LUN 0 controller. */
    public boolean isController() {
        return "controller".equals(type);
    }
}
