package io.github.jsondedup.cli;

import io.github.jsondedup.config.Settings;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.report.RunIds;
import io.github.jsondedup.table.IcebergTables;
import io.github.jsondedup.table.MaintenanceReport;
import io.github.jsondedup.table.TableMaintenance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code json-dedup maintain}: compaction and cleanup of a table that runs keep adding to. */
@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Compacts each day's files of an Iceberg table to the target size, expires old snapshots"
          + " and removes files that no snapshot references, and the audit staging that killed"
          + " runs left. Each change of the table is one atomic commit: readers see the same rows"
          + " throughout, and runs may go on meanwhile."
    })
final class MaintainCommand implements Callable<Integer> {
  private final Supplier<SparkSession> sessions;

  @Spec private CommandSpec spec;

  @Option(
      names = "--table",
      required = true,
      paramLabel = "CATALOG.DB.TABLE",
      converter = RunCommand.TableConverter.class,
      description = "The table that json-dedup run --table writes to.")
  private String table;

  @Option(
      names = "--audit",
      paramLabel = "PATH",
      description =
          "The table's audit folder, if its runs were given one (default: beside the table,"
              + " <table location>_ingest).")
  private String audit;

  @Option(
      names = "--target-file-size",
      paramLabel = "SIZE",
      description =
          "The size of the files a day's rows are compacted to, such as 128m (default: the"
              + " table's write.target-file-size-bytes, 512m unless set).")
  private String targetFileSize;

  @Option(
      names = "--expire-after",
      paramLabel = "DAYS",
      defaultValue = "7",
      description =
          "Expire snapshots older than this (default: ${DEFAULT-VALUE}); time travel reaches"
              + " back this far. The current snapshot is always kept.")
  private long expireAfterDays;

  @Option(
      names = "--orphans-after",
      paramLabel = "DAYS",
      defaultValue = "3",
      description =
          "Remove files no snapshot references once older than this (default:"
              + " ${DEFAULT-VALUE}). Keep it longer than the longest run: a running run's files"
              + " are in no snapshot yet.")
  private long orphansAfterDays;

  @Option(names = "--dry-run", description = "Say what would be done; change nothing.")
  private boolean dryRun;

  MaintainCommand(Supplier<SparkSession> sessions) {
    this.sessions = sessions;
  }

  @Override
  public Integer call() {
    if (expireAfterDays < 0 || orphansAfterDays < 0) {
      throw new ParameterException(
          spec.commandLine(), "Invalid --expire-after or --orphans-after: days cannot be negative");
    }
    Instant startedAt = Instant.now();
    SparkSession spark = sessions.get();
    Table loaded = IcebergTables.load(spark, table);
    long target =
        targetFileSize == null
            ? PropertyUtil.propertyAsLong(
                loaded.properties(),
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT)
            : size(targetFileSize);
    var out = spec.commandLine().getOut();
    String prefix = "json-dedup maintain " + table + (dryRun ? " (dry run)" : "") + ": ";
    OutputLayout layout =
        OutputLayout.forTable(
            spark.sparkContext().hadoopConfiguration(),
            new Path(loaded.location()),
            audit,
            List.of());
    TableMaintenance.Result result =
        new TableMaintenance(
                spark,
                loaded,
                layout,
                line -> {
                  out.println(prefix + line);
                  out.flush();
                })
            .run(
                new TableMaintenance.Plan(
                    target,
                    Duration.ofDays(expireAfterDays),
                    Duration.ofDays(orphansAfterDays),
                    dryRun));
    for (String orphan : result.orphanFiles()) {
      out.println("  " + (dryRun ? "would remove " : "removed ") + orphan);
    }
    for (String staging : result.deadStaging()) {
      out.println("  " + (dryRun ? "would remove " : "removed ") + staging);
    }
    Instant finishedAt = Instant.now();
    Path report =
        new MaintenanceReport(
                RunIds.next(startedAt),
                startedAt.toString(),
                finishedAt.toString(),
                table,
                dryRun,
                target,
                expireAfterDays,
                orphansAfterDays,
                result,
                Duration.between(startedAt, finishedAt).toMillis())
            .write(layout, spark.sparkContext().hadoopConfiguration());
    out.println(prefix + "report " + report);
    out.flush();
    return ExitCodes.OK;
  }

  private long size(String text) {
    try {
      return Settings.bytes(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "Invalid --target-file-size: '" + text + "' " + e.getMessage());
    }
  }
}
