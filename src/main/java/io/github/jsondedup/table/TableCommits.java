package io.github.jsondedup.table;

import io.github.jsondedup.schema.Columns;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.spark.SparkSQLProperties;
import org.apache.iceberg.spark.SparkWriteOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * How a run adds rows to a table exactly once without a lock (contract rule 5): it reads the
 * table's rows at one snapshot, rules on its records against them, writes its new rows as a staged
 * snapshot that no reader sees, and then commits those files as an append that Iceberg refuses if
 * any run committed files of the same days since the snapshot read: serializable isolation. The
 * refused run rules again from the table's new state.
 */
public final class TableCommits {
  /** The snapshot property that names the run that added a snapshot's rows. */
  public static final String RUN_ID_PROPERTY = "json-dedup.run-id";

  private TableCommits() {}

  /**
   * Writes {@code rows} ({@link Columns#ID}, {@link Columns#DATA}, {@link Columns#TS}, {@link
   * Columns#DATE}) into files of {@code table} (named {@code name}) staged under {@code stagingId},
   * and returns them; the table's rows do not change.
   */
  public static List<DataFile> stage(
      SparkSession spark, String name, Table table, Dataset<Row> rows, String stagingId) {
    // The run's own session (no other run's writes see the id), and Iceberg reads it from there.
    spark.conf().set(SparkSQLProperties.WAP_ID, stagingId);
    try {
      // A task holds whole (date, bucket) groups already: no shuffle. Iceberg's clustered writer
      // keeps one file open at a time, as the folder's writer does, where the fanout writer keeps
      // one per date (a backfill of 1,000 dates filled a 1 GB heap with their buffers). It needs
      // a task's rows date by date: they come so when the key holds ts (then Spark knows it, and
      // drops this sort), and are sorted so otherwise.
      rows.sortWithinPartitions(Columns.DATE)
          .select(Columns.ID, Columns.DATA, Columns.TS)
          .writeTo(name)
          .option(SparkWriteOptions.DISTRIBUTION_MODE, "none")
          .option(SparkWriteOptions.FANOUT_ENABLED, "false")
          .append();
    } catch (NoSuchTableException e) {
      throw IcebergTables.droppedDuringRun(name, e);
    } finally {
      spark.conf().unset(SparkSQLProperties.WAP_ID);
    }
    table.refresh();
    List<DataFile> files = new ArrayList<>();
    for (Snapshot snapshot : staged(table, stagingId)) {
      snapshot.addedDataFiles(table.io()).forEach(files::add);
    }
    return files;
  }

  /**
   * Removes the snapshots staged under {@code stagingId} from {@code table}'s metadata, once their
   * files are committed or refused, and the files only they hold (a refused attempt's): every batch
   * would otherwise add a snapshot that no reader ever sees to every later metadata file.
   */
  public static void dropStaged(Table table, String stagingId) {
    table.refresh();
    List<Snapshot> staged = staged(table, stagingId);
    if (staged.isEmpty()) {
      return;
    }
    ExpireSnapshots expire = table.expireSnapshots();
    staged.forEach(snapshot -> expire.expireSnapshotId(snapshot.snapshotId()));
    expire.commit();
    table.refresh();
  }

  private static List<Snapshot> staged(Table table, String stagingId) {
    List<Snapshot> staged = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (stagingId.equals(snapshot.summary().get(SnapshotSummary.STAGED_WAP_ID_PROP))) {
        staged.add(snapshot);
      }
    }
    return staged;
  }

  /**
   * Appends {@code files} to {@code table} in one snapshot, unless a commit after {@code
   * readSnapshotId} (null: the table was empty) added files that may hold rows matching {@code
   * conflictScope}: then nothing changes and a {@link ValidationException} says so. Returns the id
   * of the snapshot committed.
   */
  public static long commit(
      Table table,
      List<DataFile> files,
      Long readSnapshotId,
      Expression conflictScope,
      String runId) {
    table.refresh();
    OverwriteFiles append = table.newOverwrite();
    files.forEach(append::addFile);
    if (readSnapshotId != null) {
      append.validateFromSnapshot(readSnapshotId);
    }
    append
        .conflictDetectionFilter(conflictScope)
        .validateNoConflictingData()
        .set(RUN_ID_PROPERTY, runId)
        .commit();
    table.refresh();
    // Newest first: other runs may have committed since, but only this run's names its id.
    for (Snapshot snapshot = table.currentSnapshot();
        snapshot != null;
        snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
      if (runId.equals(snapshot.summary().get(RUN_ID_PROPERTY))) {
        return snapshot.snapshotId();
      }
    }
    throw new IllegalStateException(
        "The commit of run " + runId + " succeeded but no snapshot of " + table + " names it");
  }

  /**
   * The rows of {@code dates} (yyyy-MM-dd, UTC), as an Iceberg filter on {@link Columns#TS}: one
   * range per run of consecutive dates. Every row when {@code dates} is null.
   */
  public static Expression daysOf(List<String> dates) {
    if (dates == null) {
      return Expressions.alwaysTrue();
    }
    Expression rows = Expressions.alwaysFalse();
    TreeSet<LocalDate> days = new TreeSet<>();
    dates.forEach(date -> days.add(LocalDate.parse(date)));
    while (!days.isEmpty()) {
      LocalDate first = days.pollFirst();
      LocalDate end = first.plusDays(1);
      while (!days.isEmpty() && days.first().equals(end)) {
        end = days.pollFirst().plusDays(1);
      }
      rows =
          Expressions.or(
              rows,
              Expressions.and(
                  Expressions.greaterThanOrEqual(Columns.TS, micros(first)),
                  Expressions.lessThan(Columns.TS, micros(end))));
    }
    return rows;
  }

  private static long micros(LocalDate day) {
    return ChronoUnit.MICROS.between(LocalDate.EPOCH.atStartOfDay(), day.atStartOfDay());
  }
}
