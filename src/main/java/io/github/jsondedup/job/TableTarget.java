package io.github.jsondedup.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import io.github.jsondedup.config.Destination;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.table.ConcurrentCommitException;
import io.github.jsondedup.table.IcebergTables;
import io.github.jsondedup.table.TableCommits;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.SparkReadOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Iceberg table: the run reads its rows at one snapshot and commits its new rows only if no
 * other run stored rows of the same days since (see {@link TableCommits}); no lock.
 */
final class TableTarget implements Target {
  private static final Logger LOG = LoggerFactory.getLogger(TableTarget.class);

  private final SparkSession spark;
  private final String name;
  private final String runId;
  private final OutputLayout layout;
  private final int commitRetries;
  private Table table;
  private Long readSnapshotId;
  private List<String> readDates;
  private int attempt;
  private int retries;
  private Long committedSnapshot;

  private TableTarget(
      SparkSession spark,
      Destination.Table destination,
      String runId,
      Table table,
      OutputLayout layout) {
    this.spark = spark;
    this.name = destination.name();
    this.runId = runId;
    this.table = table;
    this.layout = layout;
    this.commitRetries = destination.commitRetries();
  }

  /** The existing table {@code destination}, to read only; an error if it does not exist. */
  static TableTarget existing(SparkSession spark, Destination.Table destination) {
    Table table = IcebergTables.load(spark, destination.name());
    return new TableTarget(
        spark, destination, "none", table, layout(spark, table, destination, List.of()));
  }

  /** The table of {@code settings}, created if it does not exist yet. */
  static TableTarget open(SparkSession spark, RunSettings settings, String runId) {
    Destination.Table destination = settings.table();
    Table table = IcebergTables.openOrCreate(spark, destination.name(), settings.key());
    return new TableTarget(
        spark, destination, runId, table, layout(spark, table, destination, settings.inputs()));
  }

  private static OutputLayout layout(
      SparkSession spark, Table table, Destination.Table destination, List<String> inputs) {
    return OutputLayout.forTable(
        spark.sparkContext().hadoopConfiguration(),
        new Path(table.location()),
        destination.audit().orElse(null),
        inputs);
  }

  @Override
  public OutputLayout layout() {
    return layout;
  }

  @Override
  public String name() {
    return name;
  }

  /** Commits are atomic and checked against each other: no lock. */
  @Override
  public Path lockFile() {
    return null;
  }

  /** What a killed run wrote is in no snapshot; {@code maintain} removes such orphan files. */
  @Override
  public List<Path> removeLeftovers() {
    return List.of();
  }

  /**
   * When another run stored rows of the same days in between (a commit conflict), rules again from
   * what is stored now, at most {@code spark.jsondedup.table.commitRetries} times.
   */
  @Override
  public <T> T storing(Supplier<T> attempt, Runnable beforeRetry) {
    for (retries = 0; ; retries++) {
      try {
        return attempt.get();
      } catch (ConcurrentCommitException e) {
        beforeRetry.run();
        if (retries >= commitRetries) {
          throw new ConcurrentCommitException(
              String.format(
                  Locale.ROOT,
                  "Other runs stored rows of this run's days while it ruled, %d times in a row:"
                      + " nothing of this run was stored, and running it again is safe (or allow"
                      + " more retries with spark.jsondedup.table.commitRetries)",
                  retries + 1),
              e);
        }
        LOG.info(
            "Run {}: {}; ruling again on what is stored now (retry {} of {})",
            runId,
            e.getMessage(),
            retries + 1,
            commitRetries);
      }
    }
  }

  @Override
  public int retries() {
    return retries;
  }

  @Override
  public Optional<Long> committedSnapshot() {
    return Optional.ofNullable(committedSnapshot);
  }

  /**
   * The table's own UUID (a table dropped and created again has another), and its key, kept as the
   * table property {@link IcebergTables#KEY_PROPERTY}: set when the table is created, or by the
   * first run on a table from before tables kept their key.
   */
  @Override
  public DatasetIdentity identity(List<String> key) {
    String keyText = table.properties().get(IcebergTables.KEY_PROPERTY);
    if (keyText == null) {
      table.updateProperties().set(IcebergTables.KEY_PROPERTY, String.join(",", key)).commit();
      table.refresh();
      keyText = table.properties().get(IcebergTables.KEY_PROPERTY);
    }
    return new DatasetIdentity(table.uuid().toString(), List.of(keyText.split(",")))
        .refuseOtherKey(name, key);
  }

  @Override
  public Dataset<Row> stored(List<String> dates) {
    // The catalog may hold the table as it was: read it as it is now, and pin that snapshot.
    spark.catalog().refreshTable(name);
    table = reload();
    Snapshot current = table.currentSnapshot();
    readSnapshotId = current == null ? null : current.snapshotId();
    readDates = dates;
    if (current == null || (dates != null && dates.isEmpty())) {
      return null;
    }
    Dataset<Row> stored =
        spark
            .read()
            .format("iceberg")
            .option(SparkReadOptions.SNAPSHOT_ID, readSnapshotId)
            // Tasks of 128 MB, a file counted as 1 MB at least: Iceberg's default split size,
            // adapted to the few bytes of a backfill's many small files, gave a task to every
            // four files (3,000 tasks for 12,000 dates, 80 s of a 90 s run).
            .option(SparkReadOptions.SPLIT_SIZE, 128L * 1024 * 1024)
            .option(SparkReadOptions.FILE_OPEN_COST, 1024L * 1024)
            // Row by row: the vectorized reader takes 5,000 rows at a time into direct buffers,
            // and with 1 MB values asked for a gigabyte of them.
            .option(SparkReadOptions.VECTORIZATION_ENABLED, false)
            .load(name);
    if (dates != null) {
      // The range prunes the table's day partitions; the list keeps only the days themselves.
      List<LocalDate> days = dates.stream().map(LocalDate::parse).sorted().toList();
      stored =
          stored.where(
              col(Columns.TS)
                  .geq(startOf(days.get(0)))
                  .and(col(Columns.TS).lt(startOf(days.get(days.size() - 1).plusDays(1))))
                  .and(to_date(col(Columns.TS)).isin(dates.toArray())));
    }
    return stored.select(
        col(Columns.ID),
        col(Columns.DATA),
        col(Columns.TS),
        to_date(col(Columns.TS)).as(Columns.DATE),
        col("_file").as(Columns.STORED_FILE));
  }

  @Override
  public Map<String, Long> store(Dataset<Row> rows, List<String> dates) {
    attempt++;
    committedSnapshot = null;
    String stagingId = runId + "-" + attempt;
    List<DataFile> files = TableCommits.stage(spark, name, table, rows, stagingId);
    Map<String, Long> added = new LinkedHashMap<>();
    if (files.isEmpty()) {
      return added;
    }
    try {
      committedSnapshot =
          TableCommits.commit(table, files, readSnapshotId, TableCommits.daysOf(readDates), runId);
    } catch (ValidationException e) {
      throw new ConcurrentCommitException(
          "Another run stored rows of this run's days after this run read them", e);
    } finally {
      dropStaged(stagingId);
    }
    files.forEach(file -> added.put(file.location(), file.fileSizeInBytes()));
    return added;
  }

  /** Housekeeping: a failure here leaves the batch as it is, committed or refused. */
  private void dropStaged(String stagingId) {
    try {
      TableCommits.dropStaged(table, stagingId);
    } catch (RuntimeException e) {
      LOG.warn(
          "Cannot remove the staged snapshot {} from {} ({}); maintain expires it with the old"
              + " snapshots",
          stagingId,
          name,
          e.getMessage());
    }
  }

  private Table reload() {
    try {
      return Spark3Util.loadIcebergTable(spark, name);
    } catch (NoSuchTableException | ParseException e) {
      throw IcebergTables.droppedDuringRun(name, e);
    }
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay().toInstant(ZoneOffset.UTC);
  }
}
