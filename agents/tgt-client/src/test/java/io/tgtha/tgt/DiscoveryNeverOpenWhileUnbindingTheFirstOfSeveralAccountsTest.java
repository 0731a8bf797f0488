// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.ExecResult;
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
 * Issue 17 (the discovery-account window): tgtd 1.0.85 asks discovery sessions for CHAP only while some
 * account is bound to discovery, and the hole-free unbind of the first of several discovery accounts left it
 * with none for one round trip, so a SendTargets without CHAP got the target list. Discovery has no ACL to
 * close meanwhile; the client now keeps a guard account in discovery's first slot. Every request the client
 * sends to the real tgtd is followed by a real discovery (libiscsi's iscsi-ls, no CHAP and a wrong secret):
 * every intermediate state is tried. The control shows the probe sees the window with bindings made without
 * the guard (by tgtadm), which is also what bindings from older versions still have.
 */
class DiscoveryNeverOpenWhileUnbindingTheFirstOfSeveralAccountsTest {
    static final String IQN = "iqn.2026-01.io.tgtha:discoverygate";
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    static final List<String> USERS = List.of("first", "second", "third");
    TgtLab lab;
    TgtClient setup;
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        Lab.requireRoot("tgtd", "iscsi-ls", "timeout");
        lab = TgtLab.start(RealTgtd.LAB);
        setup = RealTgtd.client(lab);
        setup.createTarget(1, IQN);
        setup.createLun(1, 1, LunSpec.disk(RealTgtd.sparseFile(dir, "disc.img", 16L << 20).toString()));
        setup.bindInitiatorAddress(1, "ALL");
        for (String u : USERS) {
            setup.createAccount(u, u + "-secret-pw");
        }
    }

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    /** SendTargets answered with the target's name (what iscsi-ls then does with the target does not matter). */
    private boolean discovers(String password) {
        IscsiUrl portal = IscsiUrl.portal(lab.targetIp());
        ExecResult ls = lab.initiator().ls(password == null ? portal : portal.withChap("first", password), PROBE_TIMEOUT);
        return ls.stdout().contains("Target:" + IQN);
    }

    private boolean discoversAs(String user) {
        ExecResult ls = lab.initiator().ls(IscsiUrl.portal(lab.targetIp()).withChap(user, user + "-secret-pw"), PROBE_TIMEOUT);
        return ls.stdout().contains("Target:" + IQN);
    }

    private String systemShow() {
        return lab.tgtd().tgtadm("--op", "show", "--mode", "system").orThrow().stdout();
    }

    @Test
    void unbindingTheFirstOfThreeDiscoveryAccountsNeverLetsADiscoveryInWithoutTheRightSecret() {
        for (String u : USERS) {
            setup.bindDiscoveryAccount(u, AccountDirection.INCOMING);
        }
        assertThat(setup.discoveryAccounts().incoming()).containsExactlyElementsOf(USERS);
        // tgtd's layout: a blank line, then the incoming accounts in slot order
        assertThat(systemShow()).contains("Account information:\n\n    " + TgtClient.DISCOVERY_GUARD_USER + "\n    first\n");
        ProbingTransport probing = new ProbingTransport(lab, this::discovers);

        probing.client(dir).unbindDiscoveryAccount("first", AccountDirection.INCOMING);

        assertThat(probing.opened()).isEmpty();
        assertThat(setup.discoveryAccounts().incoming()).containsExactly("second", "third");
        assertThat(discovers(null)).isFalse();
        assertThat(discoversAs("second")).isTrue();
        assertThat(discoversAs("third")).isTrue();
        assertThat(discoversAs("first")).isFalse();
        assertThat(lab.tgtd().isAlive()).isTrue();
    }

    @Test
    void deletingTheFirstDiscoveryAccountNeverLetsADiscoveryIn() {
        setup.bindDiscoveryAccount("first", AccountDirection.INCOMING);
        setup.bindDiscoveryAccount("second", AccountDirection.INCOMING);
        ProbingTransport probing = new ProbingTransport(lab, this::discovers);

        probing.client(dir).deleteAccount("first");

        assertThat(probing.opened()).isEmpty();
        assertThat(setup.discoveryAccounts().incoming()).containsExactly("second");
        assertThat(discoversAs("second")).isTrue();
    }

    @Test
    void theGuardGoesWithTheLastDiscoveryAccount() {
        setup.bindDiscoveryAccount("first", AccountDirection.INCOMING);
        setup.bindDiscoveryAccount("second", AccountDirection.INCOMING);
        setup.unbindDiscoveryAccount("second", AccountDirection.INCOMING);
        assertThat(systemShow()).contains(TgtClient.DISCOVERY_GUARD_USER);
        setup.unbindDiscoveryAccount("first", AccountDirection.INCOMING);

        assertThat(systemShow()).doesNotContain(TgtClient.DISCOVERY_GUARD_USER);
        assertThat(lab.tgtd().tgtadm("--op", "show", "--mode", "account").orThrow().stdout())
                .doesNotContain(TgtClient.DISCOVERY_GUARD_USER);
        assertThat(discovers(null)).as("no discovery account configured: open, as before").isTrue();
        assertThat(setup.accounts()).containsExactlyInAnyOrderElementsOf(USERS);
    }

    @Test
    void controlTheProbeSeesTheWindowWhenTheFirstSlotHoldsNoGuard() {
        for (String u : USERS) { // by hand: no guard in slot 0
            lab.tgtd().tgtadm("--op", "bind", "--mode", "account", "--user", u).orThrow();
        }
        ProbingTransport probing = new ProbingTransport(lab, this::discovers);

        probing.client(dir).unbindDiscoveryAccount("first", AccountDirection.INCOMING);

        assertThat(probing.opened()).anyMatch(s -> s.startsWith("without CHAP after: unbind incoming account first from discovery"));
        assertThat(setup.discoveryAccounts().incoming()).containsExactly("second", "third");
    }
}
