// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.agent;

import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.OcfExitCode;
import io.tgtha.ocf.meta.ActionSpec;
import io.tgtha.ocf.meta.AgentMetadata;
import io.tgtha.ocf.param.ParameterSpec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A tiny agent whose behaviour is steered by its parameters, to exercise the runner. */
final class SampleAgent implements ResourceAgent {
    static final AgentMetadata META = new AgentMetadata("sample", "1.0", "Sample agent", "An agent for tests.",
            List.of(
                    ParameterSpec.string("name").required().unique().shortdesc("name").build(),
                    ParameterSpec.integer("count").defaultValue("3").shortdesc("count").build(),
                    ParameterSpec.string("mode").defaultValue("ok").deprecatedName("old_mode").shortdesc("mode")
                            .check(v -> v.matches("ok|fail|crash|missing|not-running|needs-time") ? Optional.empty()
                                    : Optional.of("must be ok, fail, crash, missing or not-running"))
                            .build(),
                    ParameterSpec.string("password").secret().shortdesc("a secret").build(),
                    ParameterSpec.bool("flag").defaultValue("false").shortdesc("flag").build()),
            List.of(ActionSpec.of("start", Duration.ofSeconds(20)), ActionSpec.of("stop", Duration.ofSeconds(20)),
                    ActionSpec.monitor(Duration.ofSeconds(20), Duration.ofSeconds(10), 0),
                    ActionSpec.of("meta-data", Duration.ofSeconds(5)),
                    ActionSpec.of("validate-all", Duration.ofSeconds(5))));

    @Override
    public AgentMetadata metadata() {
        return META;
    }

    @Override
    public void validate(OperationContext ctx) {
        if (ctx.params().string("mode").equals("missing")) {
            throw OcfException.installed("sampletool is not installed");
        }
    }

    @Override
    public OcfExitCode start(OperationContext ctx) {
        return act(ctx);
    }

    @Override
    public OcfExitCode stop(OperationContext ctx) {
        return act(ctx);
    }

    @Override
    public OcfExitCode monitor(OperationContext ctx) {
        if (ctx.params().string("mode").equals("not-running")) {
            return OcfExitCode.NOT_RUNNING;
        }
        return act(ctx);
    }

    private static OcfExitCode act(OperationContext ctx) {
        ctx.log().info("acting with password " + ctx.params().secret("password").map(Object::toString).orElse("-"));
        return switch (ctx.params().string("mode")) {
            case "fail" -> throw OcfException.generic("it failed on purpose");
            case "crash" -> throw new IllegalStateException("bug\nwith two lines");
            case "needs-time" -> ctx.deadline().expired() ? OcfExitCode.ERR_GENERIC : OcfExitCode.SUCCESS;
            default -> OcfExitCode.SUCCESS;
        };
    }
}
