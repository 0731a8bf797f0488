// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.agent.account.AgentHarness.Outcome;
import io.tgtha.agent.lun.LunAgent;
import io.tgtha.agent.iscsitarget.TargetAgent;
import io.tgtha.tgt.TgtClient;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Targets built and torn down by the real {@code ocf:tgtha:target} and {@code ocf:tgtha:lun} agents
 * (in-process, parameters as Pacemaker passes them), configured as with the account clone:
 * {@code incoming_username} without {@code incoming_password} binds the clone's account and never
 * creates or deletes it; {@code allowed_initiators} unset means ALL. Stop runs in group order: LUN,
 * then target.
 */
final class LabTargets {
    private LabTargets() {
    }

    static Map<String, String> targetEnv(int controlPort, int tid, String iqn, String user) {
        Map<String, String> env = new HashMap<>();
        env.put("OCF_RESKEY_iqn", iqn);
        env.put("OCF_RESKEY_tid", Integer.toString(tid));
        env.put("OCF_RESKEY_incoming_username", user);
        env.put("OCF_RESKEY_tgt_control_port", Integer.toString(controlPort));
        env.put("OCF_RESOURCE_INSTANCE", "t-" + iqn.substring(iqn.lastIndexOf(':') + 1));
        env.put("OCF_RESKEY_CRM_meta_timeout", "20000");
        return env;
    }

    static Map<String, String> lunEnv(int controlPort, String iqn, Path backing) {
        Map<String, String> env = new HashMap<>();
        env.put("OCF_RESKEY_target_iqn", iqn);
        env.put("OCF_RESKEY_lun", "1");
        env.put("OCF_RESKEY_path", backing.toString());
        env.put("OCF_RESKEY_tgt_control_port", Integer.toString(controlPort));
        env.put("OCF_RESOURCE_INSTANCE", "l-" + iqn.substring(iqn.lastIndexOf(':') + 1));
        env.put("OCF_RESKEY_CRM_meta_timeout", "20000");
        return env;
    }

    static void start(TgtClient tgt, int tid, String iqn, Path backing, String user) {
        int port = tgt.controlPort();
        expectOk(AgentHarness.run(new TargetAgent(), targetEnv(port, tid, iqn, user), "start"), "target start " + iqn);
        expectOk(AgentHarness.run(new LunAgent(), lunEnv(port, iqn, backing), "start"), "lun start " + iqn);
    }

    /** Stops LUN and target; the tid and backing file are looked up from tgtd. */
    static void stop(TgtClient tgt, int tid) {
        int port = tgt.controlPort();
        io.tgtha.tgt.Target t = tgt.showTargets().stream().filter(x -> x.tid() == tid).findFirst()
                .orElseThrow(() -> new AssertionError("no target " + tid + " to stop"));
        String backing = t.lun(1).map(l -> l.backingStorePath()).orElseThrow();
        String user = t.incomingAccounts().isEmpty() ? "none" : t.incomingAccounts().get(0);
        expectOk(AgentHarness.run(new LunAgent(), lunEnv(port, t.iqn(), Path.of(backing)), "stop"), "lun stop " + t.iqn());
        expectOk(AgentHarness.run(new TargetAgent(), targetEnv(port, tid, t.iqn(), user), "stop"), "target stop " + t.iqn());
    }

    private static void expectOk(Outcome o, String what) {
        if (o.rc() != 0) {
            throw new AssertionError(what + " failed with rc " + o.rc() + ": " + o.stderr());
        }
    }
}
