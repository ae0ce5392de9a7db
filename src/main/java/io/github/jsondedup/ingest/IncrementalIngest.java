package io.github.jsondedup.ingest;

import io.github.jsondedup.TooManyRejectedException;
import io.github.jsondedup.UsageException;
import io.github.jsondedup.report.RunReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental runs: the same pipeline as {@link IngestJob}, fed micro-batch by micro-batch with the
 * files Spark's streaming file source has not handed out before.
 */
public final class IncrementalIngest {
  private static final Logger LOG = LoggerFactory.getLogger(IncrementalIngest.class);

  // Above Spark's own hook (40), which stops the SparkContext a running batch still needs.
  private static final int SHUTDOWN_PRIORITY = 100;

  private final SparkSession spark;
  private final IngestOptions options;
  private final IngestJob job;

  public IncrementalIngest(SparkSession spark, IngestOptions options) {
    this.spark = spark;
    this.options = options;
    this.job = new IngestJob(spark, options);
  }

  /**
   * Ingests only the files not ingested before, one micro-batch of at most {@code maxFilesPerBatch}
   * files at a time, through Spark's streaming file source: Spark keeps the list of files done
   * under {@code checkpoint}. A batch that ran but was not marked done (a crash in between) runs
   * again, and adds nothing again: its keys are stored.
   *
   * @param watchInterval null to stop once every file present is ingested; else keep ingesting new
   *     files at this interval until the JVM is asked to stop (SIGTERM), after the batch at hand
   * @param onBatch told of each micro-batch's report as it finishes
   */
  public void run(
      String checkpoint,
      int maxFilesPerBatch,
      Duration watchInterval,
      Consumer<RunReport> onBatch) {
    if (options.inputs().size() != 1) {
      throw new UsageException("Invalid --checkpoint: it takes exactly one --input");
    }
    String input = options.inputs().get(0);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    InputDiscovery.list(hadoop, options.inputs()); // the same errors as a full run
    String runId = RunIds.next(Instant.now());
    OutputGuard.whileLocked(
        spark,
        options,
        runId,
        layout -> {
          Object batchInProgress = new Object();
          VoidFunction2<Dataset<Row>, Long> eachBatch =
              (documents, batchId) -> {
                synchronized (batchInProgress) {
                  Instant startedAt = Instant.now();
                  List<InputFile> files = StreamSourceLog.filesOf(hadoop, checkpoint, batchId);
                  // The source only lists the batch's files: unless Spark's reader is chosen, its
                  // documents are never computed, and the streaming reader reads the files.
                  Dataset<Row> records =
                      options.reader() == InputReader.SPARK_JSON
                          ? Validation.validate(Documents.toRecords(documents))
                          : options
                              .reader()
                              .read(
                                  spark, files.stream().filter(file -> file.size() != 0).toList());
                  onBatch.accept(
                      job.ingest(
                          runId + "-" + batchId, startedAt, files, records, layout, new Timings()));
                }
              };
          Trigger trigger =
              watchInterval == null
                  ? Trigger.AvailableNow()
                  : Trigger.ProcessingTime(watchInterval.toMillis());
          try {
            StreamingQuery query =
                SparkJsonReader.readStream(spark, input, maxFilesPerBatch)
                    .writeStream()
                    .trigger(trigger)
                    .option("checkpointLocation", checkpoint)
                    .foreachBatch(eachBatch)
                    .start();
            CountDownLatch released = new CountDownLatch(1);
            if (watchInterval != null) {
              stopOnShutdown(query, batchInProgress, released);
            }
            try {
              query.awaitTermination();
            } finally {
              released.countDown();
            }
          } catch (StreamingQueryException | TimeoutException e) {
            // A refused batch is the user's policy at work, not a failure: say it as such.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
              if (cause instanceof TooManyRejectedException refused) {
                throw refused;
              }
            }
            throw new IllegalStateException("Incremental run failed: " + e.getMessage(), e);
          }
          return null;
        });
  }

  /**
   * On SIGTERM, lets the micro-batch at hand finish, then stops the query, before Spark's own
   * shutdown stops the SparkContext. A batch the stop interrupts was never marked done: the next
   * run does it again.
   */
  private static void stopOnShutdown(
      StreamingQuery query, Object batchInProgress, CountDownLatch released) {
    org.apache.hadoop.util.ShutdownHookManager.get()
        .addShutdownHook(
            () -> {
              LOG.warn("Stopping: finishing the batch at hand, then releasing the output");
              synchronized (batchInProgress) {
                try {
                  query.stop();
                } catch (TimeoutException e) {
                  LOG.warn("The streaming query did not stop in time: {}", e.getMessage());
                }
              }
              try {
                released.await(1, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            SHUTDOWN_PRIORITY,
            10,
            TimeUnit.MINUTES);
  }
}
