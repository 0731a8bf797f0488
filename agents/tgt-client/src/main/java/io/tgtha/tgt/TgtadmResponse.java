// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

/** {@code struct tgtadm_rsp {u32 err; u32 len;}} and the text that follows on success (NUL stripped). */
record TgtadmResponse(int err, String text) {
    static final int HEADER_SIZE = 8;
}
