// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelineTest {
    @TempDir
    Path dir;

    /** The pictures stay in target/timeline-test for a look (they are what the assertions read). */
    static Path keep(Path png, String name) throws java.io.IOException {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path target = (Files.isDirectory(base.resolve("bin")) ? base : base.resolve("test-cluster")).resolve("target/timeline-test");
        Files.createDirectories(target);
        return Files.copy(png, target.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static long pixels(BufferedImage img, Color c) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void throughputDropsAtTheTriggerAndResumesAfterTheGapOnANewConnection() throws Exception {
        FailoverRun run = FailoverRun.read(FabricatedRun.write(dir.resolve("run"), "tgtha", 1.5, false));
        MoveTimeline m = run.move(1);
        List<Point> t1 = m.throughput().get("t1");
        assertThat(t1).filteredOn(p -> p.epoch() < -0.1).allSatisfy(p -> assertThat(p.value()).isCloseTo(200, within()));
        assertThat(t1).filteredOn(p -> p.epoch() > 0.1 && p.epoch() < 1.4).allSatisfy(p -> assertThat(p.value()).isZero());
        assertThat(t1).filteredOn(p -> p.epoch() > 1.6).isNotEmpty()
                .allSatisfy(p -> assertThat(p.value()).isCloseTo(150, within()));
        assertThat(m.throughput().get("t2")).allSatisfy(p -> assertThat(p.value()).isCloseTo(50, within()));
        List<Point> sendQ = m.oldNodeSendQ().get("t1 on cl-n1");
        assertThat(sendQ.stream().mapToDouble(Point::value).max().orElse(0)).isEqualTo(2_000_000);
        assertThat(sendQ.get(sendQ.size() - 1).value()).isZero();
    }

    static List<String> keys(XYPlot panel) {
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < panel.getDataset().getSeriesCount(); i++) {
            keys.add(panel.getDataset().getSeriesKey(i).toString());
        }
        return keys;
    }

    static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1.0);
    }

    /** Whole seconds from Pacemaker, exec-times in ms: laid one after another, stops first, none overlapping. */
    @Test
    void operationsAreLaidInTheOrderTheGroupRunsThemWithoutOverlap() throws Exception {
        FailoverRun run = FailoverRun.read(FabricatedRun.write(dir.resolve("run"), "tgtha", 1.5, false));
        assertThat(run.groupMembers("t1")).containsExactly("t1-ip", "t1-target", "t1-lun1");
        List<AgentOperation> ops = run.move(1).operations();
        // stops last member first, then starts first member first; each within its recorded second
        assertThat(ops).extracting(AgentOperation::label)
                .containsExactly("t1-lun1 stop", "t1-target stop", "t1-ip stop", "t1-ip start", "t1-target start");
        for (int i = 1; i < ops.size(); i++) {
            assertThat(ops.get(i).start()).isGreaterThanOrEqualTo(ops.get(i - 1).end());
        }
        assertThat(ops.get(0).start()).isEqualTo(Math.floor(FabricatedRun.T0));
        assertThat(ops.get(1).end() - ops.get(1).start()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ops.get(2).start()).as("its own second, later than the previous end").isEqualTo(FabricatedRun.T0 + 1);
        // without the configuration: file order within a second
        assertThat(AgentOperation.read(dir.resolve("run/ops-1-t1.txt.tsv"), List.of(), FabricatedRun.T0 + 0.5)).extracting(AgentOperation::label)
                .containsExactly("t1-lun1 stop", "t1-target stop", "t1-ip stop", "t1-target start", "t1-ip start");
        assertThat(AgentOperation.read(dir.resolve("run/ops-1-t1.txt.tsv"), List.of(), FabricatedRun.T0 + 0.5).get(0).start())
                .as("not before the trigger, though Pacemaker recorded the second before").isEqualTo(FabricatedRun.T0 + 0.5);
    }

    @Test
    void aPngPerMoveWithTheExpectedSeriesAndAnIndexThatShowsIt() throws Exception {
        Path run = FabricatedRun.write(dir.resolve("run"), "tgtha", 1.5, true);
        Path index = Timeline.render(dir.resolve("out"), List.of(run));

        BufferedImage img = ImageIO.read(keep(dir.resolve("out/move-1.png"), "one-set.png").toFile());
        assertThat(img).as("a PNG ImageIO can read").isNotNull();
        assertThat(img.getWidth()).isEqualTo(TimelineChart.WIDTH);
        assertThat(img.getHeight()).isEqualTo(TimelineChart.height(1));
        assertThat(pixels(img, TimelineChart.TARGET_COLOURS[0])).as("t1's throughput line").isGreaterThan(200);
        assertThat(pixels(img, TimelineChart.TARGET_COLOURS[1])).as("t2's, which did not move").isGreaterThan(200);
        assertThat(pixels(img, TimelineChart.TARGET_COLOURS[2])).as("no t3 in this run").isZero();
        assertThat(pixels(img, TimelineChart.TRIGGER)).as("trigger line and the failed stop").isGreaterThan(100);
        assertThat(pixels(img, TimelineChart.OP_OK)).as("operations and the I/O-back marker").isGreaterThan(200);
        String html = Files.readString(index);
        assertThat(html).contains("<img src=\"move-1.png\"").contains("<td>1.50</td>").contains("<td>tgtha</td>");

        JFreeChart chart = TimelineChart.build(List.of(FailoverRun.read(run).move(1)));
        List<XYPlot> panels = ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
        assertThat(panels).hasSize(3);
        assertThat(keys(panels.get(0))).containsExactly("tgtha: t1 MB/s", "tgtha: t2 MB/s");
        assertThat(keys(panels.get(1))).containsExactly("tgtha: t1 on cl-n1 largest Send-Q KiB");
        assertThat(panels.get(2).getDataset().getItemCount(0)).as("operations rc 0").isEqualTo(4);
        assertThat(panels.get(2).getDataset().getItemCount(1)).as("failed operations").isEqualTo(1);
    }

    /** The check the cluster tests apply to a real run's pictures passes on a rendered one, and finds the directory. */
    @Test
    void runPicturesAcceptsARenderedMoveAndReadsWhereTheRunPutIt() throws Exception {
        Path run = FabricatedRun.write(dir.resolve("run"), "tgtha", 1.5, true);
        Timeline.render(dir.resolve("out"), List.of(run));
        RunPictures.check(dir.resolve("out"), 1, 1);
        assertThatThrownBy(() -> RunPictures.check(dir.resolve("out"), 1, 2)).isInstanceOf(AssertionError.class);
        assertThat(RunPictures.named("moves: 2\ntimeline pictures: /var/tmp/tgtha-cl-runs/R1/timeline/index.html\n"))
                .isEqualTo(Path.of("/var/tmp/tgtha-cl-runs/R1/timeline"));
        assertThat(RunPictures.named("timeline pictures (sets side by side): /o/timeline/index.html"))
                .isEqualTo(Path.of("/o/timeline"));
    }

    @Test
    void twoSetsShareOneTimeAxisOneAboveTheOther() throws Exception {
        Path stock = FabricatedRun.write(dir.resolve("stock"), "stock-patched", 3.2, false);
        Path tgtha = FabricatedRun.write(dir.resolve("tgtha"), "tgtha", 1.1, false);
        Timeline.render(dir.resolve("both"), List.of(stock, tgtha));
        BufferedImage img = ImageIO.read(keep(dir.resolve("both/move-1.png"), "two-sets.png").toFile());
        assertThat(img.getHeight()).isEqualTo(TimelineChart.height(2));
        JFreeChart chart = TimelineChart.build(List.of(FailoverRun.read(stock).move(1), FailoverRun.read(tgtha).move(1)));
        List<XYPlot> panels = ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
        assertThat(panels).hasSize(6);
        assertThat(panels.get(0).getRangeAxis().getLabel()).startsWith("stock-patched");
        assertThat(panels.get(3).getRangeAxis().getLabel()).startsWith("tgtha");
        assertThat(Files.readString(dir.resolve("both/index.html"))).contains("stock-patched").contains("3.20").contains("1.10");
    }

    @Test
    void aDirectoryThatIsNotAFailoverRunIsRefusedByName() {
        assertThatThrownBy(() -> Timeline.render(dir.resolve("out"), List.of(dir)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no moves.tsv");
    }
}
