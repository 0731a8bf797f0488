// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cli.migrate;

import io.tgtha.agent.tgt.InitiatorAcl;
import io.tgtha.agent.tgt.ScsiIdentity;
import io.tgtha.cli.migrate.MigrationPlan.AccountClone;
import io.tgtha.cli.migrate.MigrationPlan.Mapped;
import io.tgtha.cli.migrate.MigrationPlan.NotMapped;
import io.tgtha.cli.migrate.MigrationPlan.Order;
import io.tgtha.cli.migrate.MigrationPlan.StockRule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps the stock tgt resources of a CIB to tgt-ha definitions. Everything it cannot map keeps its stock
 * definition and is named with the reason; nothing it maps changes what initiators see (IQN, tid, ACLs,
 * CHAP user, LUN identity, write cache), except where a note says so.
 */
public final class StockMapper {
    /** How the migrated LUNs state write_cache. */
    public enum WriteCache {
        /** true: what the stock LUN ran with (tgtd's default caching mode page, WCE set). */
        KEEP,
        /** false: tgt-ha's default; safe across failover, slower writes. */
        OFF
    }

    /**
     * @param passwordDir    where the CHAP secret files go on every node
     * @param stockProviders the OCF providers whose iSCSITarget, iSCSILogicalUnit and portblock are the stock
     *                       agents: heartbeat, and any under which a site installed its own patched copy
     */
    public record Options(Path passwordDir, WriteCache writeCache, Set<String> stockProviders) {
        public Options {
            stockProviders = Set.copyOf(stockProviders);
        }

        public Options(Path passwordDir, WriteCache writeCache) {
            this(passwordDir, writeCache, Set.of("heartbeat"));
        }
    }

    private static final List<String> TARGET_KEPT = List.of("implementation", "iqn", "tid", "portals",
            "allowed_initiators", "incoming_username", "additional_parameters");
    private static final List<String> LUN_KEPT = List.of("implementation", "target_iqn", "lun", "path", "scsi_id",
            "scsi_sn", "vendor_id", "product_id", "tgt_bstype", "tgt_bsoflags", "tgt_bsopts", "tgt_device_type",
            "additional_parameters");
    /** Stock LUN parameters the stock agent itself ignores with implementation=tgt. */
    private static final Set<String> LUN_IGNORED_FOR_TGT = Set.of("allowed_initiators", "lio_iblock", "emulate_tpu",
            "emulate_3pc", "emulate_caw", "liot_bstype");
    private static final List<String> PORTBLOCK_KEPT = List.of("protocol", "portno", "action", "ip",
            "reset_local_on_unblock_stop", "tickle_dir", "sync_script");
    /** tgtd's caching mode page set by hand: "mode_page=8:..." in the LUN's additional_parameters. */
    private static final Pattern CACHING_MODE_PAGE = Pattern.compile("(^|[\\s,])mode_page=(0x)?0*8:");
    private static final Pattern TGTD_SERVICE = Pattern.compile("tgtd?(\\.service)?");

    private final CibConfiguration cib;
    private final Options options;
    private final List<Mapped> mapped = new ArrayList<>();
    private final List<NotMapped> notMapped = new ArrayList<>();
    private final List<AccountClone> accounts = new ArrayList<>();
    private final List<Order> orders = new ArrayList<>();
    private final List<StockRule> rules = new ArrayList<>();
    private final Set<String> takenIds = new HashSet<>();

    private StockMapper(CibConfiguration cib, Options options) {
        this.cib = cib;
        this.options = options;
    }

    public static MigrationPlan map(CibConfiguration cib, Options options) {
        StockMapper m = new StockMapper(cib, options);
        m.run();
        return new MigrationPlan(List.copyOf(m.mapped), List.copyOf(m.accounts), List.copyOf(m.orders),
                List.copyOf(m.rules), List.copyOf(m.notMapped));
    }

    private void run() {
        List<CibPrimitive> targets = stock("iSCSITarget");
        Set<String> foreignIqns = new HashSet<>();
        Map<String, List<CibPrimitive>> byUser = new LinkedHashMap<>();
        for (CibPrimitive t : targets) {
            String impl = t.params().getOrDefault("implementation", "");
            if (!impl.isEmpty() && !impl.equals("tgt")) {
                foreignIqns.add(t.params().getOrDefault("iqn", ""));
                refuse(t, "implementation=" + impl + ": tgt-ha manages tgt targets only; left on the stock agent");
                continue;
            }
            Optional<String> problem = targetProblem(t);
            if (problem.isPresent()) {
                refuse(t, problem.get());
                continue;
            }
            String user = t.params().getOrDefault("incoming_username", "");
            if (user.isEmpty()) {
                mapTarget(t);
            } else {
                byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(t);
            }
        }
        byUser.forEach(this::mapAccountAndTargets);
        for (CibPrimitive lun : stock("iSCSILogicalUnit")) {
            mapLun(lun, foreignIqns);
        }
        noteSharedWwids();
        Set<String> ruleKeys = new HashSet<>();
        for (CibPrimitive pb : stock("portblock")) {
            mapPortblock(pb, ruleKeys);
        }
    }

    private List<CibPrimitive> stock(String type) {
        return cib.primitives().stream().filter(p -> p.isOcf(type, options.stockProviders())).toList();
    }

    private void refuse(CibPrimitive p, String reason) {
        notMapped.add(new NotMapped(p.id(), reason));
    }

    /** What makes a stock resource of any of the three types impossible to map automatically. */
    private static Optional<String> commonProblem(CibPrimitive p) {
        if (p.cloneId() != null) {
            return Optional.of("it runs in clone " + p.cloneId() + ": every clone instance had its own name ("
                    + p.id() + ":N), hence its own state and defaults; map it by hand");
        }
        if (p.ruleBasedAttributes()) {
            return Optional.of("its parameters come in several sets or under rules: which value applies depends on"
                    + " the node or the time; map it by hand");
        }
        return Optional.empty();
    }

    private static Optional<String> targetProblem(CibPrimitive t) {
        Optional<String> common = commonProblem(t);
        if (common.isPresent()) {
            return common;
        }
        if (t.params().getOrDefault("allowed_initiators", "").isBlank()) {
            return Optional.of("allowed_initiators is unset: the stock agent bound no ACL (tgtd rejected every login),"
                    + " tgt-ha would bind ALL and open the target to everyone; set allowed_initiators on the stock"
                    + " resource to what you mean (ALL included) and run migrate again");
        }
        String acl = t.params().get("allowed_initiators");
        if (acl.contains(",")) {
            return Optional.of("allowed_initiators contains a comma: the stock agent split it at spaces only and"
                    + " passed each word to tgtadm as one address, tgt-ha splits at commas too; write the entries"
                    + " separated by spaces and run migrate again");
        }
        List<String> names;
        try {
            names = InitiatorAcl.parse(acl).names();
        } catch (IllegalArgumentException e) {
            return Optional.of("allowed_initiators: " + e.getMessage() + "; tgt-ha refuses it (rc 6): correct it on"
                    + " the stock resource and run migrate again");
        }
        if (!names.isEmpty()) {
            return Optional.of("allowed_initiators names initiator(s) " + names + ": the stock agent bound every entry"
                    + " as an initiator ADDRESS (tgtadm --initiator-address), so these never matched and could not log"
                    + " in; tgt-ha binds them as initiator names and would let them in. Remove them, or accept the"
                    + " change, before migrating");
        }
        boolean user = !t.params().getOrDefault("incoming_username", "").isEmpty();
        boolean password = !t.params().getOrDefault("incoming_password", "").isEmpty();
        if (user && !password) {
            return Optional.of("incoming_username without incoming_password: the stock agent created the account"
                    + " with an empty secret; give the account a secret first");
        }
        return Optional.empty();
    }

    private void mapTarget(CibPrimitive t) {
        List<String> notes = new ArrayList<>();
        Map<String, String> params = kept(t, TARGET_KEPT);
        if (!t.params().containsKey("implementation")) {
            notes.add("implementation was unset: the stock agent chose by the tools installed (ietadm before tgtadm);"
                    + " mapped as tgt");
        }
        params.put("implementation", "tgt");
        if (!t.params().containsKey("tid")) {
            notes.add("tid was unset: tgt-ha takes the lowest free tid; set it if initiators or scripts rely on one");
        }
        if (t.params().containsKey("incoming_password")) {
            notes.add("incoming_password leaves the CIB: the account clone reads the secret from a file");
        }
        mapped.add(new Mapped(t, "target", params, removed(t, params.keySet()), notes));
    }

    /**
     * One account clone per CHAP user: stock targets each created (and on stop deleted) the same global tgt
     * account; they must all agree on its secret, compared here and never shown.
     */
    private void mapAccountAndTargets(String user, List<CibPrimitive> targets) {
        Set<String> secrets = new HashSet<>();
        targets.forEach(t -> secrets.add(t.params().get("incoming_password")));
        if (secrets.size() > 1) {
            for (CibPrimitive t : targets) {
                refuse(t, "CHAP user " + user + " has different incoming_password values on "
                        + targets.stream().map(CibPrimitive::id).toList() + " (not shown): tgtd holds one secret per"
                        + " user, so whichever target started last decided it; make them equal first");
            }
            return;
        }
        Optional<CibPrimitive> tgtd = tgtdPrimitive();
        if (tgtd.isPresent() && tgtd.get().cloneId() == null) {
            for (CibPrimitive t : targets) {
                refuse(t, "CHAP user " + user + " needs an account clone, which needs tgtd on every node, but tgtd ("
                        + tgtd.get().id() + ") is not a clone; clone it first (docs/shared-accounts.md)");
            }
            return;
        }
        Optional<CibPrimitive> existing = cib.primitives().stream()
                .filter(p -> p.is("ocf", "tgtha", "account") && user.equals(p.params().get("username")))
                .findFirst();
        String inCib = existing.map(e -> e.params().get("password")).orElse(null);
        if (inCib != null && !secrets.contains(inCib)) {
            for (CibPrimitive t : targets) {
                refuse(t, "CHAP user " + user + " already has a tgt-ha account, " + existing.get().id()
                        + ", whose password differs from the stock targets' (not shown): binding them to it would"
                        + " change the secret initiators log in with; make them equal first");
            }
            return;
        }
        List<String> containers = new ArrayList<>();
        for (CibPrimitive t : targets) {
            mapTarget(t);
            if (!containers.contains(t.container())) {
                containers.add(t.container());
            }
        }
        String primitiveId;
        String cloneId;
        Path file;
        if (existing.isPresent()) {
            primitiveId = existing.get().id();
            cloneId = existing.get().cloneId() != null ? existing.get().cloneId() : primitiveId;
            file = existing.get().params().containsKey("password_file")
                    ? Path.of(existing.get().params().get("password_file")) : null;
        } else {
            String base = "chap-" + idSafe(user);
            primitiveId = freshId(base);
            cloneId = freshId(primitiveId + "-clone");
            file = options.passwordDir().resolve("chap-" + idSafe(user) + ".secret");
        }
        accounts.add(new AccountClone(primitiveId, cloneId, user, file, targets.get(0).id(),
                targets.stream().map(CibPrimitive::id).toList(), existing.isPresent()));
        tgtd.ifPresent(d -> orders.add(new Order(freshId("o-" + d.cloneId() + "-before-" + cloneId), d.cloneId(),
                cloneId)));
        for (String c : containers) {
            orders.add(new Order(freshId("o-" + cloneId + "-before-" + c), cloneId, c));
        }
    }

    /** The resource that runs tgtd, if the cluster manages it. */
    private Optional<CibPrimitive> tgtdPrimitive() {
        return cib.primitives().stream()
                .filter(p -> Set.of("systemd", "lsb", "service").contains(p.agentClass())
                        && TGTD_SERVICE.matcher(p.type()).matches())
                .findFirst();
    }

    private void mapLun(CibPrimitive lun, Set<String> foreignIqns) {
        String impl = lun.params().getOrDefault("implementation", "");
        if (!impl.isEmpty() && !impl.equals("tgt")) {
            refuse(lun, "implementation=" + impl + ": tgt-ha manages tgt LUNs only; left on the stock agent");
            return;
        }
        if (foreignIqns.contains(lun.params().getOrDefault("target_iqn", ""))) {
            refuse(lun, "its target " + lun.params().get("target_iqn") + " stays on the stock agent (not tgt)");
            return;
        }
        Optional<String> problem = commonProblem(lun).or(() -> lunProblem(lun));
        if (problem.isPresent()) {
            refuse(lun, problem.get());
            return;
        }
        List<String> notes = new ArrayList<>();
        Map<String, String> params = kept(lun, LUN_KEPT);
        params.put("implementation", "tgt");
        if (!lun.params().containsKey("scsi_id")) {
            params.put("scsi_id", StockLunIdentity.defaultScsiId(lun.id()));
            notes.add("scsi_id: the stock default (first 16 characters of the name), explicit so the WWID"
                    + " (VPD 0x83) stays");
        }
        if (!lun.params().containsKey("scsi_sn")) {
            params.put("scsi_sn", StockLunIdentity.defaultScsiSn(lun.id()));
            notes.add("scsi_sn: the stock default (first 8 hex digits of MD5 of the name), explicit so the serial"
                    + " (VPD 0x80) stays");
        }
        String extra = lun.params().getOrDefault("additional_parameters", "");
        if (CACHING_MODE_PAGE.matcher(extra).find()) {
            notes.add("write_cache left out: additional_parameters sets the caching mode page (mode_page=8:...)"
                    + " itself, and tgt-ha applies it last");
        } else if (options.writeCache() == WriteCache.KEEP) {
            params.put("write_cache", "true");
            notes.add("write_cache=true is what the stock LUN ran with (tgtd's default: write-back cache"
                    + " advertised, WCE=1). tgt-ha's default is false: no volatile cache for a failover to lose,"
                    + " but tgtd then writes through, and writes get slower. Switch when you accept that"
                    + " (takes effect at the LUN's next start)");
        } else {
            params.put("write_cache", "false");
            notes.add("write_cache=false (--write-cache off): the stock LUN advertised a write-back cache (WCE=1);"
                    + " now tgtd writes through: safe across failover, slower writes. Takes effect at the LUN's next"
                    + " start");
        }
        List<String> ignored = lun.params().keySet().stream().filter(LUN_IGNORED_FOR_TGT::contains).toList();
        if (!ignored.isEmpty()) {
            notes.add(String.join(", ", ignored) + ": ignored by the stock agent with tgt; dropped");
        }
        mapped.add(new Mapped(lun, "lun", params, removed(lun, params.keySet()), notes));
    }

    /**
     * tgtd builds the WWID from the hex digits of scsi_id only, so stock names such as vol1 and data1 give two
     * LUNs one WWID, and multipath may take them for two paths to one disk. Kept as it is (changing it changes
     * the disk under the initiators), but said.
     */
    private void noteSharedWwids() {
        Map<String, List<Mapped>> byWwid = new LinkedHashMap<>();
        mapped.stream().filter(m -> m.tgthaType().equals("lun")).forEach(m -> byWwid
                .computeIfAbsent(ScsiIdentity.naaDesignator(m.params().get("scsi_id")), w -> new ArrayList<>()).add(m));
        byWwid.forEach((wwid, luns) -> {
            if (luns.size() > 1) {
                for (Mapped m : luns) {
                    m.notes().add("shares WWID 0x" + wwid + " with " + luns.stream().filter(o -> o != m)
                            .map(o -> o.source().id()).toList() + " (tgtd reads only scsi_id's hex digits): kept so"
                            + " initiators see no change, but multipath may merge these LUNs; give each a scsi_id with"
                            + " 12 or more hex digits in a planned window (docs/migration.md)");
                }
            }
        });
    }

    private static Optional<String> lunProblem(CibPrimitive lun) {
        if ("0".equals(lun.params().get("lun"))) {
            return Optional.of("lun=0 is tgtd's controller LUN; tgt-ha refuses it (rc 6)");
        }
        for (String key : List.of("scsi_id", "scsi_sn")) {
            String v = lun.params().get(key);
            if (v == null) {
                continue;
            }
            if (v.isEmpty()) {
                return Optional.of(key + " is set but empty: the stock agent then left tgtd's default, which"
                        + " depends on the tid, and tgt-ha cannot reproduce it; read the current value with"
                        + " iscsi-inq or sg_inq and set it explicitly");
            }
            if (v.chars().anyMatch(c -> c == ' ' || c == ',' || c == '\t')) {
                return Optional.of(key + " contains a space or comma: the stock agent passed it to tgtadm split at"
                        + " that character; read the value the LUN really has and set that");
            }
        }
        String id = lun.params().get("scsi_id");
        if (id != null && id.length() > 36) {
            return Optional.of("scsi_id is longer than 36 characters: tgtd truncated it, tgt-ha refuses it (rc 6);"
                    + " set the value the LUN really has (VPD 0x83)");
        }
        return Optional.empty();
    }

    private void mapPortblock(CibPrimitive pb, Set<String> ruleKeys) {
        Optional<String> problem = commonProblem(pb);
        if (problem.isPresent()) {
            refuse(pb, problem.get());
            return;
        }
        List<String> notes = new ArrayList<>();
        Map<String, String> params = kept(pb, PORTBLOCK_KEPT);
        String protocol = pb.params().getOrDefault("protocol", "");
        String direction = pb.params().getOrDefault("direction", "in");
        if (protocol.equals("tcp")) {
            params.put("direction", "out");
            params.put("method", "reject");
            if (!direction.equals("out")) {
                notes.add("direction=" + direction + " (DROP on INPUT) becomes out with method=reject: tgtd's own"
                        + " packets get a TCP reset, so a stop no longer waits for a full Send-Q to drain");
            } else {
                notes.add("direction=out: DROP becomes method=reject (TCP reset), so connections end at once");
            }
        } else {
            params.put("direction", direction);
            params.put("method", "drop");
            notes.add("protocol=" + protocol + ": kept as the stock agent had it (DROP, direction=" + direction + ")");
        }
        mapped.add(new Mapped(pb, "portblock", params, removed(pb, params.keySet()), notes));
        stockRules(pb, protocol, direction, ruleKeys);
    }

    /** The rules the stock agent puts in for this instance, exactly as it writes them (iptables, IPv4). */
    private void stockRules(CibPrimitive pb, String protocol, String direction, Set<String> ruleKeys) {
        String ip = pb.params().getOrDefault("ip", "0.0.0.0/0");
        String ports = pb.params().getOrDefault("portno", "");
        if (ip.contains(":") || protocol.isEmpty() || ports.isEmpty()) {
            return; // the stock agent's iptables call fails for these: it never left a rule
        }
        List<StockPortblockRule> add = new ArrayList<>();
        if (direction.equals("in") || direction.equals("both")) {
            add.add(StockPortblockRule.INPUT_DROP);
        }
        if (direction.equals("out") || direction.equals("both")) {
            add.add(StockPortblockRule.OUTPUT_DROP);
        }
        if (protocol.equals("tcp") && "unblock".equals(pb.params().get("action"))
                && isTrue(pb.params().get("reset_local_on_unblock_stop")) && !direction.equals("out")) {
            add.add(StockPortblockRule.OUTPUT_RESET);
        }
        for (StockPortblockRule shape : add) {
            String spec = shape.spec(protocol, ip, ports);
            if (ruleKeys.add(shape.chain() + " " + spec)) {
                rules.add(new StockRule(pb.id(), shape.chain(), spec));
            }
        }
    }

    private static boolean isTrue(String v) {
        return v != null && Set.of("yes", "true", "1", "on", "y").contains(v.toLowerCase(java.util.Locale.ROOT));
    }

    private static Map<String, String> kept(CibPrimitive p, List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        p.params().forEach((k, v) -> {
            if (names.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static List<String> removed(CibPrimitive p, Set<String> kept) {
        return p.params().keySet().stream().filter(k -> !kept.contains(k)).toList();
    }

    private String freshId(String base) {
        String id = base;
        for (int n = 2; cib.hasId(id) || takenIds.contains(id); n++) {
            id = base + "-" + n;
        }
        takenIds.add(id);
        return id;
    }

    /** An XML id from a CHAP user name: letters, digits, '.', '_', '-' kept, anything else '_'. */
    static String idSafe(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_'
                || c == '-') ? (char) c : '_'));
        return b.toString();
    }
}
