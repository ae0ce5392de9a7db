package io.github.jsondedup.config;

import io.github.jsondedup.schema.Columns;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.apache.spark.network.util.JavaUtils;

/**
 * Every setting of a run, each with its Spark setting and default where it has them. The README's
 * "Settings" table lists them all, and a test holds the two together.
 */
public final class Settings {
  public static final Setting<String> INPUT = new Setting<>("input", null, null, text -> text);

  public static final Setting<String> OUTPUT = new Setting<>("output", null, null, text -> text);

  /** Table mode: an Iceberg table, {@code CATALOG.DB.TABLE}, instead of an output folder. */
  public static final Setting<String> TABLE =
      new Setting<>("table", null, null, Settings::tableName);

  /** Table mode: where the audit outputs and run reports go; beside the table by default. */
  public static final Setting<String> AUDIT = new Setting<>("audit", null, null, text -> text);

  /**
   * Table mode: how many times a run rules again and retries its commit when other runs stored rows
   * of its days since it read them.
   */
  public static final Setting<Integer> COMMIT_RETRIES =
      new Setting<>(
          "commit-retries",
          "spark.jsondedup.table.commitRetries",
          "5",
          text -> (int) atLeast(text, 0));

  /** Contract rule 3: the fields that make two records duplicates. */
  public static final Setting<List<String>> KEY =
      new Setting<>("key", "spark.jsondedup.key", "id,ts", Settings::keyFields);

  public static final Setting<ReaderKind> READER =
      new Setting<>("reader", "spark.jsondedup.reader", "streaming", ReaderKind::named);

  public static final Setting<RejectLimit> MAX_REJECTED =
      new Setting<>("max-rejected", "spark.jsondedup.maxRejected", "none", RejectLimit::parse);

  /**
   * Contract rule 6: how many files that cannot be read (after retries) a run may leave unread
   * while it stores the rest; past it the run stores nothing.
   */
  public static final Setting<Integer> MAX_UNREAD =
      new Setting<>("max-unread", "spark.jsondedup.maxUnread", "0", text -> (int) atLeast(text, 0));

  /** Tries of one list, open or read of an input before its file is left unread. */
  public static final Setting<Integer> READ_ATTEMPTS =
      new Setting<>(
          "read-attempts", "spark.jsondedup.read.attempts", "4", text -> (int) atLeast(text, 1));

  /** The wait before the second try of a failed read; each later wait is about twice as long. */
  public static final Setting<Long> READ_RETRY_WAIT =
      new Setting<>(
          "read-retry-wait",
          "spark.jsondedup.read.retryWaitMillis",
          "500",
          text -> atLeast(text, 0));

  public static final Setting<Duration> WAIT_FOR_LOCK =
      new Setting<>(
          "wait-for-lock", "spark.jsondedup.lock.waitSeconds", "0", text -> seconds(text, 0));

  /**
   * How long a lock lives without renewal before the next run takes it as a dead run's. The holder
   * renews it four times as often.
   */
  public static final Setting<Duration> LOCK_TTL =
      new Setting<>("lock-ttl", "spark.jsondedup.lock.ttlSeconds", "120", text -> seconds(text, 1));

  public static final Setting<String> CHECKPOINT =
      new Setting<>("checkpoint", null, null, text -> text);

  public static final Setting<Integer> MAX_FILES_PER_BATCH =
      new Setting<>(
          "max-files-per-batch",
          "spark.jsondedup.maxFilesPerBatch",
          "all",
          text -> text.equals("all") ? Integer.MAX_VALUE : (int) atLeast(text, 1));

  public static final Setting<Duration> INTERVAL =
      new Setting<>(
          "interval", "spark.jsondedup.watch.intervalSeconds", "60", text -> seconds(text, 1));

  /**
   * Input bytes per task of the sort: a task's share stays near 100 MB in memory, which fits what
   * Spark gives a task under the launcher's default heap, without spilling to disk.
   */
  public static final Setting<Long> INPUT_BYTES_PER_TASK =
      new Setting<>(
          "input-bytes-per-task", "spark.jsondedup.inputBytesPerTask", "64m", Settings::bytes);

  /** Input bytes per bucket of a date: a date's rows of a run land in files of about 100 MB. */
  public static final Setting<Long> INPUT_BYTES_PER_BUCKET =
      new Setting<>(
          "input-bytes-per-bucket", "spark.jsondedup.inputBytesPerBucket", "1g", Settings::bytes);

  /** All of them, in the order the README lists them. */
  public static final List<Setting<?>> ALL =
      List.of(
          INPUT,
          OUTPUT,
          TABLE,
          AUDIT,
          COMMIT_RETRIES,
          KEY,
          READER,
          MAX_REJECTED,
          MAX_UNREAD,
          READ_ATTEMPTS,
          READ_RETRY_WAIT,
          WAIT_FOR_LOCK,
          LOCK_TTL,
          CHECKPOINT,
          MAX_FILES_PER_BATCH,
          INTERVAL,
          INPUT_BYTES_PER_TASK,
          INPUT_BYTES_PER_BUCKET);

  private Settings() {}

  /** The setting called {@code name}, if there is one. */
  public static Optional<Setting<?>> named(String name) {
    return ALL.stream().filter(setting -> setting.name().equals(name)).findFirst();
  }

  private static List<String> keyFields(String text) {
    List<String> fields = Arrays.stream(text.split(",", -1)).map(String::strip).toList();
    for (String field : fields) {
      if (!Columns.RECORD_FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "names a field that is not a record's: choose from " + Columns.RECORD_FIELDS);
      }
    }
    if (new HashSet<>(fields).size() != fields.size()) {
      throw new IllegalArgumentException("names a field twice");
    }
    return fields;
  }

  private static String tableName(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 3 || Arrays.stream(parts).anyMatch(String::isBlank)) {
      throw new IllegalArgumentException(
          "is not a table name of three parts: CATALOG.DB.TABLE, such as local.db.events");
    }
    return text;
  }

  private static Duration seconds(String text, long least) {
    return Duration.ofSeconds(atLeast(text, least));
  }

  private static long atLeast(String text, long least) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("is not a whole number", e);
    }
    if (value < least) {
      throw new IllegalArgumentException("is less than " + least);
    }
    return value;
  }

  /**
   * A size such as {@code 64m} or {@code 1g} (Spark's byte strings), in bytes, of at least one
   * byte; else an {@link IllegalArgumentException} saying what is wrong with {@code text}.
   */
  public static long bytes(String text) {
    long bytes;
    try {
      bytes = JavaUtils.byteStringAsBytes(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("is not a size such as 64m or 1g", e);
    }
    if (bytes < 1) {
      throw new IllegalArgumentException("is not a size of at least one byte");
    }
    return bytes;
  }
}
