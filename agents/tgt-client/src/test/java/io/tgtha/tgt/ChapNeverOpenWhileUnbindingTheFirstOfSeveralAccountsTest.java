// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.TgtLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: tgtd 1.0.85 lets anyone log in without CHAP to a target that has no incoming account, and
 * the hole-free unbind of the first of several accounts used to pass through exactly that state for one
 * round trip. Here every request the client sends to the real tgtd is followed, before the next one, by
 * two real logins (libiscsi, no CHAP and a wrong secret): every intermediate state of tgtd is tried, not
 * a sample of them. The control proves the probe sees an open target.
 */
class ChapNeverOpenWhileUnbindingTheFirstOfSeveralAccountsTest {
    static final String IQN = "iqn.2026-01.io.tgtha:chapgate";
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    TgtLab lab;
    TgtClient setup;
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        Lab.requireRoot("tgtd", "iscsi-inq", "timeout");
        lab = TgtLab.start(RealTgtd.LAB);
        setup = RealTgtd.client(lab);
        setup.createTarget(1, IQN);
        setup.createLun(1, 1, LunSpec.disk(RealTgtd.sparseFile(dir, "gate.img", 16L << 20).toString()));
        for (String u : List.of("first", "second", "third")) {
            setup.createAccount(u, u + "-secret-pw");
        }
    }

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private boolean canLogIn(String password) {
        IscsiUrl lun = IscsiUrl.lun(lab.targetIp(), IQN, 1);
        return lab.initiator().canLogin(password == null ? lun : lun.withChap("first", password), PROBE_TIMEOUT);
    }

    private boolean logsIn(String user) {
        return lab.initiator().canLogin(IscsiUrl.lun(lab.targetIp(), IQN, 1).withChap(user, user + "-secret-pw"),
                PROBE_TIMEOUT);
    }

    @Test
    void unbindingTheFirstOfThreeNeverLetsALoginInWithoutTheRightSecret() {
        setup.bindInitiatorAddress(1, "ALL");
        setup.bindInitiatorAddress(1, lab.initiatorIp());
        setup.bindInitiatorName(1, "iqn.2026-01.io.tgtha:someone");
        for (String u : List.of("first", "second", "third")) {
            setup.bindAccount(1, u, AccountDirection.INCOMING);
        }
        ProbingTransport probing = new ProbingTransport(lab, this::canLogIn);

        probing.client(dir).unbindAccountSafely(1, "first");

        assertThat(probing.opened()).isEmpty();
        Target after = setup.showTargets().get(0);
        assertThat(after.incomingAccounts()).containsExactly("second", "third");
        assertThat(after.aclAddresses()).containsExactlyInAnyOrder("ALL", lab.initiatorIp());
        assertThat(after.aclInitiatorNames()).containsExactly("iqn.2026-01.io.tgtha:someone");
        assertThat(logsIn("second")).isTrue();
        assertThat(logsIn("third")).isTrue();
        assertThat(logsIn("first")).isFalse();
    }

    @Test
    void deletingAnAccountBoundFirstOnATargetNeverLetsALoginIn() {
        setup.bindInitiatorAddress(1, "ALL");
        setup.bindAccount(1, "first", AccountDirection.INCOMING);
        setup.bindAccount(1, "second", AccountDirection.INCOMING);
        ProbingTransport probing = new ProbingTransport(lab, this::canLogIn);

        probing.client(dir).deleteAccount("first");

        assertThat(probing.opened()).isEmpty();
        assertThat(setup.showTargets().get(0).incomingAccounts()).containsExactly("second");
        assertThat(setup.showTargets().get(0).aclAddresses()).containsExactly("ALL");
        assertThat(logsIn("second")).isTrue();
    }

    @Test
    void controlTheProbeSeesATargetWhoseOnlyAccountIsUnbound() {
        setup.bindInitiatorAddress(1, "ALL");
        setup.bindAccount(1, "first", AccountDirection.INCOMING);
        ProbingTransport probing = new ProbingTransport(lab, this::canLogIn);

        probing.client(dir).unbindAccountSafely(1, "first");

        assertThat(probing.opened()).anyMatch(s -> s.startsWith("without CHAP after: unbind incoming account first"));
    }
}
