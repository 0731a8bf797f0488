// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One {@code struct tgtadm_req} (usr/tgtadm.h, identical from 1.0.30 to 1.0.97) plus its payload.
 *
 * <pre>
 * off size field                      off size field
 *   0  4   enum tgtadm_mode mode        88  8  uint64 lun
 *   4  4   enum tgtadm_op op            96  4  uint32 cid
 *   8 64   char lld[64]                100  4  uint32 host_no
 *  72  4   uint32 len (header+payload) 104  4  uint32 device_type
 *  76  4   int32 tid                   108  4  uint32 ac_dir
 *  80  8   uint64 sid                  112  4  uint32 pack
 *                                      116  4  uint32 force       = 120 bytes, host byte order
 * </pre>
 * The payload is {@code key=value[,key=value]} plus a terminating NUL, at most 8 KiB (tgtd's
 * MAX_MGT_BUFSIZE). Defaults mirror tgtadm: tid -1 (all), lun UINT64_MAX, sid/cid 0, device type disk.
 */
final class TgtadmRequest {
    static final int HEADER_SIZE = 120;
    static final int MAX_PAYLOAD = 8 * 1024;
    static final int LLD_LEN = 64;
    static final int GLOBAL_TID = -1; // ~0U

    enum Mode {
        SYSTEM(0), TARGET(1), DEVICE(2), PORTAL(3), LLD(4), SESSION(5), CONNECTION(6), ACCOUNT(7);

        final int value;

        Mode(int value) {
            this.value = value;
        }
    }

    enum Op {
        NEW(0), DELETE(1), SHOW(2), BIND(3), UNBIND(4), UPDATE(5), STATS(6), START(7), STOP(8);

        final int value;

        Op(int value) {
            this.value = value;
        }
    }

    final Mode mode;
    final Op op;
    String lld = "iscsi";
    int tid = -1;
    long sid;
    long lun = -1L; // UINT64_MAX: "no LUN"
    int cid;
    int hostNo;
    int deviceType;
    int acDir;
    boolean force;
    String payload;

    TgtadmRequest(Mode mode, Op op) {
        this.mode = mode;
        this.op = op;
    }

    TgtadmRequest tid(int tid) {
        this.tid = tid;
        return this;
    }

    TgtadmRequest lun(long lun) {
        this.lun = lun;
        return this;
    }

    TgtadmRequest payload(String payload) {
        this.payload = payload;
        return this;
    }

    /** Header + payload in host (little-endian on x86_64) byte order, ready to write. */
    ByteBuffer encode() {
        byte[] body = payload == null ? new byte[0] : payload.getBytes(StandardCharsets.UTF_8);
        int bodyLen = body.length == 0 ? 0 : body.length + 1; // tgtadm sends the NUL too
        if (bodyLen > MAX_PAYLOAD) {
            throw new IllegalArgumentException("request parameters too long for tgtd (" + bodyLen + " > "
                    + MAX_PAYLOAD + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + bodyLen).order(ByteOrder.nativeOrder());
        b.putInt(mode.value);
        b.putInt(op.value);
        byte[] lldBytes = lld.getBytes(StandardCharsets.US_ASCII);
        b.put(lldBytes, 0, Math.min(lldBytes.length, LLD_LEN - 1));
        b.position(8 + LLD_LEN);
        b.putInt(HEADER_SIZE + bodyLen);
        b.putInt(tid);
        b.putLong(sid);
        b.putLong(lun);
        b.putInt(cid);
        b.putInt(hostNo);
        b.putInt(deviceType);
        b.putInt(acDir);
        b.putInt(0); // pack
        b.putInt(force ? 1 : 0);
        if (bodyLen > 0) {
            b.put(body);
            b.put((byte) 0);
        }
        b.flip();
        return b;
    }
}
