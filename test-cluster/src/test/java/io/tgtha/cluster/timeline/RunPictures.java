// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Checks the pictures a real lab run drew (issue 16: "a test checks a produced PNG is a real image of the expected size
 * with the expected series"), for the cluster tests: TimelineTest does the same on a made-up run.
 */
public final class RunPictures {
    private static final Pattern INDEX = Pattern.compile("timeline pictures[^:]*: (\\S+)/index\\.html");

    private RunPictures() {
    }

    /** The directory the script's output names ("timeline pictures: DIR/index.html"). */
    public static Path named(String scriptOutput) {
        Matcher m = INDEX.matcher(scriptOutput);
        assertThat(m.find()).as("the run says where its pictures are:%n%s", scriptOutput).isTrue();
        return Path.of(m.group(1));
    }

    /**
     * Move {@code move}'s picture of {@code sets} agent sets: a PNG of the chart's size in which t1's throughput line,
     * the trigger and the operation bars are drawn; the index page shows it.
     */
    public static void check(Path dir, int move, int sets) throws Exception {
        Path png = dir.resolve("move-" + move + ".png");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as("%s is a PNG ImageIO can read", png).isNotNull();
        assertThat(img.getWidth()).isEqualTo(TimelineChart.WIDTH);
        assertThat(img.getHeight()).isEqualTo(TimelineChart.height(sets));
        assertThat(TimelineTest.pixels(img, TimelineChart.TARGET_COLOURS[0])).as("t1's throughput line in %s", png)
                .isGreaterThan(100);
        assertThat(TimelineTest.pixels(img, TimelineChart.TRIGGER)).as("the trigger line in %s", png).isGreaterThan(50);
        assertThat(TimelineTest.pixels(img, TimelineChart.OP_OK)).as("operation bars in %s", png).isGreaterThan(50);
        assertThat(Files.readString(dir.resolve("index.html"))).contains("<img src=\"move-" + move + ".png\"");
    }
}
