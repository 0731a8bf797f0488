// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster.timeline;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The picture of one move: per agent set, three panels on one time axis (seconds from the trigger) — the client's
 * throughput per target (for a storm also its sessions per target, a fourth panel in the same height), the old node's
 * largest Send-Q, and each agent operation as a bar on its node's lane — with
 * the trigger and each moved target's I/O gap marked. Several sets (failover-bench --agents both) stack one above
 * the other, so their shapes compare at a glance.
 */
public final class TimelineChart {
    public static final int WIDTH = 1400;
    public static final int HEIGHT_PER_SET = 520;
    public static final int HEIGHT_EXTRA = 110;
    /** Target tK's line colour (by K), the same in every set; tests look for these in the PNG. */
    static final Color[] TARGET_COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    static final Color TRIGGER = new Color(0xd62728);
    static final Color GAP = new Color(214, 39, 40, 40);
    static final Color RESUMED = new Color(0x2ca02c);
    static final Color OP_OK = new Color(0x2ca02c);
    static final Color OP_FAILED = new Color(0xd62728);
    static final Color SEND_Q = new Color(0x7f7f7f);

    private TimelineChart() {
    }

    static int height(int sets) {
        return HEIGHT_EXTRA + HEIGHT_PER_SET * sets;
    }

    static void writePng(List<MoveTimeline> sets, Path png) throws IOException {
        ChartUtils.saveChartAsPNG(png.toFile(), build(sets), WIDTH, height(sets.size()));
    }

    static JFreeChart build(List<MoveTimeline> sets) {
        NumberAxis time = new NumberAxis("seconds from the trigger");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);
        double end = 1;
        for (MoveTimeline m : sets) {
            if (m.storm()) {
                plot.add(throughput(m), 2);
                plot.add(sessions(m), 2);
            } else {
                plot.add(throughput(m), 3);
            }
            plot.add(sendQ(m), 2);
            plot.add(operations(m), 2);
            end = Math.max(end, m.windowEnd());
        }
        time.setRange(-MoveTimeline.BEFORE, end + 0.5);
        JFreeChart chart = new JFreeChart(sets.get(0).title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYPlot throughput(MoveTimeline m) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        int i = 0;
        for (Map.Entry<String, List<Point>> e : m.throughput().entrySet()) {
            XYSeries s = new XYSeries(m.agents() + ": " + e.getKey() + " MB/s", false, true);
            e.getValue().forEach(p -> s.add(p.epoch(), p.value()));
            data.addSeries(s);
            lines.setSeriesPaint(i, colourOf(e.getKey(), i));
            lines.setSeriesStroke(i, new BasicStroke(1.6f));
            i++;
        }
        XYPlot p = panel(data, lines, new NumberAxis(m.agents() + " MB/s"));
        for (MoveRow r : m.rows()) {
            double gapEnd = r.ioGapSeconds().orElse(m.windowEnd());
            IntervalMarker gap = new IntervalMarker(0, gapEnd, GAP);
            gap.setLabel(r.ioGapSeconds().isPresent() ? "" : r.target() + ": I/O never resumed");
            gap.setLabelAnchor(RectangleAnchor.TOP);
            gap.setLabelTextAnchor(TextAnchor.TOP_CENTER);
            p.addDomainMarker(gap, Layer.BACKGROUND);
            r.ioGapSeconds().ifPresent(g -> {
                ValueMarker back = new ValueMarker(g, RESUMED, new BasicStroke(1.5f));
                back.setLabel(String.format(Locale.ROOT, "%s +%.2f s", m.backLabel(r), g));
                back.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                back.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                p.addDomainMarker(back);
            });
        }
        return p;
    }

    /** A storm's sessions per target as the client sees them (established connections), same colours as MB/s. */
    private static XYPlot sessions(MoveTimeline m) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYStepRenderer steps = new XYStepRenderer();
        int i = 0;
        for (Map.Entry<String, List<Point>> e : m.sessions().entrySet()) {
            XYSeries s = new XYSeries(m.agents() + ": " + e.getKey() + " sessions", false, true);
            e.getValue().forEach(p -> s.add(p.epoch(), p.value()));
            data.addSeries(s);
            steps.setSeriesPaint(i, colourOf(e.getKey(), i));
            steps.setSeriesStroke(i, new BasicStroke(1.6f));
            steps.setSeriesShapesVisible(i, false);
            i++;
        }
        XYPlot p = panel(data, steps, new NumberAxis(m.agents() + " sessions"));
        m.rows().forEach(r -> r.ioGapSeconds().ifPresent(g -> p.addDomainMarker(new ValueMarker(g, RESUMED,
                new BasicStroke(1f)))));
        return p;
    }

    private static XYPlot sendQ(MoveTimeline m) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYStepRenderer steps = new XYStepRenderer();
        int i = 0;
        for (Map.Entry<String, List<Point>> e : m.oldNodeSendQ().entrySet()) {
            XYSeries s = new XYSeries(m.agents() + ": " + e.getKey() + " largest Send-Q KiB", false, true);
            e.getValue().forEach(p -> s.add(p.epoch(), p.value() / 1024));
            data.addSeries(s);
            steps.setSeriesPaint(i, i == 0 ? SEND_Q : TARGET_COLOURS[i % TARGET_COLOURS.length].darker());
            steps.setSeriesShapesVisible(i, false);
            i++;
        }
        return panel(data, steps, new NumberAxis(m.agents() + " Send-Q KiB"));
    }

    private static XYPlot operations(MoveTimeline m) {
        List<String> lanes = m.lanes();
        XYIntervalSeries ok = new XYIntervalSeries(m.agents() + ": operation rc 0");
        XYIntervalSeries failed = new XYIntervalSeries(m.agents() + ": operation failed");
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        data.addSeries(ok);
        data.addSeries(failed);
        XYBarRenderer bars = new XYBarRenderer();
        bars.setUseYInterval(true);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(true);
        bars.setSeriesPaint(0, OP_OK);
        bars.setSeriesPaint(1, OP_FAILED);
        bars.setSeriesOutlinePaint(0, Color.DARK_GRAY);
        bars.setSeriesOutlinePaint(1, Color.DARK_GRAY);
        SymbolAxis laneAxis = new SymbolAxis(m.agents() + " ops", lanes.toArray(String[]::new));
        laneAxis.setRange(-0.6, lanes.size() - 0.4);
        laneAxis.setGridBandsVisible(false);
        XYPlot p = panel(data, bars, laneAxis);
        int n = 0;
        for (AgentOperation op : m.operations()) {
            int lane = lanes.indexOf(op.node());
            double x0 = op.start() - m.t0();
            double x1 = op.end() - m.t0();
            (op.rc() == 0 ? ok : failed).add(x0, x0, x1, lane, lane - 0.3, lane + 0.3);
            XYTextAnnotation label = new XYTextAnnotation(op.label(), x0, lane + (n++ % 2 == 0 ? 0.42 : -0.42));
            label.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            label.setTextAnchor(TextAnchor.CENTER_LEFT);
            p.addAnnotation(label);
        }
        return p;
    }

    private static XYPlot panel(org.jfree.data.xy.XYDataset data, org.jfree.chart.renderer.xy.XYItemRenderer r,
                                org.jfree.chart.axis.ValueAxis range) {
        range.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        XYPlot p = new XYPlot(data, null, range, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ValueMarker trigger = new ValueMarker(0, TRIGGER, new BasicStroke(2f));
        trigger.setLabel("trigger");
        trigger.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        trigger.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        p.addDomainMarker(trigger);
        return p;
    }

    /** tK keeps colour K whatever else is drawn; anything else by its position. */
    static Color colourOf(String target, int position) {
        if (target.matches("t[1-6]")) {
            return TARGET_COLOURS[target.charAt(1) - '1'];
        }
        return TARGET_COLOURS[position % TARGET_COLOURS.length];
    }
}
