package io.tgtha.agent.iscsitarget;

import io.tgtha.ocf.OcfException;
import io.tgtha.ocf.Secret;
import io.tgtha.ocf.param.Parameters;
import io.tgtha.ocf.text.AsciiSet;
import io.tgtha.ocf.text.Text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The target as the resource configuration wants it, read once from the parameters.
 *
 * @param incomingUsers   CHAP accounts the target requires (any one of them may log in); empty = no CHAP
 * @param incomingPassword legacy mode: the agent may create the (single) incoming account itself
 * @param targetParams    iSCSI target parameters to set, additional_parameters first, then nop_*
 */
public record TargetConfig(String iqn, Optional<Integer> tid, List<Portal> portals, InitiatorAcl acl,
                           List<String> incomingUsers, Optional<Secret> incomingPassword,
                           Optional<String> outgoingUser, Optional<Secret> outgoingPassword,
                           Map<String, String> targetParams, Optional<Integer> nopInterval,
                           Optional<Integer> nopCount, int controlPort) {

    /** tgtd 1.0.85 keeps 16 incoming account slots; a 17th bind is stored but never counted or used. */
    public static final int MAX_INCOMING_ACCOUNTS = 16;
    /** What a CHAP user name may hold (1-255 of them): {@code [A-Za-z0-9._@:+-]{1,255}} as a loop. */
    private static final AsciiSet USER_CHARS = AsciiSet.of("A-Za-z0-9._@:+-");
    private static final int MAX_USER = 255;

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

    public static TargetConfig from(Parameters p) {
        String iqn = p.string("iqn");
        Optional<Integer> tid = p.optionalInteger("tid");
        List<Portal> portals = Portal.parseList(p.optional("portals").orElse(TargetAgent.DEFAULT_PORTALS));
        InitiatorAcl acl = InitiatorAcl.parse(p.optional("allowed_initiators").orElse(null));
        List<String> incoming = users(p.optional("incoming_username").orElse(""));
        Optional<String> outgoingUser = p.optional("outgoing_username");
        Map<String, String> params = new LinkedHashMap<>(
                TargetParameterList.parse(p.optional("additional_parameters").orElse("")));
        Optional<Integer> nopInterval = p.optionalInteger("nop_interval");
        Optional<Integer> nopCount = p.optionalInteger("nop_count");
        // if, not ifPresent(lambda): every operation reads the configuration (see TargetCheck.problems)
        if (nopInterval.isPresent()) {
            params.put("nop_interval", Integer.toString(nopInterval.get()));
        }
        if (nopCount.isPresent()) {
            params.put("nop_count", Integer.toString(nopCount.get()));
        }
        if (nopInterval.isEmpty() && params.containsKey("nop_interval")) {
            nopInterval = Optional.of(Integer.parseInt(params.get("nop_interval")));
        }
        if (nopCount.isEmpty() && params.containsKey("nop_count")) {
            nopCount = Optional.of(Integer.parseInt(params.get("nop_count")));
        }
        return new TargetConfig(iqn, tid, portals, acl, incoming, p.secret("incoming_password"), outgoingUser,
                p.secret("outgoing_password"), params, nopInterval, nopCount,
                p.optionalInteger("tgt_control_port").orElse(0));
    }

    static List<String> users(String text) {
        Set<String> out = new LinkedHashSet<>();
        // trim() first: it also drops control characters at the ends, which whitespace splitting keeps
        out.addAll(Text.words(text.trim()));
        return new ArrayList<>(out);
    }

    static boolean isUserName(String s) {
        return USER_CHARS.matchesAll(s, 1, MAX_USER);
    }

    /** Cross-parameter checks, all configuration errors (rc 6). */
    public static void check(Parameters p) {
        List<String> incoming = users(p.optional("incoming_username").orElse(""));
        for (String u : incoming) {
            if (!isUserName(u)) {
                throw OcfException.configured("incoming_username '" + u + "' may contain only letters, digits and ._@:+-");
            }
        }
        if (incoming.size() > MAX_INCOMING_ACCOUNTS) {
            throw OcfException.configured("at most " + MAX_INCOMING_ACCOUNTS + " incoming usernames (tgtd's account slots)");
        }
        if (p.secret("incoming_password").isPresent() && incoming.size() != 1) {
            throw OcfException.configured(incoming.isEmpty()
                    ? "incoming_password is set but incoming_username is not"
                    : "incoming_password can create one account only; with several incoming usernames leave it unset"
                      + " and manage the accounts with ocf:tgtha:account");
        }
        Optional<String> out = p.optional("outgoing_username");
        if (out.isPresent() && !isUserName(out.get())) {
            throw OcfException.configured("outgoing_username must be one name of letters, digits and ._@:+-");
        }
        if (p.secret("outgoing_password").isPresent() && out.isEmpty()) {
            throw OcfException.configured("outgoing_password is set but outgoing_username is not");
        }
        Map<String, String> extra = TargetParameterList.parse(p.optional("additional_parameters").orElse(""));
        for (String nop : List.of("nop_interval", "nop_count")) {
            if (extra.containsKey(nop)) {
                String v = extra.get(nop);
                if (!Text.isDigits(v, 1, 9)) {
                    throw OcfException.configured("additional_parameters: " + nop + " must be a non-negative integer");
                }
            }
        }
        for (String nop : List.of("nop_interval", "nop_count")) {
            Optional<Integer> v = p.optionalInteger(nop);
            if (v.isPresent() && v.get() < 0) {
                throw OcfException.configured(nop + " must not be negative");
            }
        }
        Optional<Integer> tid = p.optionalInteger("tid");
        if (tid.isPresent() && tid.get() < 1) {
            throw OcfException.configured("tid must be 1 or more, got " + tid.get());
        }
    }
}
