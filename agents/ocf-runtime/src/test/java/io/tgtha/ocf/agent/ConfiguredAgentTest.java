// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.agent;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.meta.ActionSpec;
import io.tgtha.ocf.meta.AgentMetadata;
import io.tgtha.ocf.param.ParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner builds a configured agent's configuration once per operation and hands that one object on. */
class ConfiguredAgentTest {
    record Config(int size) { }

    /** Records which configuration object each step saw. */
    static final class CountingAgent implements ConfiguredAgent<Config> {
        final List<Object> seen = new ArrayList<>();
        int built;

        @Override
        public AgentMetadata metadata() {
            return new AgentMetadata("counting", "1.0", "c", "c",
                    List.of(ParameterSpec.integer("size").required().range(1, 10).shortdesc("size").build()),
                    List.of(ActionSpec.of("start", Duration.ofSeconds(5))));
        }

        @Override
        public Config configure(OperationContext ctx) {
            built++;
            int size = ctx.params().integer("size");
            if (size == 7) {
                throw OcfException.configured("size 7 is unlucky");
            }
            return new Config(size);
        }

        @Override
        public void validate(OperationContext ctx, Config config) {
            seen.add(config);
        }

        @Override
        public OcfExitCode start(OperationContext ctx, Config config) {
            seen.add(config);
            return OcfExitCode.SUCCESS;
        }

        @Override
        public OcfExitCode stop(OperationContext ctx, Config config) {
            seen.add(config);
            return OcfExitCode.SUCCESS;
        }

        @Override
        public OcfExitCode monitor(OperationContext ctx, Config config) {
            seen.add(config);
            return OcfExitCode.NOT_RUNNING;
        }
    }

    private static int run(CountingAgent agent, String size, String action) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new AgentRunner(agent).run(new String[] {action},
                new OcfEnvironment(Map.of("OCF_RESKEY_size", size, "OCF_RESKEY_CRM_meta_interval", "10000")), sink, sink);
    }

    @ParameterizedTest
    @ValueSource(strings = {"start", "stop", "monitor"})
    void oneConfigurationPerOperationSeenByTheChecksAndTheAction(String action) {
        CountingAgent agent = new CountingAgent();
        run(agent, "3", action);
        assertThat(agent.built).isEqualTo(1);
        assertThat(agent.seen).hasSize(2).containsOnly(new Config(3));
        assertThat(agent.seen.get(0)).isSameAs(agent.seen.get(1));
    }

    @Test
    void declaredChecksRunBeforeTheConfigurationIsBuilt() {
        CountingAgent agent = new CountingAgent();
        assertThat(run(agent, "11", "validate-all")).isEqualTo(OcfExitCode.ERR_CONFIGURED.code());
        assertThat(agent.built).isZero();
    }

    @Test
    void aConfigurationErrorEndsTheOperationBeforeTheAction() {
        CountingAgent agent = new CountingAgent();
        assertThat(run(agent, "7", "start")).isEqualTo(OcfExitCode.ERR_CONFIGURED.code());
        assertThat(agent.seen).isEmpty();
    }
}
