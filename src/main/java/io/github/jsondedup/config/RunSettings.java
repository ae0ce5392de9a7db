package io.github.jsondedup.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a run is told ({@link Settings}), typed and checked: the command line builds it, the
 * job reads it, and nothing else holds a setting.
 *
 * @param inputs the files, folders and globs to read (contract rule 1)
 * @param destination the dataset's folder, or the Iceberg table
 * @param key the record fields that make two records duplicates (contract rule 3)
 * @param reader how files become records
 * @param maxRejected above this much bad input the run writes nothing to the dataset (rule 6)
 * @param readRetries how often a failed read is tried again, and how many files may stay unread
 * @param lockWait how long to wait for another run that is writing to the output
 * @param lockTtl how long a lock lives without renewal before it is taken as a dead run's
 * @param incremental for an incremental run, its checkpoint and batches; empty for a full run
 * @param inputBytesPerTask input bytes per task of the dedup's sort
 * @param inputBytesPerBucket input bytes per bucket of a date
 */
public record RunSettings(
    List<String> inputs,
    Destination destination,
    List<String> key,
    ReaderKind reader,
    RejectLimit maxRejected,
    ReadRetries readRetries,
    Duration lockWait,
    Duration lockTtl,
    Optional<Incremental> incremental,
    long inputBytesPerTask,
    long inputBytesPerBucket) {

  public RunSettings {
    inputs = List.copyOf(inputs);
    key = List.copyOf(key);
    Objects.requireNonNull(destination);
    Objects.requireNonNull(reader);
    Objects.requireNonNull(maxRejected);
    Objects.requireNonNull(readRetries);
    Objects.requireNonNull(incremental);
    if (inputs.isEmpty() || key.isEmpty()) {
      throw new IllegalArgumentException("No inputs or no key");
    }
  }

  /**
   * A run of {@code inputs} into the folder {@code output} with every other setting at its default.
   */
  public static RunSettings of(List<String> inputs, String output) {
    return ofSparkConf(inputs, new Destination.Folder(output), name -> Optional.empty());
  }

  /**
   * A run of {@code inputs} into the Iceberg {@code table} with every other setting at its default.
   */
  public static RunSettings ofTable(List<String> inputs, String table) {
    return ofSparkConf(
        inputs,
        new Destination.Table(
            table, Optional.empty(), Settings.COMMIT_RETRIES.valueIn(name -> Optional.empty())),
        name -> Optional.empty());
  }

  /**
   * A run of {@code inputs} into {@code destination}, with every other setting from {@code
   * sparkConf} (a lookup of Spark settings), or its default.
   */
  public static RunSettings ofSparkConf(
      List<String> inputs, Destination destination, Function<String, Optional<String>> sparkConf) {
    return new RunSettings(
        inputs,
        destination,
        Settings.KEY.valueIn(sparkConf),
        Settings.READER.valueIn(sparkConf),
        Settings.MAX_REJECTED.valueIn(sparkConf),
        new ReadRetries(
            Settings.READ_ATTEMPTS.valueIn(sparkConf),
            Settings.READ_RETRY_WAIT.valueIn(sparkConf),
            Settings.MAX_UNREAD.valueIn(sparkConf)),
        Settings.WAIT_FOR_LOCK.valueIn(sparkConf),
        Settings.LOCK_TTL.valueIn(sparkConf),
        Optional.empty(),
        Settings.INPUT_BYTES_PER_TASK.valueIn(sparkConf),
        Settings.INPUT_BYTES_PER_BUCKET.valueIn(sparkConf));
  }

  /** The table of a table run; else an {@link IllegalStateException}. */
  public Destination.Table table() {
    if (destination instanceof Destination.Table table) {
      return table;
    }
    throw new IllegalStateException("Not a table run: " + destination);
  }

  /** The same table run, its audit outputs under {@code audit}. */
  public RunSettings withAudit(String audit) {
    Destination.Table table = table();
    return withDestination(
        new Destination.Table(table.name(), Optional.of(audit), table.commitRetries()));
  }

  /** The same table run, ruling again at most {@code commitRetries} times. */
  public RunSettings withCommitRetries(int commitRetries) {
    Destination.Table table = table();
    return withDestination(new Destination.Table(table.name(), table.audit(), commitRetries));
  }

  public RunSettings withDestination(Destination to) {
    return new RunSettings(
        inputs,
        to,
        key,
        reader,
        maxRejected,
        readRetries,
        lockWait,
        lockTtl,
        incremental,
        inputBytesPerTask,
        inputBytesPerBucket);
  }

  public RunSettings withKey(List<String> fields) {
    return new RunSettings(
        inputs,
        destination,
        fields,
        reader,
        maxRejected,
        readRetries,
        lockWait,
        lockTtl,
        incremental,
        inputBytesPerTask,
        inputBytesPerBucket);
  }

  public RunSettings withReader(ReaderKind kind) {
    return new RunSettings(
        inputs,
        destination,
        key,
        kind,
        maxRejected,
        readRetries,
        lockWait,
        lockTtl,
        incremental,
        inputBytesPerTask,
        inputBytesPerBucket);
  }

  public RunSettings withMaxRejected(RejectLimit limit) {
    return new RunSettings(
        inputs,
        destination,
        key,
        reader,
        limit,
        readRetries,
        lockWait,
        lockTtl,
        incremental,
        inputBytesPerTask,
        inputBytesPerBucket);
  }

  public RunSettings withReadRetries(ReadRetries retries) {
    return new RunSettings(
        inputs,
        destination,
        key,
        reader,
        maxRejected,
        retries,
        lockWait,
        lockTtl,
        incremental,
        inputBytesPerTask,
        inputBytesPerBucket);
  }

  /** The same run, letting {@code files} files stay unread ({@link ReadRetries#maxUnread}). */
  public RunSettings withMaxUnread(Integer files) {
    return files == null ? this : withReadRetries(readRetries.withMaxUnread(files));
  }

  public RunSettings withLock(Duration wait, Duration ttl) {
    return new RunSettings(
        inputs,
        destination,
        key,
        reader,
        maxRejected,
        readRetries,
        wait,
        ttl,
        incremental,
        inputBytesPerTask,
        inputBytesPerBucket);
  }

  /**
   * The same run, made incremental with {@code checkpoint}, at most {@code maxFilesPerBatch} files
   * a batch; watching for new files every {@code watchInterval} if it is not null.
   */
  public RunSettings withCheckpoint(
      String checkpoint, int maxFilesPerBatch, Duration watchInterval) {
    return new RunSettings(
        inputs,
        destination,
        key,
        reader,
        maxRejected,
        readRetries,
        lockWait,
        lockTtl,
        Optional.of(
            new Incremental(checkpoint, maxFilesPerBatch, Optional.ofNullable(watchInterval))),
        inputBytesPerTask,
        inputBytesPerBucket);
  }
}
