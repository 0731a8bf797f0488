// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/** SCSI device types tgtadm accepts for {@code --device-type} (values from usr/scsi.h). */
public enum DeviceType {
    DISK(0x00, "disk"),
    TAPE(0x01, "tape"),
    CD(0x05, "cd"),
    CHANGER(0x08, "changer"),
    OSD(0x11, "osd"),
    PASSTHROUGH(0xff, "pt");

    private final int scsiType;
    private final String tgtadmName;

    DeviceType(int scsiType, String tgtadmName) {
        this.scsiType = scsiType;
        this.tgtadmName = tgtadmName;
    }

    public int scsiType() {
        return scsiType;
    }

    /** The name tgtadm's {@code --device-type} takes. */
    public String tgtadmName() {
        return tgtadmName;
    }

    public static DeviceType fromTgtadmName(String name) {
        for (DeviceType t : values()) {
            if (t.tgtadmName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown device type '" + name + "' (disk, tape, cd, changer, osd, pt)");
    }
}
