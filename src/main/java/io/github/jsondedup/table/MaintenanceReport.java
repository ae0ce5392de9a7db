package io.github.jsondedup.table;

import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.report.ReportWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What one {@code json-dedup maintain} did to a table, kept beside the run reports as {@code
 * <audit>/maintenance/<id>.json}, so that the table's trail shows its maintenance too.
 *
 * @param id when it started, as run ids are
 * @param dryRun whether it only said what it would do
 * @param targetFileSize the size it compacted each day's files to
 * @param expireAfterDays the age past which it expired snapshots
 * @param orphansAfterDays the age past which it removed files no snapshot references
 * @param result what it did (or would do)
 * @param wallMillis how long it took
 */
public record MaintenanceReport(
    String id,
    String startedAt,
    String finishedAt,
    String table,
    boolean dryRun,
    long targetFileSize,
    long expireAfterDays,
    long orphansAfterDays,
    TableMaintenance.Result result,
    long wallMillis) {

  /** The folder of the maintenance reports of the table whose audit is in {@code layout}. */
  public static Path folder(OutputLayout layout) {
    return new Path(layout.ingest(), "maintenance");
  }

  /** Writes this report in {@link #folder}; returns its path. */
  public Path write(OutputLayout layout, Configuration hadoop) {
    Path file = new Path(folder(layout), id + ".json");
    ReportWriter.writeJson(this, file, hadoop);
    return file;
  }
}
