package io.github.jsondedup.job;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.dedup.KeySpread;
import io.github.jsondedup.output.AuditOutputs;
import io.github.jsondedup.output.AuditTee;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.read.Arrival;
import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.report.StepMetrics;
import io.github.jsondedup.report.Timings;
import io.github.jsondedup.sparkcompat.HadoopConfs;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * What the steps of one batch share: its files (the empty ones apart, the others in survivor
 * order), how its rows spread, where its audit goes, and the metrics of its Spark jobs. Closing it
 * drops what the batch staged and did not publish.
 */
record Batch(
    SparkSession spark,
    RunSettings settings,
    RunStart start,
    Target target,
    List<InputFile> emptyFiles,
    List<InputFile> ranked,
    KeySpread spread,
    AuditTee.Sink sink,
    StepMetrics steps)
    implements AutoCloseable {

  static Batch open(SparkSession spark, RunSettings settings, RunStart start, Target target) {
    List<InputFile> files = start.files();
    List<InputFile> ranked =
        Arrival.ranked(files.stream().filter(file -> file.size() != 0).toList());
    SparkContext context = spark.sparkContext();
    KeySpread spread =
        KeySpread.forInput(
            settings.key(),
            ranked.stream().mapToLong(InputFile::size).sum(),
            context.defaultParallelism(),
            settings.inputBytesPerTask(),
            settings.inputBytesPerBucket());
    AuditTee.Sink sink =
        new AuditTee.Sink(
            AuditOutputs.staging(target.layout(), start.runId()).toString(),
            HadoopConfs.broadcast(context),
            JavaSparkContext.fromSparkContext(context)
                .broadcast(new ArrayList<>(ranked.stream().map(InputFile::sparkPath).toList())),
            settings.key(),
            true);
    return new Batch(
        spark,
        settings,
        start,
        target,
        files.stream().filter(file -> file.size() == 0).toList(),
        ranked,
        spread,
        sink,
        StepMetrics.listenTo(context));
  }

  String runId() {
    return start.runId();
  }

  Timings timings() {
    return start.timings();
  }

  OutputLayout layout() {
    return target.layout();
  }

  Configuration hadoop() {
    return spark.sparkContext().hadoopConfiguration();
  }

  /** Names the Spark jobs that follow: {@code step} for the report, {@code text} for people. */
  void describe(String step, String text) {
    RunStop.unlessAsked();
    spark.sparkContext().setLocalProperty(StepMetrics.STEP, step);
    spark.sparkContext().setJobDescription("json-dedup: " + text);
  }

  /**
   * Drops the audit rows staged and not published (those of a commit that lost, or of a failure).
   */
  void discardStagedAudit() {
    AuditOutputs.discard(hadoop(), layout(), runId());
  }

  @Override
  public void close() {
    discardStagedAudit();
    spark.sparkContext().setJobDescription(null);
    spark.sparkContext().setLocalProperty(StepMetrics.STEP, null);
    spark.sparkContext().removeSparkListener(steps);
  }
}
