// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.agent.AgentRunner;
import io.tgtha.ocf.agent.ResourceAgent;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs one OCF action of an agent in-process, the way the launcher does, and keeps what it printed. */
public final class AgentCall {
    private final ResourceAgent agent;
    private final Map<String, String> env = new LinkedHashMap<>();

    public AgentCall(ResourceAgent agent) {
        this.agent = agent;
        env.put("OCF_ROOT", "/usr/lib/ocf");
        env.put("OCF_RESOURCE_INSTANCE", "p_test");
    }

    public AgentCall param(String name, String value) {
        env.put("OCF_RESKEY_" + name, value);
        return this;
    }

    public AgentCall env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Pacemaker's timeout for the action, in milliseconds. */
    public AgentCall timeoutMs(long ms) {
        return env("OCF_RESKEY_CRM_meta_timeout", Long.toString(ms));
    }

    /** A recurring monitor (not a probe). */
    public AgentCall recurring() {
        return env("OCF_RESKEY_CRM_meta_interval", "10000");
    }

    public Result run(String action) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int rc = new AgentRunner(agent).run(new String[] {action}, new OcfEnvironment(env),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - t0) / 1_000_000);
    }

    public Map<String, String> environment() {
        return Map.copyOf(env);
    }

    public record Result(int rc, String stdout, String stderr, long millis) {
        @Override
        public String toString() {
            return "rc=" + rc + " in " + millis + " ms, stderr: " + stderr.strip();
        }
    }
}
