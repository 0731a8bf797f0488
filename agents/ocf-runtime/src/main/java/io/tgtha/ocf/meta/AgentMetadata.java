// SPDX-License-Identifier: GPL-2.0-or-later
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
        return actions.stream().filter(a -> a.name().equals(action)).map(ActionSpec::timeout).findFirst();
    }

    public boolean hasReloadableParameters() {
        return parameters.stream().anyMatch(ParameterSpec::reloadable);
    }

    public String toXml() {
        return MetadataXml.render(this);
    }
}
