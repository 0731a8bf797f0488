// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.launcher;

import io.tgtha.launcher.fixtures.ExampleAgent;
import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.agent.AgentRunner;
import io.tgtha.ocf.agent.ResourceAgent;
import io.tgtha.ocf.exec.Command;
import io.tgtha.ocf.exec.CommandFailedException;
import io.tgtha.ocf.exec.CommandNotFoundException;
import io.tgtha.ocf.exec.CommandResult;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.exec.CommandTimedOutException;
import io.tgtha.ocf.param.ParameterSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation issue's fuzz: random, garbled OCF_RESKEY_* values for every agent and action
 * always end in an OCF exit code 0-7, at most one exit-reason line (and one whenever the result is
 * a failure), nothing on stdout but meta-data/usage, and never a Java stack trace.
 *
 * <p>Read-only actions go through the real launcher with real commands. start/stop/monitor go
 * through AgentRunner with a command runner that answers randomly (success with garbage output,
 * failure, timeout, not installed): this runs on the host, so nothing here may change its packet
 * filter or tgtd. The installed wrappers get a few garbled runs too, in {@code RealInstallIT}.
 */
class GarbledParametersFuzzTest {
    private static final long SEED = Long.getLong("tgtha.fuzzSeed", 20261122L);
    private static final int ROUNDS = Integer.getInteger("tgtha.fuzzRounds", 150);
    private static final String[] READ_ONLY = {"meta-data", "validate-all", "usage", "reload-agent", "promote",
            "", "monitor\n"};
    private static final String[] STATEFUL = {"start", "stop", "monitor", "status"};

    @TestFactory
    List<DynamicTest> everyAgentSurvivesGarbledParameters() {
        Map<String, String> table = new LinkedHashMap<>();
        for (String name : AgentCatalog.TGTHA.presentNames()) {
            table.put(name, AgentCatalog.TGTHA.implementationOf(name).orElseThrow());
        }
        table.put("example", ExampleAgent.class.getName());
        AgentCatalog catalog = new AgentCatalog(table);
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : table.keySet()) {
            tests.add(DynamicTest.dynamicTest(name + " via the launcher, read-only actions",
                    () -> fuzzReadOnly(catalog, name)));
            tests.add(DynamicTest.dynamicTest(name + " via AgentRunner, start/stop/monitor with random command results",
                    () -> fuzzStateful(catalog.instantiate(name))));
        }
        return tests;
    }

    private static void fuzzReadOnly(AgentCatalog catalog, String name) {
        Random random = new Random(SEED ^ name.hashCode());
        List<String> keys = keysOf(catalog.instantiate(name));
        for (int i = 0; i < ROUNDS; i++) {
            Map<String, String> env = garbledEnvironment(random, keys);
            String action = READ_ONLY[random.nextInt(READ_ONLY.length)];
            Launch l = Launch.of(catalog, env, name, action);
            check(name, action, env, l);
        }
    }

    private static void fuzzStateful(ResourceAgent agent) {
        String name = agent.metadata().name();
        Random random = new Random(SEED ^ ~name.hashCode());
        List<String> keys = keysOf(agent);
        for (int i = 0; i < ROUNDS; i++) {
            Map<String, String> env = garbledEnvironment(random, keys);
            String action = STATEFUL[random.nextInt(STATEFUL.length)];
            long commandSeed = random.nextLong();
            Function<Deadline, CommandRunner> runners = d -> new RandomCommandRunner(new Random(commandSeed));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = new AgentRunner(agent, runners).run(new String[] {action}, new OcfEnvironment(env),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            check(name, action, env, new Launch(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)));
        }
    }

    private static void check(String agent, String action, Map<String, String> env, Launch l) {
        String what = agent + " " + printable(action) + " with " + describe(env) + "\nstderr: " + shorten(l.stderr());
        assertThat(l.rc()).as(what).isBetween(0, 7);
        assertThat(l.showsStackTrace()).as(what).isFalse();
        assertThat(l.exitReasonLines("ocf-exit-reason:")).as(what).isLessThanOrEqualTo(1);
        if (l.rc() != 0 && l.rc() != 7) {
            assertThat(l.exitReasonLines("ocf-exit-reason:")).as("a failure says why: " + what).isEqualTo(1);
        }
        if (!action.equals("meta-data") && !action.equals("usage")) {
            assertThat(l.stdout()).as(what).isEmpty();
        }
    }

    /** The agent's parameters (and old names), Pacemaker's meta attributes, and some names nobody declared. */
    private static List<String> keysOf(ResourceAgent agent) {
        List<String> keys = new ArrayList<>();
        for (ParameterSpec p : agent.metadata().parameters()) {
            keys.add(p.name());
            keys.addAll(p.deprecatedNames());
        }
        keys.addAll(List.of("CRM_meta_timeout", "CRM_meta_interval", "CRM_meta_clone_max", "CRM_meta_notify",
                "undeclared", "", "trace_ra"));
        return keys;
    }

    private static Map<String, String> garbledEnvironment(Random r, List<String> keys) {
        Map<String, String> env = new HashMap<>();
        env.put("TGTHA_RUN_DIR", System.getProperty("java.io.tmpdir") + "/wr-fuzz-run");
        for (String key : keys) {
            if (r.nextInt(4) > 0 || key.equals("tgt_control_port")) {
                env.put("OCF_RESKEY_" + key, Garble.valueFor(key, r));
            }
        }
        if (r.nextBoolean()) {
            env.put("OCF_CHECK_LEVEL", Garble.value(r));
        }
        if (r.nextInt(4) == 0) {
            env.put("OCF_RESOURCE_INSTANCE", Garble.value(r));
        }
        return env;
    }

    private static String describe(Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> sb.append(k).append('=').append(shorten(printable(v))).append(' '));
        return sb.toString();
    }

    private static String printable(String s) {
        return s.codePoints().collect(StringBuilder::new,
                (b, cp) -> b.append(cp < 0x20 || cp == 0x7f ? String.format("\\x%02x", cp) : new String(Character.toChars(cp))),
                StringBuilder::append).toString();
    }

    private static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "...(" + s.length() + " chars)" : s;
    }

    /** A command runner whose commands succeed with garbage, fail, time out or are not installed. */
    private static final class RandomCommandRunner implements CommandRunner {
        private final Random random;

        RandomCommandRunner(Random random) {
            this.random = random;
        }

        @Override
        public CommandResult run(Command command) throws CommandFailedException, CommandTimedOutException,
                CommandNotFoundException {
            switch (random.nextInt(5)) {
                case 0 -> throw new CommandNotFoundException(command, new IOException("No such file or directory"));
                case 1 -> throw new CommandTimedOutException(command, command.timeout());
                case 2 -> throw new CommandFailedException(result(command, 1 + random.nextInt(255)));
                default -> {
                    int rc = command.successExitCodes().stream().skip(random.nextInt(command.successExitCodes().size()))
                            .findFirst().orElse(0);
                    return result(command, rc);
                }
            }
        }

        private CommandResult result(Command command, int rc) {
            return new CommandResult(command, rc, Garble.value(random), Garble.value(random), Duration.ofMillis(1));
        }
    }
}
