package io.github.jsondedup.job;

import io.github.jsondedup.config.Incremental;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.config.Settings;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.read.InputDiscovery;
import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.read.Unread;
import io.github.jsondedup.report.RunReport;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental runs (contract rule 5): the same pipeline as {@link IngestJob}, fed batch by batch
 * with the files that are new or changed since they were last read, as the checkpoint's {@link
 * FileLog} tells. Files are taken in survivor order, so that batches keep the survivor rule of one
 * run over all of them; a batch is logged as read only once it is committed, so a batch killed on
 * its way runs again, and adds nothing twice (its keys are stored).
 */
public final class IncrementalIngest {
  private static final Logger LOG = LoggerFactory.getLogger(IncrementalIngest.class);

  // Below Spark's last hook (its temporary folders', 25) and Hadoop's file systems' (10).
  private static final int LAST_SHUTDOWN_PRIORITY = 1;

  private final SparkSession caller;
  private final RunSettings settings;
  private final IngestJob job;
  private final CountDownLatch stopAsked = new CountDownLatch(1);

  /** Runs of {@code settings}, on a session of their own beside {@code caller}'s. */
  public IncrementalIngest(SparkSession caller, RunSettings settings) {
    this.caller = caller;
    this.settings = settings;
    this.job = new IngestJob(caller, settings);
  }

  /**
   * Ingests the files not read before, or changed since, as the settings' checkpoint tells, at most
   * {@link Incremental#maxFilesPerBatch()} files per batch. Without a watch interval it stops once
   * every file present is ingested; with one it looks again at that interval until the JVM is asked
   * to stop (SIGTERM), after the batch at hand.
   *
   * @param onBatch told of each batch's report as it finishes
   * @return without a watch interval, when no file was new or changed, the short {@link
   *     RunReport#IDLE} report the run left (a heartbeat)
   */
  public Optional<RunReport> run(Consumer<RunReport> onBatch) {
    return run(onBatch, Optional.empty());
  }

  /**
   * {@link #run(Consumer)} in a process that started at {@code processStart}: the first batch's
   * report (or the idle one) counts the process's start-up as a step.
   */
  public Optional<RunReport> run(Consumer<RunReport> onBatch, Optional<Instant> processStart) {
    return run(onBatch, () -> {}, processStart);
  }

  /**
   * {@link #run(Consumer, Optional)}, telling {@code onIdleLook} of each look of a watch that found
   * nothing new (its heartbeat).
   */
  @SuppressWarnings("try") // the stop is held for its close alone
  public Optional<RunReport> run(
      Consumer<RunReport> onBatch, Runnable onIdleLook, Optional<Instant> processStart) {
    Incremental incremental =
        settings
            .incremental()
            .orElseThrow(
                () -> new IllegalArgumentException("An incremental run needs a checkpoint"));
    // A watching run finishes its batch at hand when stopped; any other is stopped at once.
    try (JobSession own = JobSession.of(caller);
        RunStop stop =
            incremental.watchInterval().isEmpty()
                ? RunStop.onShutdown(own.session().sparkContext())
                : null;
        MemoryWatch memory = job.watchMemory()) {
      return run(own.session(), incremental, onBatch, onIdleLook, processStart);
    }
  }

  private Optional<RunReport> run(
      SparkSession spark,
      Incremental incremental,
      Consumer<RunReport> onBatch,
      Runnable onIdleLook,
      Optional<Instant> processStart) {
    String checkpoint = incremental.checkpoint();
    int maxFilesPerBatch = incremental.maxFilesPerBatch();
    Duration watchInterval = incremental.watchInterval().orElse(null);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    OutputLayout.refuseInputOverlap(
        hadoop, new Path(checkpoint), settings.inputs(), Settings.CHECKPOINT.name(), checkpoint);
    // The first batch's report times the listing and the wait for the lock too; the others their
    // own steps.
    RunStart start = RunStart.listing(spark, settings, processStart);
    return start.onGuardedTarget(
        spark,
        settings,
        target -> {
          CountDownLatch released = new CountDownLatch(1);
          if (watchInterval != null) {
            stopOnShutdown(released);
          }
          try {
            FileLog log = FileLog.load(hadoop, checkpoint);
            CheckpointOwner.bind(
                hadoop,
                checkpoint,
                target.name(),
                target.layout().ingest().toString(),
                target.identity(settings.key()),
                log);
            List<InputFile> listed = start.files();
            List<Unread> unlisted = start.unlisted();
            int batch = 0;
            while (true) {
              // Only after a whole listing: a folder that could not be listed keeps its files. And
              // before the batches: a log of a million files moved away is not held while they run.
              if (unlisted.isEmpty()) {
                log.forgetUnlisted(listed);
              }
              List<InputFile> pending = log.pending(listed);
              LOG.info(
                  "{} files listed, {} new or changed since read, {} in the file log",
                  listed.size(),
                  pending.size(),
                  log.size());
              for (int from = 0; from < pending.size() && !stopping(); from += maxFilesPerBatch) {
                List<InputFile> files =
                    pending.subList(
                        from, (int) Math.min(pending.size(), (long) from + maxFilesPerBatch));
                RunReport report =
                    job.ingest(
                        spark,
                        start.batch(batch++, files, from == 0 ? unlisted : List.of()),
                        target);
                // A file left unread is not in the log: the next run (or look) reads it again.
                Set<String> unread = new HashSet<>();
                report.unread().forEach(file -> unread.add(file.path()));
                log.record(
                    files.stream().filter(file -> !unread.contains(file.path())).toList(),
                    report.runId());
                onBatch.accept(report);
              }
              if (batch == 0 && watchInterval == null) {
                return Optional.of(BatchReport.idle(start, settings, target, hadoop));
              }
              if (pending.isEmpty()) {
                onIdleLook.run();
              }
              if (watchInterval == null || !waitFor(watchInterval)) {
                break;
              }
              InputDiscovery.Listing listing =
                  InputDiscovery.listPresent(hadoop, settings.inputs(), settings.readRetries());
              listed = listing.files();
              unlisted = listing.unread();
            }
          } finally {
            released.countDown();
          }
          return Optional.<RunReport>empty();
        });
  }

  /** Waits {@code interval} or until asked to stop; whether to go on. */
  private boolean waitFor(Duration interval) {
    try {
      return !stopAsked.await(interval.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean stopping() {
    return stopAsked.getCount() == 0;
  }

  /**
   * On SIGTERM, lets the batch at hand finish and starts no other, then waits for the output to be
   * released, before Spark's own shutdown stops the SparkContext. A batch the stop interrupts was
   * never logged as read: the next run does it again.
   */
  private void stopOnShutdown(CountDownLatch released) {
    AtomicBoolean stoppedCleanly = new AtomicBoolean();
    ShutdownHookManager.get()
        .addShutdownHook(
            () -> {
              // A stop asked for, not a fault: the batch at hand ends, then the run.
              LOG.info("Stopping: finishing the batch at hand, then releasing the output");
              stopAsked.countDown();
              try {
                stoppedCleanly.set(released.await(10, TimeUnit.MINUTES));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            RunStop.SHUTDOWN_PRIORITY,
            11,
            TimeUnit.MINUTES);
    // After every other hook (Spark's stop of its context and its temporary folders included): a
    // watch stopped as asked exits 0, not the 143 of a process ended by SIGTERM.
    ShutdownHookManager.get()
        .addShutdownHook(
            () -> {
              if (stoppedCleanly.get()) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(0);
              }
            },
            LAST_SHUTDOWN_PRIORITY);
  }
}
