// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.iscsitarget;

import io.tgtha.agent.tgt.InitiatorAcl;
import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.param.Parameters;
import io.tgtha.ocf.param.SecretSource;
import io.tgtha.ocf.text.Text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The target as the resource configuration wants it, read once from the parameters.
 *
 * @param incomingUsers   CHAP accounts the target requires (any one of them may log in); empty = no CHAP
 * @param incomingPassword legacy mode: the agent may create the (single) incoming account itself, with the secret
 *                        of incoming_password or incoming_password_file (read only when the account is created)
 * @param targetParams    iSCSI target parameters to set, additional_parameters first, then nop_*
 */
public record TargetConfig(String iqn, Optional<Integer> tid, List<Portal> portals, InitiatorAcl acl,
                           List<String> incomingUsers, Optional<SecretSource> incomingPassword,
                           Optional<String> outgoingUser, Optional<SecretSource> outgoingPassword,
                           Map<String, String> targetParams, Optional<Integer> nopInterval,
                           Optional<Integer> nopCount, int controlPort) {

    /** tgtd 1.0.85 keeps 16 incoming account slots; a 17th bind is stored but never counted or used. */
    public static final int MAX_INCOMING_ACCOUNTS = 16;
    /** What a CHAP user name may hold. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@:+-]{1,255}");
    private static final Pattern NOP_VALUE = Pattern.compile("[0-9]{1,9}");

    public TargetConfig {
        portals = List.copyOf(portals);
        incomingUsers = List.copyOf(incomingUsers);
        targetParams = Map.copyOf(new LinkedHashMap<>(targetParams));
    }

    public boolean chapRequired() {
        return !incomingUsers.isEmpty();
    }

    /** Legacy (stock agent) mode: the password is in the resource, so the agent may create the account. */
    public boolean managesIncomingAccount() {
        return incomingPassword.isPresent();
    }

    public boolean managesOutgoingAccount() {
        return outgoingPassword.isPresent();
    }

    /** The configuration of one operation, after the declared checks passed; a bad combination is rc 6. */
    public static TargetConfig from(Parameters p) {
        Optional<SecretSource> incomingPassword = SecretSource.of(p, "incoming_password", "incoming_password_file");
        Optional<SecretSource> outgoingPassword = SecretSource.of(p, "outgoing_password", "outgoing_password_file");
        checkCombinations(p, incomingPassword, outgoingPassword);
        Map<String, String> params = new LinkedHashMap<>(
                TargetParameterList.parse(p.optional("additional_parameters").orElse("")));
        Optional<Integer> nopInterval = p.optionalInteger("nop_interval");
        Optional<Integer> nopCount = p.optionalInteger("nop_count");
        nopInterval.ifPresent(n -> params.put("nop_interval", Integer.toString(n)));
        nopCount.ifPresent(n -> params.put("nop_count", Integer.toString(n)));
        return new TargetConfig(p.string("iqn"), p.optionalInteger("tid"),
                Portal.parseList(p.optional("portals").orElse(TargetAgent.DEFAULT_PORTALS)),
                InitiatorAcl.parse(p.optional("allowed_initiators").orElse(null)),
                users(p.optional("incoming_username").orElse("")), incomingPassword,
                p.optional("outgoing_username"), outgoingPassword, params,
                nopInterval.or(() -> Optional.ofNullable(params.get("nop_interval")).map(Integer::parseInt)),
                nopCount.or(() -> Optional.ofNullable(params.get("nop_count")).map(Integer::parseInt)),
                p.integer("tgt_control_port"));
    }

    static List<String> users(String text) {
        // trim() first: it also drops control characters at the ends, which whitespace splitting keeps
        return Text.words(text.trim()).stream().distinct().toList();
    }

    static boolean isUserName(String s) {
        return USER_NAME.matcher(s).matches();
    }

    /** Checks of several parameters together, or of a list's members; all configuration errors (rc 6). */
    private static void checkCombinations(Parameters p, Optional<SecretSource> incomingPassword,
                                          Optional<SecretSource> outgoingPassword) {
        List<String> incoming = users(p.optional("incoming_username").orElse(""));
        for (String u : incoming) {
            if (!isUserName(u)) {
                throw OcfException.configured("incoming_username '" + u + "' may contain only letters, digits and ._@:+-");
            }
        }
        if (incoming.size() > MAX_INCOMING_ACCOUNTS) {
            throw OcfException.configured("at most " + MAX_INCOMING_ACCOUNTS + " incoming usernames (tgtd's account slots)");
        }
        Optional<String> inSecret = incomingPassword.map(SecretSource::parameter);
        if (inSecret.isPresent() && incoming.size() != 1) {
            throw OcfException.configured(incoming.isEmpty()
                    ? inSecret.get() + " is set but incoming_username is not"
                    : inSecret.get() + " can create one account only; with several incoming usernames leave it unset"
                      + " and manage the accounts with ocf:tgtha:account");
        }
        Optional<String> out = p.optional("outgoing_username");
        if (out.isPresent() && !isUserName(out.get())) {
            throw OcfException.configured("outgoing_username must be one name of letters, digits and ._@:+-");
        }
        Optional<String> outSecret = outgoingPassword.map(SecretSource::parameter);
        if (outSecret.isPresent() && out.isEmpty()) {
            throw OcfException.configured(outSecret.get() + " is set but outgoing_username is not");
        }
        Map<String, String> extra = TargetParameterList.parse(p.optional("additional_parameters").orElse(""));
        for (String nop : List.of("nop_interval", "nop_count")) {
            if (extra.containsKey(nop) && !NOP_VALUE.matcher(extra.get(nop)).matches()) {
                throw OcfException.configured("additional_parameters: " + nop + " must be a non-negative integer");
            }
        }
    }
}
