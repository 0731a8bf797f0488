// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import io.tgtha.tgt.Lun;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How a live logical unit differs from its configuration. */
final class LunDifferences {
    private final Lun actual;
    private final LunConfig wanted;

    LunDifferences(Lun actual, LunConfig wanted) {
        this.actual = actual;
        this.wanted = wanted;
    }

    boolean pathMatches() {
        return wanted.path().equals(actual.backingStorePath());
    }

    /** Differences only a new LUN can fix: backing store type, flags, block size. */
    List<String> fixedAtCreation() {
        List<String> p = new ArrayList<>();
        if (wanted.spec().bsType() != null && !wanted.spec().bsType().equals(actual.backingStoreType())) {
            p.add("backing store type is " + actual.backingStoreType() + ", configured " + wanted.spec().bsType());
        }
        if (wanted.blockSize().isPresent() && wanted.blockSize().get() != actual.blockSize()) {
            p.add("block size is " + actual.blockSize() + ", configured " + wanted.blockSize().get());
        }
        String flags = actual.backingStoreFlags() == null ? "" : actual.backingStoreFlags();
        if (wanted.spec().bsOflags() != null && !sameFlags(flags, wanted.spec().bsOflags())) {
            p.add("backing store flags are '" + flags + "', configured " + wanted.spec().bsOflags());
        }
        return p;
    }

    /** Differences an update of the LUN's parameters fixes. */
    List<String> updatable() {
        List<String> p = new ArrayList<>();
        if (!wanted.scsiId().equals(actual.scsiId())) {
            p.add("SCSI ID is '" + actual.scsiId() + "', configured '" + wanted.scsiId() + "'");
        }
        if (!wanted.scsiSn().equals(actual.scsiSn())) {
            p.add("SCSI SN is '" + actual.scsiSn() + "', configured '" + wanted.scsiSn() + "'");
        }
        if (wanted.readonly() != actual.readonly()) {
            p.add("LUN is " + (actual.readonly() ? "read-only" : "writable") + ", configured "
                    + (wanted.readonly() ? "read-only" : "writable"));
        }
        if (!actual.online()) {
            p.add("LUN is offline");
        }
        return p;
    }

    List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!pathMatches()) {
            p.add("backing store is " + actual.backingStorePath() + ", configured " + wanted.path());
        }
        p.addAll(fixedAtCreation());
        p.addAll(updatable());
        return p;
    }

    private static boolean sameFlags(String shown, String wanted) {
        List<String> a = flagList(shown);
        List<String> b = flagList(wanted);
        return a.containsAll(b) && b.containsAll(a);
    }

    /** The non-empty ':'-separated flags. */
    private static List<String> flagList(String flags) {
        return Arrays.stream(flags.split(":")).filter(f -> !f.isEmpty()).toList();
    }
}
