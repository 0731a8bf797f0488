// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.agent.AgentRunner;
import io.tgtha.ocf.agent.ResourceAgent;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs an agent action in-process the way the launcher does, capturing rc, stdout and stderr. */
final class AgentHarness {
    record Outcome(int rc, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private AgentHarness() {
    }

    static Outcome run(ResourceAgent agent, Map<String, String> env, String action) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new AgentRunner(agent).run(new String[] {action}, new OcfEnvironment(env),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** OCF_RESKEY_ for each key=value pair; other variables (OCF_*, HA_*) pass through as given. */
    static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            String k = kv[i];
            m.put(k.startsWith("OCF_") || k.startsWith("HA_") ? k : "OCF_RESKEY_" + k, kv[i + 1]);
        }
        return m;
    }
}
