// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/** A target's state: {@code offline} rejects new logins and drops connections on their next command. */
public enum TargetState {
    READY("ready"),
    OFFLINE("offline");

    private final String tgtName;

    TargetState(String tgtName) {
        this.tgtName = tgtName;
    }

    /** The word tgtd uses ("ready", "offline"). */
    public String tgtName() {
        return tgtName;
    }

    public static TargetState fromTgtName(String name) {
        for (TargetState s : values()) {
            if (s.tgtName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown target state '" + name + "'");
    }
}
