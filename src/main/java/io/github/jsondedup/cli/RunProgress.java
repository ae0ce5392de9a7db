package io.github.jsondedup.cli;

import io.github.jsondedup.report.StepMetrics;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;

/**
 * One line of progress on a terminal, redrawn every second while a run works: the step at hand, the
 * rows read so far (one per record, one per bad file) and their rate, and the tasks of the running
 * stages, so that a slow run can be told from a stuck one. Nothing when stderr is not a terminal,
 * or with {@code --quiet}.
 */
final class RunProgress implements AutoCloseable {
  private final SparkContext context;
  private final StepMetrics steps;
  private final PrintStream terminal;
  private final ScheduledExecutorService redraw;
  private final long startNanos = System.nanoTime();
  // Nothing waits on it: a draw that failed only stops the redraws.
  private final Future<?> drawing;
  private int width;
  private long rowsSeen;
  private double readingSeconds;

  private RunProgress(SparkContext context, PrintStream terminal) {
    this.context = context;
    this.terminal = terminal;
    if (terminal == null) {
      this.steps = null;
      this.redraw = null;
      this.drawing = null;
      return;
    }
    this.steps = StepMetrics.listenTo(context);
    this.redraw =
        Executors.newSingleThreadScheduledExecutor(
            new BasicThreadFactory.Builder()
                .namingPattern("json-dedup-progress")
                .daemon(true)
                .build());
    this.drawing = redraw.scheduleWithFixedDelay(this::draw, 1, 1, TimeUnit.SECONDS);
  }

  /** Progress on stderr if it is a terminal and the user did not ask for quiet; else none. */
  // On Java 17, the JVM this runs on, a console is null when stdin or stdout is not a terminal.
  @SuppressWarnings("SystemConsoleNull")
  static RunProgress start(SparkContext context, boolean quiet) {
    return new RunProgress(context, quiet || System.console() == null ? null : System.err);
  }

  /** Takes the line off the terminal, before something else is printed; the next draw redraws. */
  void clear() {
    if (terminal == null) {
      return;
    }
    synchronized (terminal) {
      if (width > 0) {
        terminal.print("\r" + " ".repeat(width) + "\r");
        terminal.flush();
        width = 0;
      }
    }
  }

  private void draw() {
    String step = steps.currentStep();
    if (step == null) {
      return;
    }
    JavaSparkStatusTracker tracker = JavaSparkContext.fromSparkContext(context).statusTracker();
    long done = 0;
    long total = 0;
    for (int stage : tracker.getActiveStageIds()) {
      SparkStageInfo info = tracker.getStageInfo(stage);
      if (info != null) {
        done += info.numCompletedTasks();
        total += info.numTasks();
      }
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    long rows = steps.shuffleRecords(StepMetrics.READ);
    if (rows > rowsSeen) {
      // The rate is that of reading: once reading is done it stays, rather than fall with time.
      rowsSeen = rows;
      readingSeconds = seconds;
    }
    String text = line(step, rows, readingSeconds, seconds, done, total);
    synchronized (terminal) {
      terminal.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
      terminal.flush();
      width = text.length();
    }
  }

  /**
   * The line itself: {@code json-dedup: <step> · 1,200,000 rows read (80,000/s) · ...}; the rate is
   * {@code rows} over {@code readingSeconds}, the time when the last of them was seen.
   */
  static String line(
      String step, long rows, double readingSeconds, double seconds, long tasksDone, long tasks) {
    StringBuilder text = new StringBuilder(step);
    if (rows > 0) {
      text.append(
          String.format(
              Locale.ROOT,
              " · %,d rows read (%,d/s)",
              rows,
              readingSeconds > 0 ? (long) (rows / readingSeconds) : 0));
    }
    if (tasks > 0) {
      text.append(String.format(Locale.ROOT, " · tasks %,d/%,d", tasksDone, tasks));
    }
    return text.append(String.format(Locale.ROOT, " · %.0f s", seconds)).toString();
  }

  @Override
  public void close() {
    if (terminal == null) {
      return;
    }
    drawing.cancel(false);
    redraw.shutdownNow();
    context.removeSparkListener(steps);
    clear();
  }
}
