// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.agent;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Random, garbled OCF_RESKEY_* values never produce a stack trace, a bad exit code or more than one reason line. */
class GarbledEnvironmentFuzzTest {
    private static final String[] ACTIONS = {"start", "stop", "monitor", "validate-all", "status", "reload-agent", "x"};
    private static final String[] KEYS = {"name", "count", "mode", "password", "flag", "old_mode",
            "CRM_meta_timeout", "CRM_meta_interval", "CRM_meta_clone_max"};

    @Test
    void garbledValuesAlwaysGiveAValidExitCodeAndOneReasonAtMost() {
        Random random = new Random(20261121L);
        for (int i = 0; i < 3000; i++) {
            Map<String, String> env = new HashMap<>();
            for (String key : KEYS) {
                if (random.nextInt(3) > 0) {
                    env.put("OCF_RESKEY_" + key, garble(random));
                }
            }
            if (random.nextBoolean()) {
                env.put("OCF_CHECK_LEVEL", garble(random));
            }
            String action = ACTIONS[random.nextInt(ACTIONS.length)];
            AgentRunnerTest.Outcome o = AgentRunnerTest.run(env, action);
            assertThat(o.rc()).as("rc for %s %s", action, env).isBetween(0, 7);
            assertThat(o.stdout()).isEmpty();
            assertThat(o.stderr()).doesNotContain("\tat ").doesNotContain("Exception in thread");
            assertThat(o.stderr().lines().filter(l -> l.startsWith("ocf-exit-reason:")).count()).isLessThanOrEqualTo(1);
            if (o.rc() != 0 && o.rc() != 7) {
                assertThat(o.stderr()).contains("ocf-exit-reason:");
            }
        }
    }

    private static String garble(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> "";
            case 1 -> "ok";
            case 2 -> Integer.toString(r.nextInt());
            case 3 -> "9".repeat(1 + r.nextInt(40));
            case 4 -> "x".repeat(r.nextInt(100_000));
            case 5 -> {
                StringBuilder sb = new StringBuilder();
                int n = r.nextInt(50);
                for (int i = 0; i < n; i++) {
                    sb.appendCodePoint(1 + r.nextInt(0x2FFF));
                }
                yield sb.toString();
            }
            default -> "fail\n\u0007; rm -rf / #";
        };
    }
}
