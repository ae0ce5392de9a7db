package io.github.jsondedup.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Everything a run is told ({@link Settings}), typed and checked: the command line builds it, the
 * job reads it, and nothing else holds a setting.
 *
 * @param inputs the files, folders and globs to read (contract rule 1)
 * @param output the dataset's folder; null in table mode
 * @param table the Iceberg table, CATALOG.DB.TABLE, in table mode; or null
 * @param audit in table mode, where audit outputs and reports go; null: beside the table
 * @param commitRetries in table mode, how often to rule again after other runs' commits
 * @param key the record fields that make two records duplicates (contract rule 3)
 * @param reader how files become records
 * @param maxRejected above this much bad input the run writes nothing to the dataset (rule 6)
 * @param lockWait how long to wait for another run that is writing to the output
 * @param lockTtl how long a lock lives without renewal before it is taken as a dead run's
 * @param checkpoint the folder that keeps which files were read, for incremental runs; or null
 * @param maxFilesPerBatch at most this many files per batch of an incremental run
 * @param watchInterval how often a watching run looks for new files; null: do not watch
 * @param inputBytesPerTask input bytes per task of the dedup's sort
 * @param inputBytesPerBucket input bytes per bucket of a date
 */
public record RunSettings(
    List<String> inputs,
    String output,
    String table,
    String audit,
    int commitRetries,
    List<String> key,
    ReaderKind reader,
    RejectLimit maxRejected,
    Duration lockWait,
    Duration lockTtl,
    String checkpoint,
    int maxFilesPerBatch,
    Duration watchInterval,
    long inputBytesPerTask,
    long inputBytesPerBucket) {

  public RunSettings {
    inputs = List.copyOf(inputs);
    key = List.copyOf(key);
    if ((output == null) == (table == null)) {
      throw new IllegalArgumentException("Give an output folder or a table, not both");
    }
    Objects.requireNonNull(reader);
    Objects.requireNonNull(maxRejected);
    if (inputs.isEmpty() || key.isEmpty() || maxFilesPerBatch < 1) {
      throw new IllegalArgumentException("No inputs, no key or no files per batch");
    }
  }

  /** A run of {@code inputs} into {@code output} with every other setting at its default. */
  public static RunSettings of(List<String> inputs, String output) {
    return ofSparkConf(inputs, output, null, name -> Optional.empty());
  }

  /**
   * A run of {@code inputs} into the Iceberg {@code table} with every other setting at its default.
   */
  public static RunSettings ofTable(List<String> inputs, String table) {
    return ofSparkConf(inputs, null, table, name -> Optional.empty());
  }

  /**
   * A run of {@code inputs} into the folder {@code output} or else the Iceberg {@code table}
   * (CATALOG.DB.TABLE; exactly one of the two), with every other setting from {@code sparkConf} (a
   * lookup of Spark settings), or its default.
   */
  public static RunSettings ofSparkConf(
      List<String> inputs,
      String output,
      String table,
      Function<String, Optional<String>> sparkConf) {
    return new RunSettings(
        inputs,
        output,
        table,
        null,
        Settings.COMMIT_RETRIES.valueIn(sparkConf),
        Settings.KEY.valueIn(sparkConf),
        Settings.READER.valueIn(sparkConf),
        Settings.MAX_REJECTED.valueIn(sparkConf),
        Settings.WAIT_FOR_LOCK.valueIn(sparkConf),
        Settings.LOCK_TTL.valueIn(sparkConf),
        null,
        Settings.MAX_FILES_PER_BATCH.valueIn(sparkConf),
        null,
        Settings.INPUT_BYTES_PER_TASK.valueIn(sparkConf),
        Settings.INPUT_BYTES_PER_BUCKET.valueIn(sparkConf));
  }

  /** Whether the run writes to an Iceberg table rather than a folder. */
  public boolean tableMode() {
    return table != null;
  }

  /** The same table run, its audit outputs under {@code audit} (null: beside the table). */
  public RunSettings withAudit(String audit) {
    return changed(settings -> settings.audit = audit);
  }

  public RunSettings withCommitRetries(int commitRetries) {
    return changed(settings -> settings.commitRetries = commitRetries);
  }

  public RunSettings withKey(List<String> key) {
    return changed(settings -> settings.key = key);
  }

  public RunSettings withReader(ReaderKind reader) {
    return changed(settings -> settings.reader = reader);
  }

  public RunSettings withMaxRejected(RejectLimit maxRejected) {
    return changed(settings -> settings.maxRejected = maxRejected);
  }

  public RunSettings withLock(Duration lockWait, Duration lockTtl) {
    return changed(
        settings -> {
          settings.lockWait = lockWait;
          settings.lockTtl = lockTtl;
        });
  }

  /**
   * The same run, made incremental with {@code checkpoint}, at most {@code maxFilesPerBatch} files
   * a batch; watching for new files every {@code watchInterval} if it is not null.
   */
  public RunSettings withCheckpoint(
      String checkpoint, int maxFilesPerBatch, Duration watchInterval) {
    return changed(
        settings -> {
          settings.checkpoint = checkpoint;
          settings.maxFilesPerBatch = maxFilesPerBatch;
          settings.watchInterval = watchInterval;
        });
  }

  private RunSettings changed(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.settings();
  }

  /** The fields of a {@link RunSettings} to change, one or a few at a time. */
  private static final class Draft {
    private final List<String> inputs;
    private final String output;
    private final String table;
    private String audit;
    private int commitRetries;
    private final long inputBytesPerTask;
    private final long inputBytesPerBucket;
    private List<String> key;
    private ReaderKind reader;
    private RejectLimit maxRejected;
    private Duration lockWait;
    private Duration lockTtl;
    private String checkpoint;
    private int maxFilesPerBatch;
    private Duration watchInterval;

    Draft(RunSettings from) {
      inputs = from.inputs;
      output = from.output;
      table = from.table;
      audit = from.audit;
      commitRetries = from.commitRetries;
      key = from.key;
      reader = from.reader;
      maxRejected = from.maxRejected;
      lockWait = from.lockWait;
      lockTtl = from.lockTtl;
      checkpoint = from.checkpoint;
      maxFilesPerBatch = from.maxFilesPerBatch;
      watchInterval = from.watchInterval;
      inputBytesPerTask = from.inputBytesPerTask;
      inputBytesPerBucket = from.inputBytesPerBucket;
    }

    RunSettings settings() {
      return new RunSettings(
          inputs,
          output,
          table,
          audit,
          commitRetries,
          key,
          reader,
          maxRejected,
          lockWait,
          lockTtl,
          checkpoint,
          maxFilesPerBatch,
          watchInterval,
          inputBytesPerTask,
          inputBytesPerBucket);
    }
  }
}
