// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.packetfilter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NftFilterParseTest {
    /** Captured from nft 1.0.6 (nft -j list table inet tgtha_portblock). */
    private static final String SAMPLE = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}}, \
            {"table": {"family": "inet", "name": "tgtha_portblock", "handle": 1}}, \
            {"chain": {"family": "inet", "table": "tgtha_portblock", "name": "input", "handle": 1, "type": "filter", "hook": "input", "prio": -5, "policy": "accept"}}, \
            {"rule": {"family": "inet", "table": "tgtha_portblock", "chain": "input", "handle": 6, "comment": "pb \\"y\\"", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "udp", "field": "dport"}}, "right": 3260}}, {"reject": {"type": "icmpx", "expr": "port-unreachable"}}]}}, \
            {"rule": {"family": "inet", "table": "tgtha_portblock", "chain": "output", "handle": 4, "comment": "tgtha-portblock output tcp 10.231.2.1/32 3260 reject", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "sport"}}, "right": {"set": [{"range": [1000, 2000]}, 3260]}}}, {"drop": null}]}}]}
            """;

    @Test
    void findsRulesWithHandlesAndComments() throws Exception {
        assertThat(NftFilter.parse(SAMPLE)).containsExactly(
                new NftFilter.Found("input", 6, "pb \"y\""),
                new NftFilter.Found("output", 4, "tgtha-portblock output tcp 10.231.2.1/32 3260 reject"));
    }

    @Test
    void garbageIsATypedFailure() {
        assertThatThrownBy(() -> NftFilter.parse("{\"nftables\": [")).isInstanceOf(PacketFilterException.class);
        assertThatThrownBy(() -> NftFilter.parse("[]")).isInstanceOf(PacketFilterException.class);
    }
}
