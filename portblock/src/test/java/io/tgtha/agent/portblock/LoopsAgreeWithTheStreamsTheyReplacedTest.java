package io.tgtha.agent.portblock;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operation path uses plain loops where it used streams and lambdas (their first use costs a
 * 50 ms agent JVM class loading and method-handle linking). Each loop is checked here against the
 * stream expression it replaced, kept in the test, on ordinary and edge-case inputs.
 */
class LoopsAgreeWithTheStreamsTheyReplacedTest {
    private static final List<String> PORT_LISTS = List.of("3260", "3260,5000:5010", "1:2,3,4-9,65535",
            "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15", "5000:5000");

    @Test
    void portListRendering() {
        for (String text : PORT_LISTS) {
            PortList p = PortList.parse(text);
            List<PortList.Range> r = p.ranges();
            assertThat(p.iptables()).as(text).isEqualTo(r.stream().map(PortList.Range::iptables)
                    .collect(Collectors.joining(",")));
            if (r.size() > 1) {
                assertThat(p.nft()).as(text).isEqualTo(r.stream().map(PortList.Range::nft)
                        .collect(Collectors.joining(", ", "{ ", " }")));
            }
            assertThat(p.ssLocalPortFilter()).as(text).isEqualTo(r.stream()
                    .map(x -> x.isSingle() ? "sport = :" + x.first()
                            : "( sport >= :" + x.first() + " and sport <= :" + x.last() + " )")
                    .collect(Collectors.joining(" or ", "( ", " )")));
            assertThat(p.slots()).as(text).isEqualTo(r.stream().mapToInt(x -> x.isSingle() ? 1 : 2).sum());
            for (int port : new int[] {1, 2, 3, 9, 10, 3259, 3260, 3261, 5000, 5010, 5011, 65535}) {
                assertThat(p.contains(port)).as(text + " contains " + port)
                        .isEqualTo(r.stream().anyMatch(x -> x.contains(port)));
            }
        }
    }

    @Test
    void ssAddressFilter() {
        PortList ports = PortList.parse("3260,5000:5010");
        List<List<String>> cases = List.of(List.of("10.231.2.1"), List.of("10.231.2.1", "10.231.2.0/24"),
                List.of("10.231.2.1", "0.0.0.0/0"), List.of("fd00::1", "fd00::/64"), List.of("::/0"));
        for (List<String> ips : cases) {
            List<IpPrefix> prefixes = new ArrayList<>();
            for (String ip : ips) {
                prefixes.add(IpPrefix.parse(ip));
            }
            String before = prefixes.stream().anyMatch(IpPrefix::isAny) ? ports.ssLocalPortFilter()
                    : ports.ssLocalPortFilter() + " and " + prefixes.stream()
                    .map(p -> "src " + SocketTable.ssAddress(p)).collect(Collectors.joining(" or ", "( ", " )"));
            assertThat(SocketTable.filter(prefixes, ports)).as(ips.toString()).isEqualTo(before);
        }
    }

    @Test
    void families() {
        for (String ips : List.of("10.0.0.1", "10.0.0.1,10.0.0.2", "fd00::1", "10.0.0.1,fd00::1,10.0.0.0/8")) {
            List<IpPrefix> list = IpPrefix.parseList(ips);
            PortblockConfig c = new PortblockConfig(Protocol.TCP, PortList.parse("3260"), BlockAction.BLOCK, list,
                    Direction.IN, Method.DROP, FirewallChoice.AUTO, false, Optional.empty(), Optional.empty());
            assertThat(c.families()).as(ips).isEqualTo(list.stream().map(IpPrefix::family)
                    .collect(Collectors.toUnmodifiableSet()));
        }
    }

    @Test
    void nonBlankLinesCountsWhatLinesFilterCounted() {
        List<String> texts = List.of("", "\n", "a", "a\n", "a\nb", "a\n\nb\n", " \t\n  x  \n", "a\r\nb\r\n",
                "a\rb\r", "\r\n\r\n", "x\u2003\ny", "\u2003\n\u00a0\n", "\u2028", "a\u2028b", "\ud83d\ude00\n \n",
                "\ud800\n", "10.0.0.1:3260\t10.0.0.2:4000\n10.0.0.1:3260\t10.0.0.3:4001\n");
        for (String t : texts) {
            assertThat(TickleDir.nonBlankLines(t)).as("'%s'", t)
                    .isEqualTo((int) t.lines().filter(l -> !l.isBlank()).count());
        }
    }

    @Test
    void halfIsDividedByTwo() {
        for (Duration d : List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(3), Duration.ofMillis(2001),
                Duration.ofSeconds(2), Duration.ofSeconds(20, 999_999_999), Duration.ofNanos(-3),
                Duration.ofSeconds(-1, 1), Duration.ofSeconds(8_999_999_999L), Duration.ofDays(10_000_000),
                Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MIN_VALUE))) {
            assertThat(ConnectionReset.half(d)).as(d.toString()).isEqualTo(d.dividedBy(2));
        }
    }

    @Test
    void tickleTcpSearchOrderIsUnchanged() {
        List<String> asked = new ArrayList<>();
        Optional<Path> found = TickleDir.findTickleTcp(Optional.of("/opt/ha/bin"), name -> {
            asked.add(name);
            return name.startsWith("/usr/lib/heartbeat") ? Optional.of(Path.of(name)) : Optional.empty();
        });
        // HA_BIN first, then the distributions' places, stopping at the first hit
        assertThat(found).contains(Path.of("/usr/lib/heartbeat/tickle_tcp"));
        assertThat(asked).containsExactly("/opt/ha/bin/tickle_tcp", "/usr/libexec/heartbeat/tickle_tcp",
                "/usr/lib/heartbeat/tickle_tcp");
        asked.clear();
        assertThat(TickleDir.findTickleTcp(Optional.of("relative/bin"), name -> {
            asked.add(name);
            return Optional.empty();
        })).isEmpty();
        assertThat(asked).doesNotContain("relative/bin/tickle_tcp").hasSize(4);
    }
}
