package io.tgtha.cli;

import io.tgtha.cli.tgt.AccountBinding;
import io.tgtha.cli.tgt.ConnectionInfo;
import io.tgtha.cli.tgt.TargetInfo;
import io.tgtha.cli.tgt.TgtShowParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TgtShowParserTest {
    @Test
    void readsATargetUnderLoadWithItsSessionAndLuns() {
        List<TargetInfo> t = TgtShowParser.parse(Captured.read("show-target-load.txt"));
        assertThat(t).hasSize(1);
        TargetInfo one = t.get(0);
        assertThat(one.tid()).isEqualTo(1);
        assertThat(one.iqn()).isEqualTo("iqn.2026-01.io.tgtha:op.cap1");
        assertThat(one.state()).isEqualTo("ready");
        assertThat(one.sessions()).hasSize(1);
        assertThat(one.sessions().get(0).initiator()).isEqualTo("iqn.2010-11.libiscsi:iscsi-perf");
        assertThat(one.sessions().get(0).connections()).containsExactly(new ConnectionInfo(0, "10.231.4.202"));
        assertThat(one.luns()).hasSize(2);
        assertThat(one.luns().get(0).isController()).isTrue();
        assertThat(one.luns().get(0).backingStorePath()).isNull();
        assertThat(one.luns().get(1).backingStorePath()).isEqualTo("/tmp/opcap/lun1.img");
        assertThat(one.luns().get(1).sizeMb()).isEqualTo(67);
        assertThat(one.acls()).containsExactly("ALL");
        assertThat(one.accounts()).isEmpty();
    }

    @Test
    void readsTwoTargetsWithAccountsAclsOfflineStateAndNopFields() {
        List<TargetInfo> t = TgtShowParser.parse(Captured.read("show-target-two.txt"));
        assertThat(t).extracting(TargetInfo::tid).containsExactly(1, 2);
        TargetInfo one = t.get(0);
        assertThat(one.sessions()).hasSize(2);
        assertThat(one.initiatorAddresses()).containsExactly("10.231.1.2");
        assertThat(one.accounts()).containsExactly(new AccountBinding("alice", false), new AccountBinding("bob", false),
                new AccountBinding("carol", true));
        assertThat(one.acls()).containsExactly("ALL", "10.231.1.0/24", "iqn.2026-01.io.tgtha:ini1");
        assertThat(one.luns().get(1).readonly()).isTrue();
        TargetInfo two = t.get(1);
        assertThat(two.state()).isEqualTo("offline");
        assertThat(two.sessions()).isEmpty();
        assertThat(two.accounts()).isEmpty();
        assertThat(two.acls()).containsExactly("10.231.1.2");
    }

    @Test
    void noTargetsIsAnEmptyList() {
        assertThat(TgtShowParser.parse("")).isEmpty();
    }
}
