package io.tgtha.ocf.meta;

import io.tgtha.ocf.param.ParameterSpec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What an agent says about itself: the source of its meta-data XML and its default timeouts. */
public record AgentMetadata(String name, String version, String shortdesc, String longdesc,
                            List<ParameterSpec> parameters, List<ActionSpec> actions) {

    public AgentMetadata {
        parameters = List.copyOf(parameters);
        actions = List.copyOf(actions);
    }

    /** The advertised timeout for {@code action}, used when Pacemaker passes none. */
    public Optional<Duration> timeoutOf(String action) {
        // plain loops: on every operation's path, and streams cost JVM start-up time
        for (ActionSpec a : actions) {
            if (a.name().equals(action)) {
                return Optional.of(a.timeout());
            }
        }
        return Optional.empty();
    }

    public boolean hasReloadableParameters() {
        for (ParameterSpec p : parameters) {
            if (p.reloadable()) {
                return true;
            }
        }
        return false;
    }

    public String toXml() {
        return MetadataXml.render(this);
    }
}
