package io.github.jsondedup.watch;

import io.github.jsondedup.report.RunCounts;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToLongFunction;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGraphics2D;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.w3c.dom.Document;

/**
 * {@code history --chart}: the runs as an SVG chart, records per run by what became of them
 * (written, duplicates, conflicts, rejected) against the run's start, and its wall time on a second
 * axis. XChart lays the chart out; Batik's SVG generator turns its drawing into SVG.
 */
public final class HistoryChart {
  private static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";
  private static final int WIDTH = 900;
  private static final int HEIGHT = 450;

  private HistoryChart() {}

  /** The chart of {@code runs} (newest first, as a view lists them) of {@code dataset}. */
  public static String svg(String dataset, List<HistoryView.Line> runs) {
    List<HistoryView.Line> oldestFirst = new ArrayList<>(runs);
    Collections.reverse(oldestFirst);
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("json-dedup runs of " + dataset)
            .xAxisTitle(xAxisTitle(oldestFirst))
            .yAxisTitle("records")
            .build();
    XYStyler styler = chart.getStyler();
    // Runs by number rather than by time: a day's runs, or a backfill's, would share one label.
    styler.setXAxisDecimalPattern("#");
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    chart.setYAxisGroupTitle(1, "wall time (s)");
    styler.setChartBackgroundColor(Color.WHITE);
    List<Integer> starts =
        java.util.stream.IntStream.rangeClosed(1, oldestFirst.size()).boxed().toList();
    series(chart, "written", starts, oldestFirst, RunCounts::written);
    series(
        chart,
        "duplicates (exact, already stored)",
        starts,
        oldestFirst,
        counts -> counts.exactDuplicates() + counts.alreadyStored());
    series(chart, "conflicts", starts, oldestFirst, RunCounts::conflicts);
    // A refused run's good records are held back, not rejected (as history's HELD column says).
    series(chart, "rejected", starts, oldestFirst, RunCounts::rejected);
    XYSeries wall =
        chart.addSeries(
            "wall time (s)",
            starts,
            oldestFirst.stream().map(line -> line.wallMillis() / 1000.0).toList());
    wall.setYAxisGroup(1);
    wall.setMarker(SeriesMarkers.NONE);
    wall.setLineStyle(
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    return draw(chart);
  }

  private static void series(
      XYChart chart,
      String name,
      List<Integer> starts,
      List<HistoryView.Line> runs,
      ToLongFunction<RunCounts> count) {
    chart.addSeries(
        name, starts, runs.stream().map(line -> count.applyAsLong(line.counts())).toList());
  }

  private static String xAxisTitle(List<HistoryView.Line> oldestFirst) {
    if (oldestFirst.isEmpty()) {
      return "run";
    }
    return "run, oldest first: "
        + minute(oldestFirst.get(0).startedAt())
        + " to "
        + minute(oldestFirst.get(oldestFirst.size() - 1).startedAt())
        + " UTC";
  }

  private static String minute(String instant) {
    return instant.length() < 16
        ? instant
        : instant.substring(0, 10) + " " + instant.substring(11, 16);
  }

  private static String draw(XYChart chart) {
    Document document;
    try {
      document =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .getDOMImplementation()
              .createDocument(SVG_NAMESPACE, "svg", null);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("No XML document builder: " + e.getMessage(), e);
    }
    SVGGraphics2D graphics = new SVGGraphics2D(document);
    graphics.setSVGCanvasSize(new Dimension(WIDTH, HEIGHT));
    chart.paint(graphics, WIDTH, HEIGHT);
    StringWriter svg = new StringWriter();
    try {
      graphics.stream(svg, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the chart: " + e.getMessage(), e);
    }
    return svg.toString();
  }
}
