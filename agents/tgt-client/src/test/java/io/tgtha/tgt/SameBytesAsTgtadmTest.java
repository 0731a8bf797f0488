// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.Exec;
import io.tgtha.testkit.ExecResult;
import io.tgtha.testkit.Lab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's requests are byte-for-byte what the installed tgtadm sends: both talk to the same fake
 * socket (tgtadm via TGT_IPC_SOCKET), which records the raw bytes. Needs the tgtadm binary only.
 */
class SameBytesAsTgtadmTest {
    @TempDir
    Path dir;
    FakeTgtd fake;
    TgtClient client;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeFalse(Lab.skipRequested(), "lab tests skipped");
        Assumptions.assumeTrue(Lab.which("tgtadm") != null, "tgtadm not installed");
        fake = new FakeTgtd(dir.resolve("socket.42"));
        client = fake.client(Duration.ofSeconds(5));
    }

    private void assertSame(Consumer<TgtClient> ours, String... tgtadmArgs) throws Exception {
        fake.requests.clear();
        ours.accept(client);
        List<String> cmd = new ArrayList<>(List.of("env", "TGT_IPC_SOCKET=" + dir.resolve("socket"), "tgtadm", "-C", "42",
                "--lld", "iscsi"));
        cmd.addAll(List.of(tgtadmArgs));
        ExecResult r = Exec.run(Duration.ofSeconds(10), cmd);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        // tgtadm sends one request; ours may ask tgtd's LLD list around a show: the same bytes are among them
        assertThat(fake.requests).hasSizeGreaterThanOrEqualTo(2);
        HexFormat hex = HexFormat.of();
        List<String> oursSent = new ArrayList<>();
        for (byte[] sent : fake.requests.subList(0, fake.requests.size() - 1)) {
            oursSent.add(hex.formatHex(sent));
        }
        assertThat(oursSent).as(String.join(" ", tgtadmArgs))
                .contains(hex.formatHex(fake.requests.get(fake.requests.size() - 1)));
    }

    @Test
    void targetRequests() throws Exception {
        assertSame(c -> c.createTarget(3, "iqn.2026-01.io.tgtha:t3"),
                "--op", "new", "--mode", "target", "--tid", "3", "-T", "iqn.2026-01.io.tgtha:t3");
        assertSame(c -> c.deleteTarget(3), "--op", "delete", "--mode", "target", "--tid", "3");
        assertSame(c -> c.forceDeleteTarget(3), "--op", "delete", "--force", "--mode", "target", "--tid", "3");
        assertSame(c -> c.setTargetState(3, TargetState.OFFLINE),
                "--op", "update", "--mode", "target", "--tid", "3", "-n", "state", "-v", "offline");
        assertSame(c -> c.updateTargetParam(3, "MaxRecvDataSegmentLength", "65536"),
                "--op", "update", "--mode", "target", "--tid", "3", "-n", "MaxRecvDataSegmentLength", "-v", "65536");
        assertSame(c -> c.showTargets().size(), "--op", "show", "--mode", "target"); // and the LLD lists around it
        assertSame(c -> c.targetNames(), "--op", "show", "--mode", "lld");
        assertSame(c -> c.targetParams(3), "--op", "show", "--mode", "target", "--tid", "3");
    }

    @Test
    void lunRequests() throws Exception {
        assertSame(c -> c.createLun(3, 1, LunSpec.disk("/srv/lun1.img").withBsType("aio").withBsOflags("direct")
                        .withBlockSize(4096)),
                "--op", "new", "--mode", "logicalunit", "--tid", "3", "--lun", "1", "-b", "/srv/lun1.img",
                "--bstype", "aio", "--bsoflags", "direct", "--blocksize", "4096");
        assertSame(c -> c.createLun(3, 2, LunSpec.disk("/srv/lun2.img")),
                "--op", "new", "--mode", "logicalunit", "--tid", "3", "--lun", "2", "-b", "/srv/lun2.img");
        assertSame(c -> c.deleteLun(3, 2), "--op", "delete", "--mode", "logicalunit", "--tid", "3", "--lun", "2");
    }

    @Test
    void accountRequests() throws Exception {
        assertSame(c -> c.createAccount("alice", "lab-only-secret"),
                "--op", "new", "--mode", "account", "--user", "alice", "--password", "lab-only-secret");
        assertSame(c -> c.bindAccount(3, "alice", AccountDirection.INCOMING),
                "--op", "bind", "--mode", "account", "--tid", "3", "--user", "alice");
        assertSame(c -> c.bindAccount(3, "alice", AccountDirection.OUTGOING),
                "--op", "bind", "--mode", "account", "--tid", "3", "--user", "alice", "--outgoing");
        assertSame(c -> c.unbindAccount(3, "alice", AccountDirection.OUTGOING),
                "--op", "unbind", "--mode", "account", "--tid", "3", "--user", "alice", "--outgoing");
        assertSame(c -> c.accounts(), "--op", "show", "--mode", "account");
    }

    @Test
    void aclConnectionAndSystemRequests() throws Exception {
        assertSame(c -> c.bindInitiatorAddress(3, "ALL"), "--op", "bind", "--mode", "target", "--tid", "3", "-I", "ALL");
        assertSame(c -> c.unbindInitiatorAddress(3, "10.0.0.0/8"),
                "--op", "unbind", "--mode", "target", "--tid", "3", "-I", "10.0.0.0/8");
        assertSame(c -> c.bindInitiatorName(3, "iqn.2026-01.io.tgtha:ini"),
                "--op", "bind", "--mode", "target", "--tid", "3", "-Q", "iqn.2026-01.io.tgtha:ini");
        assertSame(c -> c.closeConnection(3, 5, 1),
                "--op", "delete", "--mode", "conn", "--tid", "3", "--sid", "5", "--cid", "1");
        assertSame(c -> c.connections(3), "--op", "show", "--mode", "conn", "--tid", "3");
        assertSame(c -> c.ping(), "--op", "show", "--mode", "system");
    }

    @Test
    void lunUpdateCarriesTheSameParametersAsTgtadmParams() {
        // tgtadm wraps --params as "targetOps k=v,...,"; tgtd strips that prefix and skips empty items,
        // so the client sends the bare list. Compare the parameter text, not the bytes.
        fake.requests.clear();
        client.updateLun(3, 1, new java.util.LinkedHashMap<>(Map.of("scsi_id", "ID1")));
        String ours = new String(fake.requests.get(0), 120, fake.requests.get(0).length - 121);
        assertThat(ours).isEqualTo("scsi_id=ID1");
    }
}
