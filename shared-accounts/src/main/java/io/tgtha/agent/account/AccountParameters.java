// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.account;

import io.tgtha.agent.tgt.TgtdParameters;
import io.tgtha.ocf.param.ParameterSpec;
import io.tgtha.ocf.param.ValueCheck;
import io.tgtha.tgt.AccountDirection;
import io.tgtha.tgt.TgtClient;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The parameters of {@code ocf:tgtha:account} and their declared checks: the single source for meta-data and
 * reading. The runner applies the checks before every action, so a bad value ends with rc 6 and a message
 * naming the parameter and the rule; only the user name has a syntax of its own.
 */
final class AccountParameters {
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String PASSWORD_FILE = "password_file";
    static final String DIRECTION = "direction";
    static final String DISCOVERY = "discovery";
    static final String STOP_IF_BOUND = "stop_if_bound";

    /** What stop does when targets still use the account. */
    enum StopIfBound {
        /** Leave the account in place and report success (default): CHAP stays on, Pacemaker moves on. */
        KEEP,
        /** Leave the account in place and fail the stop: for clusters that want to hear about it. */
        FAIL
    }

    private AccountParameters() {
    }

    static List<ParameterSpec> specs() {
        return List.of(
                ParameterSpec.string(USERNAME).required().unique()
                        .shortdesc("CHAP user name")
                        .longdesc("The CHAP user name of the tgt account (tgt accounts are global in tgtd, "
                                + "shared by every target that binds them). Printable ASCII without spaces, "
                                + "',' or '=', at most 255 bytes.")
                        .check(AccountParameters::usernameProblem).build(),
                ParameterSpec.string(PASSWORD).secret()
                        .shortdesc("CHAP secret")
                        .longdesc("The CHAP secret. It is stored in the CIB in clear text; prefer "
                                + "password_file. Exactly one of password and password_file must be set. "
                                + "It is sent to tgtd only over its management socket, never on a command line.")
                        .build(),
                ParameterSpec.string(PASSWORD_FILE)
                        .shortdesc("File holding the CHAP secret")
                        .longdesc("Absolute path of a file holding the CHAP secret on its first and only line "
                                + "(one trailing newline is ignored). It must not be readable or writable by "
                                + "group or others. Exactly one of password and password_file must be set.")
                        .absolutePath().build(),
                ParameterSpec.string(DIRECTION).defaultValue("incoming")
                        .shortdesc("incoming or outgoing")
                        .longdesc("How the account is meant to be used. incoming: initiators authenticate with it "
                                + "(a target's incoming_username). outgoing: the target authenticates itself to "
                                + "initiators (mutual CHAP). tgt accounts have no direction of their own; this "
                                + "sets the direction of the discovery binding and what the thorough monitor "
                                + "(OCF_CHECK_LEVEL=10) expects of target bindings.")
                        .check(ValueCheck.that(v -> direction(v).isPresent(), "must be one of incoming, outgoing")).build(),
                ParameterSpec.bool(DISCOVERY).defaultValue("false")
                        .shortdesc("Also require the account for discovery")
                        .longdesc("Bind the account to tgtd's discovery sessions (SendTargets), in 'direction'. "
                                + "This is tgtadm's account bind without --tid (tgtd's GLOBAL_TID); '--tid 0' "
                                + "does not mean discovery in tgt. While any incoming account is bound to "
                                + "discovery, discovery logins need CHAP.")
                        .build(),
                ParameterSpec.string(STOP_IF_BOUND).defaultValue("keep")
                        .shortdesc("What stop does while targets still use the account")
                        .longdesc("Deleting a tgt account unbinds it from every target, and a target without an "
                                + "incoming account accepts logins without CHAP. So stop never deletes an "
                                + "account that a target still binds. keep: leave it, log a warning, succeed "
                                + "(a failed stop gets a node fenced). fail: leave it and fail the stop. With "
                                + "the documented ordering (accounts before targets) targets are stopped first "
                                + "and this never happens.")
                        .check(ValueCheck.that(v -> stopIfBound(v).isPresent(), "must be one of keep, fail")).build(),
                TgtdParameters.controlPort());
    }

    static Optional<String> usernameProblem(String v) {
        if (v.equals(TgtClient.DISCOVERY_GUARD_USER)) {
            return Optional.of("is reserved for the tgt client's discovery guard account");
        }
        if (v.getBytes(StandardCharsets.UTF_8).length > 255) {
            return Optional.of("is longer than 255 bytes");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return Optional.of("may contain printable ASCII only, no spaces");
            }
            if (c == ',' || c == '=') {
                // tgtd splits its key=value,... requests at these
                return Optional.of("may not contain ',' or '='");
            }
        }
        return Optional.empty();
    }

    static Optional<AccountDirection> direction(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "incoming", "in" -> Optional.of(AccountDirection.INCOMING);
            case "outgoing", "out" -> Optional.of(AccountDirection.OUTGOING);
            default -> Optional.empty();
        };
    }

    static Optional<StopIfBound> stopIfBound(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "keep" -> Optional.of(StopIfBound.KEEP);
            case "fail" -> Optional.of(StopIfBound.FAIL);
            default -> Optional.empty();
        };
    }
}
