// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.lun;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.agent.iscsitarget.AgentCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13: values tgtd would refuse, or misread, were accepted or refused without naming the parameter.
 * Each is now a configuration error (rc 6) in validate-all that names the parameter, before tgtd is asked.
 */
class LunParameterChecksNameTheParameterTest extends LunAgentOnFakeTgt {
    private void refused(AgentCall call, String parameter) {
        var r = call.run("validate-all");
        assertThat(r.rc()).as(r.toString()).isEqualTo(6);
        assertThat(r.stderr()).as(r.toString()).contains(parameter).doesNotContain("internal error");
        assertThat(tgt.journal).as("tgtd never asked").isEmpty();
    }

    @Test
    void aDirectoryAsBackingStoreIsRefused() {
        refused(call().param("path", "/etc"), "parameter 'path' '/etc': is a directory");
        refused(call().param("path", dir.toString()), "parameter 'path'");
        // a directory name for a store that is not a file here (an rbd image) is the store's business
        assertThat(call().param("path", "/etc").param("tgt_bstype", "rbd").run("validate-all").rc()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rdwr --op delete", "rdwr,path=/etc/shadow", "RDWR", "iscsi", "rdwr "})
    void aBackingStoreTypeTgtdDoesNotKnowIsRefused(String bstype) {
        refused(call().param("tgt_bstype", bstype), "parameter 'tgt_bstype'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rdwr", "aio", "null", "rbd", "sheepdog", "glfs"})
    void everyBackingStoreTypeOfTgtd1085IsAccepted(String bstype) {
        var r = call().param("tgt_bstype", bstype).run("validate-all");
        assertThat(r.rc()).as(r.toString()).isZero();
    }

    @Test
    void passThroughStoresAndThePtDeviceTypeGoTogether() {
        refused(call().param("tgt_bstype", "sg"), "tgt_device_type pt");
        refused(call().param("tgt_device_type", "pt"), "tgt_bstype sg or bsg");
        assertThat(call().param("tgt_bstype", "bsg").param("tgt_device_type", "pt").run("validate-all").rc()).isZero();
    }

    @Test
    void anOverflowingLunNumberIsOutOfRange() {
        refused(call().param("lun", "99999999999999999999"), "parameter 'lun' '99999999999999999999': out of range");
    }

    @Test
    void commasAndUnknownFlagsAreRefusedNamingTheParameter() {
        refused(call().param("tgt_bsopts", "a,b"), "parameter 'tgt_bsopts'");
        refused(call().param("tgt_bsoflags", "sync:fsync"), "parameter 'tgt_bsoflags'");
        refused(call().param("path", dir + "/a,b"), "parameter 'path'");
        refused(call().param("blocksize", "1000"), "parameter 'blocksize' '1000': must be a power of two");
        refused(call().param("blocksize", "256"), "parameter 'blocksize' '256': out of range");
    }
}
