// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgtha.testkit.Initiator;
import io.tgtha.testkit.IscsiUrl;
import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.LunSpec;
import io.tgtha.tgt.SessionConnection;
import io.tgtha.tgt.Target;
import io.tgtha.tgt.TgtClient;
import io.tgtha.tgt.TgtRequestException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The unit tests of the agents run against {@link FakeTgt}; it must answer every request the agents depend
 * on as the real tgtd 1.0.85 does. Each case runs against the fake and against a real tgtd, and both must end
 * the same way (success, or the same tgtd error) and leave the same accounts, bindings, ACL and LUN identity
 * behind. (The fake once accepted unbinding an absent ACL, a duplicate
 * initiator name and any target or LUN parameter name, and closed a session given a connection id it does not
 * have, all of which tgtd refuses.)
 */
class FakeTgtAnswersAsTgtd1085LabTest {
    static AgentLab lab;
    static Path disk;

    @BeforeAll
    static void up() {
        AgentLab.require();
        lab = AgentLab.start("t");
        disk = lab.backingFile("contract.img", 8);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    private static final int TID = 41;
    private static final String IQN = "iqn.2026-01.io.tgtha:lab.contract";
    private static final String INITIATOR = "iqn.2026-01.io.tgtha:ini.contract";
    private static final AccountDirection IN = AccountDirection.INCOMING;
    private static final AccountDirection OUT = AccountDirection.OUTGOING;

    /** Each case, in order, on a target with tid 41 and LUN 1: what the agents ask and rely on the answer of. */
    record Case(String name, Consumer<TgtClient> request) { }

    private static List<Case> cases() {
        return List.of(
                new Case("unbind an address never bound", c -> c.unbindInitiatorAddress(TID, "10.9.9.9")),
                new Case("unbind a name never bound", c -> c.unbindInitiatorName(TID, INITIATOR)),
                new Case("bind an address", c -> c.bindInitiatorAddress(TID, "10.9.9.9")),
                new Case("bind the same address again", c -> c.bindInitiatorAddress(TID, "10.9.9.9")),
                new Case("bind a name", c -> c.bindInitiatorName(TID, INITIATOR)),
                new Case("bind the same name again", c -> c.bindInitiatorName(TID, INITIATOR)),
                new Case("unbind the address", c -> c.unbindInitiatorAddress(TID, "10.9.9.9")),
                new Case("unbind the name", c -> c.unbindInitiatorName(TID, INITIATOR)),
                new Case("set a session key", c -> c.updateTargetParam(TID, "MaxRecvDataSegmentLength", "65536")),
                new Case("set a session key in other case", c -> c.updateTargetParam(TID, "maxburstlength", "262144")),
                new Case("set nop_interval", c -> c.updateTargetParam(TID, "nop_interval", "5")),
                new Case("set an unknown target parameter", c -> c.updateTargetParam(TID, "MaxRecvDataSegmentLenght", "1")),
                new Case("update the LUN's identity", c -> c.updateLun(TID, 1, Map.of("scsi_sn", "c0ffee01", "readonly", "0"))),
                new Case("update an unknown LUN parameter", c -> c.updateLun(TID, 1, Map.of("no_such_parameter", "1"))),
                new Case("create the LUN again", c -> c.createLun(TID, 1, LunSpec.disk(disk.toString()))),
                new Case("delete a LUN that is not there", c -> c.deleteLun(TID, 7)),
                new Case("create a target under a used tid", c -> c.createTarget(TID, IQN + ".other")),
                // the accounts a target start creates (legacy passwords), binds, and rebinds as outgoing
                new Case("create an account", c -> c.createAccount("ct-in", "Contract-Secret-1")),
                new Case("create it again", c -> c.createAccount("ct-in", "Contract-Secret-2")),
                new Case("bind an account that is not there", c -> c.bindAccount(TID, "ct-none", IN)),
                new Case("bind the account", c -> c.bindAccount(TID, "ct-in", IN)),
                new Case("bind it again", c -> c.bindAccount(TID, "ct-in", IN)),
                new Case("bind it to a target that is not there", c -> c.bindAccount(TID + 1, "ct-in", IN)),
                new Case("create an outgoing account", c -> c.createAccount("ct-out", "Contract-Secret-3")),
                new Case("create another", c -> c.createAccount("ct-out2", "Contract-Secret-4")),
                new Case("bind it as outgoing", c -> c.bindAccount(TID, "ct-out", OUT)),
                new Case("bind a second outgoing", c -> c.bindAccount(TID, "ct-out2", OUT)),
                new Case("unbind an incoming account never bound", c -> c.unbindAccount(TID, "ct-out2", IN)),
                new Case("unbind the outgoing account", c -> c.unbindAccount(TID, "ct-out", OUT)),
                new Case("unbind the outgoing account again", c -> c.unbindAccount(TID, "ct-out", OUT)),
                new Case("delete an account that is not there", c -> c.deleteAccount("ct-none")),
                new Case("delete the unbound outgoing accounts", c -> {
                    c.deleteAccount("ct-out");
                    c.deleteAccount("ct-out2");
                }),
                new Case("unbind the incoming account", c -> c.unbindAccount(TID, "ct-in", IN)),
                new Case("delete it", c -> c.deleteAccount("ct-in")));
    }

    private static List<String> outcomes(TgtClient c) {
        c.createTarget(TID, IQN);
        c.createLun(TID, 1, LunSpec.disk(disk.toString()));
        List<String> out = new ArrayList<>();
        try {
            for (var k : cases()) {
                String end;
                try {
                    k.request().accept(c);
                    end = "ok";
                } catch (TgtRequestException e) {
                    end = e.error().name();
                }
                // and what it left: what the agents read back
                Target t = c.showTargets().stream().filter(x -> x.tid() == TID).findFirst().orElseThrow();
                out.add(k.name() + ": " + end + "; accounts " + c.accounts() + ", in " + t.incomingAccounts() + " out "
                        + t.outgoingAccount() + ", acl " + t.aclAddresses() + " " + t.aclInitiatorNames() + ", luns "
                        + t.luns().stream().map(l -> l.lun() + ":" + l.scsiId() + ":" + l.scsiSn() + (l.readonly() ? ":ro" : "")).toList());
            }
        } finally {
            c.deleteTarget(TID);
        }
        return out;
    }

    private static final int SESSION_TID = 42;
    private static final String SESSION_IQN = "iqn.2026-01.io.tgtha:lab.contract-session";

    /** A close of a live session's connection (its TSIH and cid as {@code connections} lists them) or a near miss. */
    record CloseCase(String name, boolean lastCase, java.util.function.BiConsumer<TgtClient, SessionConnection> request) { }

    private static List<CloseCase> closeCases() {
        return List.of(
                new CloseCase("close a connection id the session does not have", false,
                        (c, s) -> c.closeConnection(SESSION_TID, s.sid(), s.cid() + 1)),
                new CloseCase("close a connection of a session that is not there", false,
                        (c, s) -> c.closeConnection(SESSION_TID, s.sid() + 100, s.cid())),
                new CloseCase("close a connection on a target that is not there", false,
                        (c, s) -> c.closeConnection(SESSION_TID + 1, s.sid(), s.cid())),
                // tgtd closes it asynchronously and iscsi-perf may log in again: only the answer is compared
                new CloseCase("close the session's connection", true,
                        (c, s) -> c.closeConnection(SESSION_TID, s.sid(), s.cid())));
    }

    /** Runs the close cases on {@code c}, whose target {@link #SESSION_TID} has the one session {@code live}. */
    private static List<String> closeOutcomes(TgtClient c, SessionConnection live) {
        List<String> out = new ArrayList<>();
        for (CloseCase k : closeCases()) {
            String end;
            try {
                k.request().accept(c, live);
                end = "ok";
            } catch (TgtRequestException e) {
                end = e.error().name();
            }
            out.add(k.name() + ": " + end + (k.lastCase() ? ""
                    : "; the session's connection still listed: " + c.connections(SESSION_TID).contains(live)
                            + ", connections " + c.connections(SESSION_TID).size()));
        }
        return out;
    }

    @Test
    void theFakeClosesOnlyTheConnectionTgtdWouldClose() throws InterruptedException {
        TgtClient real = lab.client();
        real.createTarget(SESSION_TID, SESSION_IQN);
        List<String> realOutcomes;
        SessionConnection live;
        try {
            real.createLun(SESSION_TID, 1, LunSpec.disk(disk.toString()));
            real.bindInitiatorAddress(SESSION_TID, "ALL");
            // light I/O, no reconnects: the session only has to stay logged in
            try (Initiator.PerfLoad perf = lab.initiator().startPerf(IscsiUrl.lun(lab.targetIp(), SESSION_IQN, 1),
                    Duration.ofSeconds(30), 0, 1, 8)) {
                live = awaitOneConnection(real, perf);
                realOutcomes = closeOutcomes(real, live);
            }
        } finally {
            real.forceDeleteTarget(SESSION_TID);
        }
        FakeTgt fake = new FakeTgt();
        fake.createTarget(SESSION_TID, SESSION_IQN);
        fake.addSession(SESSION_TID, live.sid(), live.cid(), live.initiator());
        assertThat(closeOutcomes(fake, fake.connections(SESSION_TID).get(0))).containsExactlyElementsOf(realOutcomes);
        assertThat(fake.connections(SESSION_TID)).as("the fake ends the session with its last connection").isEmpty();
        assertThat(String.join("\n", realOutcomes)).contains(
                "close a connection id the session does not have: NO_SUCH_CONNECTION; the session's connection still listed: true",
                "close the session's connection: ok");
    }

    private static SessionConnection awaitOneConnection(TgtClient c, Initiator.PerfLoad perf) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<SessionConnection> conns = c.connections(SESSION_TID);
            if (!conns.isEmpty()) {
                assertThat(conns).as("one login, one connection").hasSize(1);
                return conns.get(0);
            }
            assertThat(perf.isAlive()).as("iscsi-perf died: " + perf.output()).isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("iscsi-perf never logged in: " + perf.output());
    }

    @Test
    void theFakeEndsEveryRequestTheWayTgtdDoes() {
        List<String> real = outcomes(lab.client());
        assertThat(outcomes(new FakeTgt())).containsExactlyElementsOf(real);
        // and the cases do reach both kinds of answer, so the comparison can fail
        assertThat(String.join("\n", real)).contains("unbind a name never bound: ACL_NOT_FOUND", "bind the same name again: ACL_EXISTS",
                "set an unknown target parameter: INVALID_REQUEST", "update an unknown LUN parameter: INVALID_REQUEST",
                "set a session key: ok", "bind it again: ACCOUNT_ALREADY_BOUND", "bind a second outgoing: OUTGOING_ACCOUNT_EXISTS");
    }
}
