package io.github.jsondedup.report;

import io.github.jsondedup.read.Unread;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable record of one run, written as JSON under {@code _ingest/runs/} whatever its
 * outcome (contract rule 9).
 *
 * @param status {@code running} from when the run takes its output until it ends; then {@code
 *     succeeded}; {@code refused} when {@code --max-rejected} stopped the run before it wrote to
 *     the dataset; {@code failed}; {@code stopped} by a signal; {@code idle} when an incremental
 *     run found nothing new. A report left {@code running} by a process that is gone is shown as
 *     {@code died} by {@code history}
 * @param exitCode the process exit code this outcome gives
 * @param version this build's version
 * @param reader the reader that parsed the files ({@code --reader})
 * @param files the files this run read, as they were listed
 * @param unread the files and folders the file system failed to give after every try (contract rule
 *     6): not read, and read again by the next run (none in reports of builds before them)
 * @param skippedByName names under the inputs the run did not read because they start with {@code
 *     _} or {@code .} (a folder counts once)
 * @param output the dataset folder, or the table ({@code CATALOG.DB.TABLE}) in table mode
 * @param ingestFolder the folder of the run reports and audit outputs
 * @param reportFile where this report is written (none in reports of builds before it said so)
 * @param audit where this run's rejected records, quarantined files and conflicts were written
 *     (only those it had), by kind
 * @param outputFiles how many Parquet files this run added to the dataset
 * @param outputBytes their size
 * @param dataFiles those files, by path: a stored row's file names the run that wrote it
 * @param snapshotId in table mode, the snapshot this run committed (none when it added no row)
 * @param commitRetries in table mode, how many times the run ruled again because other runs had
 *     committed rows of its days after it read them
 * @param timingsMillis wall time per step, in the order the steps ran; {@code total} leaves out
 *     {@code lock_wait}, the time spent waiting for another run to release the output
 * @param steps Spark's figures per step: whether the run used every executor, and spilled
 * @param recovery what the run cleaned up after dead runs before it began: a lock taken over,
 *     uncommitted files removed (the first batch of an incremental run says it)
 * @param failure for a run that {@code failed} or was {@code stopped}, why, in one line
 * @param process the process the run ran in (none in reports of builds before it was named)
 */
public record RunReport(
    String runId,
    String status,
    int exitCode,
    String version,
    String reader,
    String startedAt,
    String finishedAt,
    List<String> inputs,
    List<FileRead> files,
    List<Unread> unread,
    long skippedByName,
    String output,
    String ingestFolder,
    String reportFile,
    List<String> key,
    RunCounts counts,
    List<String> partitions,
    Map<String, String> audit,
    long outputFiles,
    long outputBytes,
    List<String> dataFiles,
    Long snapshotId,
    int commitRetries,
    Map<String, Long> timingsMillis,
    Map<String, Step> steps,
    List<String> recovery,
    String failure,
    RunProcess process) {

  public RunReport {
    unread = unread == null ? List.of() : List.copyOf(unread);
  }

  public static final String SUCCEEDED = "succeeded";
  public static final String REFUSED = "refused";

  /** A run that failed (the environment, Spark, memory): nothing of it was stored. */
  public static final String FAILED = "failed";

  /** A run stopped by a signal (SIGTERM, Ctrl-C) before it stored anything. */
  public static final String STOPPED = "stopped";

  /** An incremental run that found no file new or changed: a heartbeat, nothing read. */
  public static final String IDLE = "idle";

  /** A run that holds its output now, or held it when its process died. */
  public static final String RUNNING = "running";

  /**
   * A run whose report still says {@link #RUNNING} while its process is gone, or whose lock a later
   * run took over: what {@code history} shows, never what a run writes.
   */
  public static final String DIED = "died";

  /** This report with {@code status} instead of its own. */
  public RunReport withStatus(String status) {
    return new RunReport(
        runId,
        status,
        exitCode,
        version,
        reader,
        startedAt,
        finishedAt,
        inputs,
        files,
        unread,
        skippedByName,
        output,
        ingestFolder,
        reportFile,
        key,
        counts,
        partitions,
        audit,
        outputFiles,
        outputBytes,
        dataFiles,
        snapshotId,
        commitRetries,
        timingsMillis,
        steps,
        recovery,
        failure,
        process);
  }

  /**
   * Spark's figures for one step of the run.
   *
   * @param executors how many executors ran its tasks (the driver, in local mode)
   * @param shuffleRecords rows its first stages (those reading the step's input) sent through
   *     shuffles: for {@code read} the records read and one row per file problem, for {@code
   *     dedupe_and_write} the stored rows read for the check across runs
   * @param spilledBytes bytes its tasks spilled from memory, in memory and on disk
   */
  public record Step(long tasks, long executors, long shuffleRecords, long spilledBytes) {}

  /**
   * One input file as it was listed when read, and what became of its records.
   *
   * @param records the records read from it
   * @param rejected those rejected
   * @param written those written to the dataset (none in a refused run)
   * @param quarantined whether it (or its broken tail) was quarantined
   */
  public record FileRead(
      String path,
      long size,
      String modifiedAt,
      long records,
      long rejected,
      long written,
      boolean quarantined) {}
}
