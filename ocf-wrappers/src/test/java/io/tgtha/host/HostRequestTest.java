// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request the wrapper's bash builtins write, and what the host does with anything else. */
class HostRequestTest {
    static byte[] fields(String... f) {
        return (String.join("\0", f) + "\0").getBytes(StandardCharsets.UTF_8);
    }

    static HostRequest read(byte[] b) throws Exception {
        return HostRequest.read(new ByteArrayInputStream(b));
    }

    @Test
    void readsWhatTheWrapperWrites() throws Exception {
        HostRequest r = read(fields("tgtha-host-1", "tok", "b1", "4242", "target", "1", "monitor",
                "OCF_RESKEY_iqn=iqn.x", "OCF_RESKEY_note=a=b\nc", ""));
        assertThat(r.agent()).isEqualTo("target");
        assertThat(r.args()).containsExactly("monitor");
        assertThat(r.callerPid()).isEqualTo(4242);
        assertThat(r.env()).containsEntry("OCF_RESKEY_iqn", "iqn.x").containsEntry("OCF_RESKEY_note", "a=b\nc");
    }

    @Test
    void neverShowsTheTokenOrTheEnvironment() throws Exception {
        HostRequest r = read(fields("tgtha-host-1", "secret-token", "b1", "1", "account", "1", "start",
                "OCF_RESKEY_password=hunter2hunter2", ""));
        assertThat(r.toString()).doesNotContain("secret-token").doesNotContain("hunter2");
    }

    @Test
    void malformedRequestsAreRefusedNotCrashes() {
        List<byte[]> bad = List.of(fields("GET / HTTP/1.1"), fields("tgtha-host-1", "t", "b", "12x"),
                fields("tgtha-host-1", "t", "b", "1", "target", "99"), fields("tgtha-host-1", "t", "b", "1", "target",
                        "1", "monitor", "NOEQUALS", ""), "tgtha-host-1\0t".getBytes(StandardCharsets.UTF_8),
                new byte[0]);
        for (byte[] b : bad) {
            HostRequest.Malformed e = catchThrowableOfType(HostRequest.Malformed.class, () -> read(b));
            assertThat(e).as(new String(b, StandardCharsets.UTF_8)).isNotNull();
        }
    }

    @Test
    void sizeAndFieldCountAreBounded() {
        byte[] huge = fields("tgtha-host-1", "t", "b", "1", "target", "1", "monitor",
                "X=" + "y".repeat(HostRequest.MAX_BYTES), "");
        assertThat(catchThrowableOfType(HostRequest.Malformed.class, () -> read(huge)).getMessage())
                .contains("larger than");
        String[] many = new String[HostRequest.MAX_FIELDS + 10];
        many[0] = "tgtha-host-1";
        many[1] = "t";
        many[2] = "b";
        many[3] = "1";
        many[4] = "target";
        many[5] = "0";
        for (int i = 6; i < many.length; i++) {
            many[i] = "E" + i + "=v";
        }
        assertThat(catchThrowableOfType(HostRequest.Malformed.class, () -> read(fields(many))).getMessage())
                .contains("fields");
    }

    /**
     * The agent host that served nobody under Pacemaker: started with TGTHA_RUN_DIR=/run/tgtha spelled out,
     * it refused every wrapper that (like Pacemaker's) had it unset, and each operation ran cold after the
     * refusal. An unset setting means its default.
     */
    @Test
    void anUnsetNodeSettingMeansItsDefaultNotADifference() {
        assertThat(AgentHost.differingNodeSetting(java.util.Map.of("TGTHA_RUN_DIR", "/run/tgtha"), java.util.Map.of()))
                .isNull();
        assertThat(AgentHost.differingNodeSetting(java.util.Map.of(), java.util.Map.of("TGTHA_RUN_DIR", "")))
                .isNull();
        assertThat(AgentHost.differingNodeSetting(java.util.Map.of("TGTHA_RUN_DIR", "/tmp/lab"), java.util.Map.of()))
                .isEqualTo("TGTHA_RUN_DIR");
        assertThat(AgentHost.differingNodeSetting(java.util.Map.of(), java.util.Map.of("TGT_IPC_SOCKET", "/x/socket")))
                .isEqualTo("TGT_IPC_SOCKET");
    }

    /** The agents resolve TGTHA_RUN_DIR with io.tgtha.process.RunDir: a relative value means /run/tgtha there too. */
    @Test
    void aRelativeRunDirIsTheDefaultAsForEveryAgent() {
        assertThat(AgentHost.differingNodeSetting(java.util.Map.of(), java.util.Map.of("TGTHA_RUN_DIR", "run/tgtha")))
                .isNull();
        assertThat(AgentHost.differingNodeSetting(java.util.Map.of("TGTHA_RUN_DIR", "/tmp/lab"),
                java.util.Map.of("TGTHA_RUN_DIR", "tmp/lab"))).isEqualTo("TGTHA_RUN_DIR");
    }
}
