// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.Lab;
import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtClient;
import io.tgtha.tgt.TgtRequestException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account agent's unit tests run against {@link FakeTgtClient}; it must answer the account and discovery
 * requests as the real tgtd 1.0.85 does through the real client. Each case runs against both, and both must end
 * the same way (success or the same error) and leave the same accounts (newest first, as tgtd lists them) and
 * bindings. (The fake once bound an
 * account twice, replaced an outgoing account where tgtd refuses a second one, unbound accounts that were not
 * bound, and failed with a NullPointerException instead of NO_SUCH_TARGET.)
 */
class FakeTgtClientAnswersAsTgtd1085LabTest {
    static final int TID = 1;

    @TempDir
    Path dir;

    @BeforeAll
    static void lab() {
        Lab.requireRoot("tgtd", "tgtadm");
    }

    record Case(String name, Consumer<TgtClient> request) { }

    private static List<Case> cases() {
        AccountDirection in = AccountDirection.INCOMING;
        AccountDirection out = AccountDirection.OUTGOING;
        return List.of(
                new Case("create a", c -> c.createAccount("a", "Secret-a-0001")),
                new Case("create a again", c -> c.createAccount("a", "Secret-a-0002")),
                new Case("delete an absent account", c -> c.deleteAccount("zz")),
                new Case("bind an absent account to discovery", c -> c.bindDiscoveryAccount("zz", in)),
                new Case("bind a to discovery", c -> c.bindDiscoveryAccount("a", in)),
                new Case("bind a to discovery again", c -> c.bindDiscoveryAccount("a", in)),
                new Case("create b", c -> c.createAccount("b", "Secret-b-0001")),
                new Case("bind b to discovery", c -> c.bindDiscoveryAccount("b", in)),
                new Case("create o1", c -> c.createAccount("o1", "Secret-o1-001")),
                new Case("create o2", c -> c.createAccount("o2", "Secret-o2-001")),
                new Case("bind o1 to discovery as outgoing", c -> c.bindDiscoveryAccount("o1", out)),
                new Case("bind o2 to discovery as outgoing too", c -> c.bindDiscoveryAccount("o2", out)),
                new Case("bind o1 to discovery as outgoing again", c -> c.bindDiscoveryAccount("o1", out)),
                new Case("unbind o2 from discovery (never bound)", c -> c.unbindDiscoveryAccount("o2", in)),
                new Case("unbind o2 outgoing from discovery (never bound)", c -> c.unbindDiscoveryAccount("o2", out)),
                new Case("unbind an absent account from discovery", c -> c.unbindDiscoveryAccount("zz", in)),
                new Case("unbind a from discovery", c -> c.unbindDiscoveryAccount("a", in)),
                new Case("unbind o1 outgoing from discovery", c -> c.unbindDiscoveryAccount("o1", out)),
                new Case("bind b to the target", c -> c.bindAccount(TID, "b", in)),
                new Case("bind b to the target again", c -> c.bindAccount(TID, "b", in)),
                new Case("bind an absent account to the target", c -> c.bindAccount(TID, "zz", in)),
                new Case("bind b to a target that is not there", c -> c.bindAccount(9, "b", in)),
                new Case("bind o1 to the target as outgoing", c -> c.bindAccount(TID, "o1", out)),
                new Case("bind o2 to the target as outgoing too", c -> c.bindAccount(TID, "o2", out)),
                new Case("bind b to discovery again", c -> c.bindDiscoveryAccount("b", in)),
                new Case("delete b (target and discovery bind it)", c -> c.deleteAccount("b")),
                new Case("delete o1 (the target's outgoing)", c -> c.deleteAccount("o1")),
                new Case("delete a", c -> c.deleteAccount("a")),
                new Case("delete o2", c -> c.deleteAccount("o2")));
    }

    /** After each case: how it ended, and the accounts, discovery's and the target's bindings it left. */
    private static List<String> outcomes(TgtClient c) {
        List<String> out = new ArrayList<>();
        for (Case k : cases()) {
            String end;
            try {
                k.request().accept(c);
                end = "ok";
            } catch (TgtRequestException e) {
                end = e.error().name();
            }
            Target t = c.showTargets().stream().filter(x -> x.tid() == TID).findFirst().orElseThrow();
            out.add(k.name() + ": " + end + "; accounts " + c.accounts() + ", discovery " + c.discoveryAccounts()
                    + ", target in " + t.incomingAccounts() + " out " + t.outgoingAccount());
        }
        return out;
    }

    @Test
    void theFakeEndsEveryAccountRequestTheWayTgtdDoesAndLeavesTheSameBindings() {
        List<String> real;
        try (TwoNodeLab lab = TwoNodeLab.start(dir, 236)) {
            TgtClient tgt = lab.client(0);
            tgt.createTarget(TID, "iqn.2026-01.io.tgtha.ag:contract");
            real = outcomes(tgt);
            lab.assertTgtdHealthy(0);
        }
        FakeTgtClient fake = new FakeTgtClient();
        fake.addTarget(TID);
        assertThat(outcomes(fake)).containsExactlyElementsOf(real);
        // and the cases reach both kinds of answer, so the comparison can fail
        assertThat(String.join("\n", real)).contains("create a again: USER_EXISTS", "bind a to discovery again: ACCOUNT_ALREADY_BOUND",
                "bind b to a target that is not there: NO_SUCH_TARGET", "bind a to discovery: ok",
                "unbind o2 from discovery (never bound): ACCOUNT_NOT_BOUND", "bind o2 to the target as outgoing too: OUTGOING_ACCOUNT_EXISTS");
    }
}
