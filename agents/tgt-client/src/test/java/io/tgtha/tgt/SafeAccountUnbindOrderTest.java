// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.tgt;

import static io.tgtha.tgt.RealTgtd.LOGIN_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.IscsiUrl;
import io.tgtha.testkit.Lab;
import io.tgtha.testkit.TgtLab;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every position of the unbound account among 2..4 bound ones, {@link TgtClient#unbindAccountSafely}
 * leaves tgtd alive, showable, with the others in their original order and all of them able to log in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SafeAccountUnbindOrderTest {
    static final List<String> USERS = List.of("u0", "u1", "u2", "u3");
    TgtLab lab;
    TgtClient tgt;
    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        Lab.requireRoot("tgtd", "tgtadm", "iscsi-inq", "timeout");
        lab = TgtLab.start(RealTgtd.LAB);
        tgt = RealTgtd.client(lab);
        for (String u : USERS) {
            tgt.createAccount(u, u + "-secret-pw");
        }
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    static Stream<Arguments> positions() {
        return IntStream.rangeClosed(2, 4).boxed()
                .flatMap(n -> IntStream.range(0, n).mapToObj(k -> Arguments.of(n, k)));
    }

    private String iqn(int tid) {
        return "iqn.2026-01.io.tgtha:safe.t" + tid;
    }

    private boolean login(int tid, String user) {
        return lab.initiator().canLogin(IscsiUrl.lun(lab.targetIp(), iqn(tid), 1).withChap(user, user + "-secret-pw"),
                LOGIN_TIMEOUT);
    }

    @ParameterizedTest(name = "unbind #{1} of {0}")
    @MethodSource("positions")
    void unbindingAnyPositionKeepsTgtdAliveAndTheOthersWorking(int n, int k) {
        int tid = 10 * n + k;
        tgt.createTarget(tid, iqn(tid));
        tgt.createLun(tid, 1, LunSpec.disk(RealTgtd.sparseFile(dir, "t" + tid + ".img", 8L << 20).toString()));
        tgt.bindInitiatorAddress(tid, "ALL");
        List<String> bound = USERS.subList(0, n);
        for (String u : bound) {
            tgt.bindAccount(tid, u, AccountDirection.INCOMING);
        }
        String victim = bound.get(k);
        tgt.unbindAccountSafely(tid, victim);

        List<String> expected = new ArrayList<>(bound);
        expected.remove(victim);
        assertThat(tgt.show().target(tid).orElseThrow().incomingAccounts()).containsExactlyElementsOf(expected);
        assertThat(lab.tgtd().isAlive()).isTrue();
        for (String u : expected) {
            assertThat(login(tid, u)).as("login as " + u).isTrue();
        }
        assertThat(login(tid, victim)).as("unbound " + victim).isFalse();
        // and again, from the new arrangement
        tgt.unbindAccountSafely(tid, expected.get(0));
        assertThat(tgt.show().target(tid).orElseThrow().incomingAccounts())
                .containsExactlyElementsOf(expected.subList(1, expected.size()));
        tgt.forceDeleteTarget(tid);
    }

    @Test
    void discoveryAccountsUnbindHoleFreeToo() {
        for (String u : USERS.subList(0, 3)) {
            tgt.bindDiscoveryAccount(u, AccountDirection.INCOMING);
        }
        tgt.unbindDiscoveryAccount("u0", AccountDirection.INCOMING);
        tgt.ping(); // show system walks the discovery slots: a hole would crash tgtd here
        assertThat(tgt.discoveryAccounts().incoming()).containsExactly("u1", "u2");
        tgt.unbindDiscoveryAccount("u1", AccountDirection.INCOMING);
        tgt.unbindDiscoveryAccount("u2", AccountDirection.INCOMING);
        assertThat(tgt.discoveryAccounts().incoming()).isEmpty();
        assertThat(lab.tgtd().isAlive()).isTrue();
    }
}
