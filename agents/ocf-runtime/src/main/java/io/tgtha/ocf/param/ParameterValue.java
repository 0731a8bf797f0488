// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.param;

import java.util.Optional;

/**
 * A parameter as the environment gave it. Unset and set-but-empty are different states on purpose:
 * the stock iSCSITarget turned an empty default into "deny every initiator"; here the agent has to
 * say what each state means.
 */
public record ParameterValue(State state, String text) {
    public enum State { UNSET, EMPTY, VALUE }

    static final ParameterValue UNSET = new ParameterValue(State.UNSET, null);
    static final ParameterValue EMPTY = new ParameterValue(State.EMPTY, "");

    static ParameterValue of(Optional<String> raw) {
        if (raw.isEmpty()) {
            return UNSET;
        }
        return raw.get().isEmpty() ? EMPTY : new ParameterValue(State.VALUE, raw.get());
    }

    public boolean isUnset() { return state == State.UNSET; }
    public boolean isEmpty() { return state == State.EMPTY; }
    public boolean hasValue() { return state == State.VALUE; }

    /** The non-empty value, if there is one. */
    public Optional<String> value() {
        return hasValue() ? Optional.of(text) : Optional.empty();
    }

    @Override
    public String toString() {
        return switch (state) {
            case UNSET -> "(unset)";
            case EMPTY -> "(empty)";
            case VALUE -> text;
        };
    }
}
