// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.agent.AgentRunner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Runs the agent in-process with a fake firewall, a private run directory and chosen tools "installed". */
final class AgentHarness {
    record Outcome(int rc, String stdout, String stderr) {
        /** The ocf-exit-reason line, or "" when there is none. */
        String reason() {
            return stderr.lines().filter(l -> l.startsWith("ocf-exit-reason:"))
                    .map(l -> l.substring("ocf-exit-reason:".length())).findFirst().orElse("");
        }
    }

    final FakeFirewall firewall = new FakeFirewall();
    final Path runDir;
    Set<String> installed = Set.of("iptables", "ip6tables", "nft", "ss", "tickle_tcp", "csync2");

    AgentHarness(Path runDir) {
        this.runDir = runDir;
    }

    Function<String, Optional<Path>> tools() {
        return name -> {
            String base = name.substring(name.lastIndexOf('/') + 1);
            return installed.contains(base) ? Optional.of(Path.of("/fake/bin/" + base)) : Optional.empty();
        };
    }

    Outcome run(String action, Map<String, String> params) {
        return run(action, params, Map.of());
    }

    Outcome run(String action, Map<String, String> params, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("TGTHA_RUN_DIR", runDir.toString());
        env.put("OCF_RESOURCE_INSTANCE", "pb-test");
        params.forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new AgentRunner(new PortblockAgent(tools()), d -> firewall)
                .run(new String[]{action}, new OcfEnvironment(env),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
