// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.util.Objects;

/**
 * What to pass when creating a LUN: backing store path plus the optional tgtadm knobs. Values go
 * into tgtd's comma-separated parameter string, so none may contain ',' (checked when sent).
 *
 * @param backingStore file or block device path (required for disks)
 * @param bsType       backing store type, e.g. "rdwr", "aio" (null: tgtd default, rdwr)
 * @param bsOflags     e.g. "sync", "direct", "sync:direct" (null: none)
 * @param bsOpts       backing-store specific options (null: none)
 * @param blockSize    logical block size in bytes, e.g. 512 or 4096 (null: tgtd default)
 * @param deviceType   SCSI device type (DISK when null)
 */
public record LunSpec(String backingStore, String bsType, String bsOflags, String bsOpts, Integer blockSize,
                      DeviceType deviceType) {

    public LunSpec {
        deviceType = deviceType == null ? DeviceType.DISK : deviceType;
    }

    public static LunSpec disk(String backingStore) {
        return new LunSpec(Objects.requireNonNull(backingStore, "backingStore"), null, null, null, null, DeviceType.DISK);
    }

    public LunSpec withBsType(String type) {
        return new LunSpec(backingStore, type, bsOflags, bsOpts, blockSize, deviceType);
    }

    public LunSpec withBsOflags(String flags) {
        return new LunSpec(backingStore, bsType, flags, bsOpts, blockSize, deviceType);
    }

    public LunSpec withBsOpts(String opts) {
        return new LunSpec(backingStore, bsType, bsOflags, opts, blockSize, deviceType);
    }

    public LunSpec withBlockSize(Integer size) {
        return new LunSpec(backingStore, bsType, bsOflags, bsOpts, size, deviceType);
    }

    public LunSpec withDeviceType(DeviceType type) {
        return new LunSpec(backingStore, bsType, bsOflags, bsOpts, blockSize, type);
    }
}
