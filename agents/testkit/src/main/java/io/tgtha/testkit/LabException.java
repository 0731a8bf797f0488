// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.testkit;

/** A lab setup or teardown step failed (namespace, veth, tgtd, initiator). */
public class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
