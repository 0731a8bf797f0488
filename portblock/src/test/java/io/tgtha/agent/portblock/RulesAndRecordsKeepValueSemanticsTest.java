// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.agent.portblock;

import io.tgtha.packetfilter.BlockRule;
import io.tgtha.packetfilter.Chain;
import io.tgtha.packetfilter.ConnectionReset;
import io.tgtha.packetfilter.IpPrefix;
import io.tgtha.packetfilter.Method;
import io.tgtha.packetfilter.NftFilter;
import io.tgtha.packetfilter.PortList;
import io.tgtha.packetfilter.Protocol;
import io.tgtha.packetfilter.TcpConnection;

import io.tgtha.ocf.OcfEnvironment;
import io.tgtha.ocf.log.OcfLog;
import io.tgtha.ocf.param.ParameterSpec;
import io.tgtha.ocf.param.Parameters;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The values the rule changes compare and hash (sets of rules, liftBlock's contains, a batch's merge) and the
 * other records of the portblock path: equal components are equal with the same hash, a difference in any one
 * component is not equal, and a rule given in another spelling ("10.231.2.1" and "10.231.2.1/32", "5000:5010"
 * and "5000-5010") is the same rule.
 */
class RulesAndRecordsKeepValueSemanticsTest {

    /** a equals a copy of itself (same hash), and differs from every variant with one component changed */
    private static <T> void pinsValueSemantics(T value, T copy, List<T> oneComponentChanged) {
        assertThat(value).isNotSameAs(copy);
        assertThat(value).isEqualTo(copy);
        assertThat(copy).isEqualTo(value);
        assertThat(value.hashCode()).isEqualTo(copy.hashCode());
        assertThat(value).isEqualTo(value);
        assertThat(value).isNotEqualTo(null);
        assertThat(value).isNotEqualTo("not a record of this kind");
        assertThat(oneComponentChanged).hasSize(recordComponents(value));
        for (T other : oneComponentChanged) {
            assertThat(value).as("differs from %s", other).isNotEqualTo(other);
            assertThat(other).as("differs from %s", value).isNotEqualTo(value);
        }
        Set<T> set = new HashSet<>(oneComponentChanged);
        assertThat(set).doesNotContain(value);
        set.add(copy);
        assertThat(set).contains(value);
    }

    private static int recordComponents(Object value) {
        return value.getClass().getRecordComponents().length;
    }

    @Test
    void blockRule() {
        BlockRule r = rule(Chain.OUTPUT, Protocol.TCP, "10.231.2.1", "3260,5000:5010", Method.REJECT);
        pinsValueSemantics(r, rule(Chain.OUTPUT, Protocol.TCP, "10.231.2.1/32", "3260, 5000-5010", Method.REJECT),
                List.of(rule(Chain.INPUT, Protocol.TCP, "10.231.2.1", "3260,5000:5010", Method.REJECT),
                        rule(Chain.OUTPUT, Protocol.UDP, "10.231.2.1", "3260,5000:5010", Method.REJECT),
                        rule(Chain.OUTPUT, Protocol.TCP, "10.231.2.2", "3260,5000:5010", Method.REJECT),
                        rule(Chain.OUTPUT, Protocol.TCP, "10.231.2.1", "3260,5000:5011", Method.REJECT),
                        rule(Chain.OUTPUT, Protocol.TCP, "10.231.2.1", "3260,5000:5010", Method.DROP),
                        new BlockRule(Chain.OUTPUT, Protocol.TCP, IpPrefix.parse("10.231.2.1"),
                                PortList.parse("3260,5000:5010"), Method.REJECT, IpPrefix.parse("10.231.2.9"))));
        // its toString is its key, which the logs print
        assertThat(r).hasToString("output tcp 10.231.2.1/32 3260,5000:5010 reject");
        // what liftBlock and resetWithRules rely on: a rule built again is found in lists and sets
        assertThat(List.of(r).contains(rule(Chain.OUTPUT, Protocol.TCP, "10.231.2.1", "3260,5000:5010",
                Method.REJECT))).isTrue();
        assertThat(new HashSet<>(ConnectionReset.resetRules(List.of(IpPrefix.parse("10.231.2.1")),
                PortList.parse("3260,5000:5010")))).containsExactly(r);
    }

    @Test
    void portRange() {
        PortList.Range r = PortList.parse("5000:5010").ranges().get(0);
        pinsValueSemantics(r, new PortList.Range(5000, 5010),
                List.of(new PortList.Range(5001, 5010), new PortList.Range(5000, 5011)));
        assertThat(new PortList.Range(5000, 5010)).isNotEqualTo(new PortList.Range(5010, 5000));
    }

    @Test
    void tcpConnection() {
        TcpConnection c = new TcpConnection("10.231.2.1:3260", "10.231.2.2:40000", 1, 2);
        pinsValueSemantics(c, new TcpConnection("10.231.2.1:3260", "10.231.2.2:" + 40000, 1, 2),
                List.of(new TcpConnection("10.231.2.1:3261", "10.231.2.2:40000", 1, 2),
                        new TcpConnection("10.231.2.1:3260", "10.231.2.2:40001", 1, 2),
                        new TcpConnection("10.231.2.1:3260", "10.231.2.2:40000", 3, 2),
                        new TcpConnection("10.231.2.1:3260", "10.231.2.2:40000", 1, 3)));
        // the queues are not interchangeable
        assertThat(c).isNotEqualTo(new TcpConnection("10.231.2.1:3260", "10.231.2.2:40000", 2, 1));
        assertThat(new TcpConnection(null, null, 0, 0)).isEqualTo(new TcpConnection(null, null, 0, 0))
                .isNotEqualTo(new TcpConnection("", null, 0, 0));
    }

    @Test
    void connectionResetOutcome() {
        ConnectionReset.Outcome o = new ConnectionReset.Outcome(3, 1, 2_800_000L, Duration.ofMillis(250));
        pinsValueSemantics(o, new ConnectionReset.Outcome(3, 1, 2_800_000L, Duration.ofNanos(250_000_000L)),
                List.of(new ConnectionReset.Outcome(4, 1, 2_800_000L, Duration.ofMillis(250)),
                        new ConnectionReset.Outcome(3, 0, 2_800_000L, Duration.ofMillis(250)),
                        new ConnectionReset.Outcome(3, 1, 2_800_001L, Duration.ofMillis(250)),
                        new ConnectionReset.Outcome(3, 1, 2_800_000L, Duration.ofMillis(251))));
    }

    @Test
    void nftFound() {
        NftFilter.Found f = new NftFilter.Found("output", 7, "tgtha-portblock output tcp 10.231.2.1/32 3260 reject");
        pinsValueSemantics(f, new NftFilter.Found("out" + "put", 7L,
                        "tgtha-portblock output tcp 10.231.2.1/32 3260 reject"),
                List.of(new NftFilter.Found("input", 7, "tgtha-portblock output tcp 10.231.2.1/32 3260 reject"),
                        new NftFilter.Found("output", 8, "tgtha-portblock output tcp 10.231.2.1/32 3260 reject"),
                        new NftFilter.Found("output", 7, "tgtha-portblock output tcp 10.231.2.1/32 3261 reject")));
    }

    @Test
    void portblockConfig() {
        Map<String, String> base = new HashMap<>(Map.of("protocol", "tcp", "portno", "3260", "action", "unblock",
                "ip", "10.231.2.1", "direction", "out", "method", "reject", "firewall", "iptables",
                "reset_local_on_unblock_stop", "true", "tickle_dir", "/var/lib/tickles",
                "sync_script", "csync2 -xv"));
        PortblockConfig c = config(base);
        pinsValueSemantics(c, config(base), List.of(
                config(with(base, "protocol", "udp")),
                config(with(base, "portno", "3261")),
                config(with(base, "action", "block")),
                config(with(base, "ip", "10.231.2.1,10.231.2.2")),
                config(with(base, "direction", "both")),
                config(with(base, "method", "drop")),
                config(with(base, "firewall", "nft")),
                config(with(base, "reset_local_on_unblock_stop", "false")),
                config(with(base, "tickle_dir", "/var/lib/other")),
                config(with(base, "sync_script", "csync2 -x"))));
        // unset optional parameters: empty Optionals on both sides, still equal
        Map<String, String> minimal = Map.of("protocol", "tcp", "portno", "3260", "action", "block");
        assertThat(config(minimal)).isEqualTo(config(minimal)).hasSameHashCodeAs(config(minimal));
    }

    private static BlockRule rule(Chain chain, Protocol protocol, String ip, String ports, Method method) {
        return new BlockRule(chain, protocol, IpPrefix.parse(ip), PortList.parse(ports), method);
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(name, value);
        return m;
    }

    private static PortblockConfig config(Map<String, String> values) {
        Map<String, String> env = new HashMap<>();
        values.forEach((k, v) -> env.put(OcfEnvironment.RESKEY_PREFIX + k, v));
        OcfEnvironment e = new OcfEnvironment(env);
        List<ParameterSpec> specs = new PortblockAgent().metadata().parameters();
        return PortblockConfig.from(Parameters.read(specs, e,
                new OcfLog(e, "portblock", new PrintStream(OutputStream.nullOutputStream()))));
    }
}
