// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.agent;

import io.tgtha.ocf.Deadline;
import io.tgtha.ocf.OcfAction;
import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.exec.CommandRunner;
import io.tgtha.ocf.log.OcfLog;
import io.tgtha.ocf.param.Parameters;

/** Everything one operation of an agent works with. */
public record OperationContext(OcfAction action, OcfEnvironment env, Parameters params, OcfLog log,
                               Deadline deadline, CommandRunner runner) {

    public boolean isProbe() {
        return env.isProbe(action);
    }

    public boolean isValidateAll() {
        return action == OcfAction.VALIDATE_ALL;
    }
}
