// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16.1 for test-cluster/bin/storm: its run directory drawn, with sessions and throughput per target. */
class StormTimelineTest {
    @TempDir
    Path dir;

    @Test
    void sessionsDropAtTheTriggerAndComeBackOneByOneOnTheNewNode() throws Exception {
        MoveTimeline m = FailoverRun.read(RecordedStorm.write(dir.resolve("run"), "tgtha")).move(1);
        assertThat(m.storm()).isTrue();
        List<Point> t1 = m.sessions().get("t1");
        assertThat(t1).filteredOn(p -> p.epoch() < -0.05).isNotEmpty().allSatisfy(p -> assertThat(p.value()).isEqualTo(3));
        assertThat(t1).filteredOn(p -> p.epoch() > 0.05 && p.epoch() < 1.95).isNotEmpty()
                .allSatisfy(p -> assertThat(p.value()).isZero());
        assertThat(t1).filteredOn(p -> p.epoch() > 2.05 && p.epoch() < 2.45).allSatisfy(p -> assertThat(p.value()).isEqualTo(1));
        assertThat(t1).filteredOn(p -> p.epoch() > 3.05).isNotEmpty().allSatisfy(p -> assertThat(p.value()).isEqualTo(3));
        assertThat(m.sessions().get("t2")).filteredOn(p -> p.epoch() > 2.05 && p.epoch() < 2.95)
                .allSatisfy(p -> assertThat(p.value()).isZero());
        assertThat(m.throughput().get("t1")).filteredOn(p -> p.epoch() < -0.05)
                .allSatisfy(p -> assertThat(p.value()).isCloseTo(1.2, Offset.offset(0.01)));
        assertThat(m.throughput().get("t1")).filteredOn(p -> p.epoch() > 0.05 && p.epoch() < 1.95)
                .allSatisfy(p -> assertThat(p.value()).isZero());
        assertThat(m.oldNodeSendQ().get("t1 on cl-n1").stream().mapToDouble(Point::value).max().orElse(0)).isEqualTo(4096);
        assertThat(m.oldNodeSendQ().get("t2 on cl-n2").stream().mapToDouble(Point::value).max().orElse(0)).isEqualTo(4096);
        assertThat(m.operations()).hasSize(20);
        assertThat(m.backLabel(m.rows().get(0))).isEqualTo("t1 all 3 sessions back");
    }

    @Test
    void aPngWithSessionsAndThroughputPerTargetTheSendQAndTheOperations() throws Exception {
        Path run = RecordedStorm.write(dir.resolve("run"), "tgtha");
        Path index = Timeline.render(dir.resolve("out"), List.of(run));

        BufferedImage img = ImageIO.read(TimelineTest.keep(dir.resolve("out/move-1.png"), "storm.png").toFile());
        assertThat(img).as("a PNG ImageIO can read").isNotNull();
        assertThat(img.getWidth()).isEqualTo(TimelineChart.WIDTH);
        assertThat(img.getHeight()).isEqualTo(TimelineChart.height(1));
        assertThat(TimelineTest.pixels(img, TimelineChart.TARGET_COLOURS[0])).as("t1's lines").isGreaterThan(300);
        assertThat(TimelineTest.pixels(img, TimelineChart.TARGET_COLOURS[1])).as("t2's lines").isGreaterThan(300);
        assertThat(TimelineTest.pixels(img, TimelineChart.TARGET_COLOURS[2])).as("no t3 in this run").isZero();
        RunPictures.check(dir.resolve("out"), 1, 1);
        assertThat(Files.readString(index)).contains("Connection storm").contains("<td>3.00</td>").contains("<td>4.00</td>");

        JFreeChart chart = TimelineChart.build(List.of(FailoverRun.read(run).move(1)));
        List<XYPlot> panels = ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
        assertThat(panels).hasSize(4);
        assertThat(TimelineTest.keys(panels.get(0))).containsExactly("tgtha: t1 MB/s", "tgtha: t2 MB/s");
        assertThat(TimelineTest.keys(panels.get(1))).containsExactly("tgtha: t1 sessions", "tgtha: t2 sessions");
        assertThat(TimelineTest.keys(panels.get(2))).containsExactly("tgtha: t1 on cl-n1 largest Send-Q KiB",
                "tgtha: t2 on cl-n2 largest Send-Q KiB");
        assertThat(panels.get(3).getDataset().getItemCount(0)).as("operations rc 0").isEqualTo(20);
    }

    @Test
    void bothAgentSetsShareOneTimeAxisOneAboveTheOther() throws Exception {
        Path stock = RecordedStorm.write(dir.resolve("stock"), "stock-patched");
        Path tgtha = RecordedStorm.write(dir.resolve("tgtha"), "tgtha");
        Timeline.render(dir.resolve("both"), List.of(stock, tgtha));
        BufferedImage img = ImageIO.read(TimelineTest.keep(dir.resolve("both/move-1.png"), "storm-both.png").toFile());
        assertThat(img.getHeight()).isEqualTo(TimelineChart.height(2));
        RunPictures.check(dir.resolve("both"), 1, 2);
        JFreeChart chart = TimelineChart.build(List.of(FailoverRun.read(stock).move(1), FailoverRun.read(tgtha).move(1)));
        List<XYPlot> panels = ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
        assertThat(panels).hasSize(8);
        assertThat(panels.get(1).getRangeAxis().getLabel()).isEqualTo("stock-patched sessions");
        assertThat(panels.get(5).getRangeAxis().getLabel()).isEqualTo("tgtha sessions");
    }
}
