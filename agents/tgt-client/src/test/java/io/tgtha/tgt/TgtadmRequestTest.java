// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TgtadmRequestTest {

    @Test
    void headerIs120BytesWithFieldsAtTgtadmOffsets() {
        TgtadmRequest r = new TgtadmRequest(TgtadmRequest.Mode.CONNECTION, TgtadmRequest.Op.DELETE).tid(7);
        r.sid = 0x1122334455L;
        r.cid = 3;
        r.force = true;
        ByteBuffer b = r.encode().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.remaining()).isEqualTo(120);
        assertThat(b.getInt(0)).isEqualTo(6); // MODE_CONNECTION
        assertThat(b.getInt(4)).isEqualTo(1); // OP_DELETE
        assertThat(new String(b.array(), 8, 5, StandardCharsets.US_ASCII)).isEqualTo("iscsi");
        assertThat(b.get(13)).isZero();
        assertThat(b.getInt(72)).isEqualTo(120);
        assertThat(b.getInt(76)).isEqualTo(7);
        assertThat(b.getLong(80)).isEqualTo(0x1122334455L);
        assertThat(b.getLong(88)).isEqualTo(-1L); // UINT64_MAX: no LUN
        assertThat(b.getInt(96)).isEqualTo(3);
        assertThat(b.getInt(116)).isEqualTo(1);
    }

    @Test
    void payloadFollowsHeaderWithTerminatingNulCountedInLen() {
        ByteBuffer b = new TgtadmRequest(TgtadmRequest.Mode.TARGET, TgtadmRequest.Op.NEW).tid(1)
                .payload("targetname=iqn.x:y").encode().order(ByteOrder.LITTLE_ENDIAN);
        int payloadLen = "targetname=iqn.x:y".length() + 1;
        assertThat(b.remaining()).isEqualTo(120 + payloadLen);
        assertThat(b.getInt(72)).isEqualTo(120 + payloadLen);
        assertThat(new String(b.array(), 120, payloadLen - 1, StandardCharsets.UTF_8)).isEqualTo("targetname=iqn.x:y");
        assertThat(b.get(120 + payloadLen - 1)).isZero();
    }

    @Test
    void refusesPayloadsTgtdWouldDrop() {
        TgtadmRequest r = new TgtadmRequest(TgtadmRequest.Mode.TARGET, TgtadmRequest.Op.UPDATE).payload("x".repeat(8192));
        assertThatThrownBy(r::encode).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    }

    @Test
    void versionsBefore1030AreRefused() {
        assertThat(TgtVersion.parse("1.0.85").isSupported()).isTrue();
        assertThat(TgtVersion.parse("tgtd 1.0.30\n").isSupported()).isTrue();
        assertThat(TgtVersion.parse("1.0.29").isSupported()).isFalse();
        assertThat(TgtVersion.parse("1.0.9").compareTo(TgtVersion.parse("1.0.10"))).isNegative();
    }

    @Test
    void errorCodesMapToTgtadmMessages() {
        assertThat(TgtError.fromCode(9)).isEqualTo(TgtError.TARGET_EXISTS);
        assertThat(TgtError.fromCode(19)).isEqualTo(TgtError.TARGET_ACTIVE);
        assertThat(TgtError.fromCode(15).message()).isEqualTo("can't find the account");
        assertThat(TgtError.fromCode(24)).isEqualTo(TgtError.PREVENT_REMOVAL);
        assertThat(TgtError.fromCode(99)).isEqualTo(TgtError.UNRECOGNISED);
        assertThat(TgtError.fromCode(-1)).isEqualTo(TgtError.UNRECOGNISED);
    }
}
