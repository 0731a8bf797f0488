// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.agent.account.AccountParameters.StopIfBound;
import io.tgtha.ocf.param.Parameters;
import io.tgtha.tgt.AccountDirection;

/**
 * The typed parameters of one operation, read once (after the runner has checked them). The secret is
 * not here: only start and validate-all read it ({@link io.tgtha.ocf.param.SecretSource}), so a missing or bad password
 * file never fails a stop or a monitor.
 */
record AccountConfig(String username, AccountDirection direction, boolean discovery, StopIfBound stopIfBound,
                     int controlPort) {

    static AccountConfig from(Parameters p) {
        return new AccountConfig(p.string(AccountParameters.USERNAME),
                AccountParameters.direction(p.optional(AccountParameters.DIRECTION).orElse("incoming")).orElseThrow(),
                p.bool(AccountParameters.DISCOVERY),
                AccountParameters.stopIfBound(p.optional(AccountParameters.STOP_IF_BOUND).orElse("keep")).orElseThrow(),
                p.integer("tgt_control_port"));
    }
}
