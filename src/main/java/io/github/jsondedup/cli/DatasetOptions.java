package io.github.jsondedup.cli;

import io.github.jsondedup.config.Destination;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.table.IcebergTables;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The dataset a command works on: a folder ({@code --output}) or a table ({@code --table}, with its
 * audit folder); {@code run} writes it, the others look at it.
 */
final class DatasetOptions {
  @Option(
      names = "--output",
      paramLabel = "PATH",
      description =
          "The Parquet dataset folder, partitioned date=YYYY-MM-DD; a run creates it if missing.")
  private String output;

  @Option(
      names = "--table",
      paramLabel = "CATALOG.DB.TABLE",
      converter = RunCommand.TableConverter.class,
      description =
          "An Apache Iceberg table instead of --output, in a catalog the Spark settings define"
              + " (spark.sql.catalog.CATALOG); a run creates it if missing.")
  private String table;

  @Option(
      names = "--audit",
      paramLabel = "PATH",
      description =
          "With --table: the folder of its rejected records, quarantined files, conflicts and run"
              + " reports (default: beside the table, <table location>_ingest).")
  private String audit;

  /** The options checked together: one dataset, and --audit only with a table. */
  void check(CommandLine command) {
    if ((output == null) == (table == null)) {
      throw new ParameterException(
          command,
          "Give either --output PATH (a Parquet folder) or --table CATALOG.DB.TABLE (an Iceberg"
              + " table)");
    }
    if (audit != null && table == null) {
      throw new ParameterException(
          command, "Invalid --audit: it goes with --table (a folder keeps its own)");
    }
  }

  /**
   * The folder of the dataset's run reports and audit, found with no Spark session: a table's
   * location is read from its catalog only when no --audit names the folder.
   */
  Path ingestFolder(CommandLine command, SparkSettings spark) {
    check(command);
    if (output != null) {
      return new OutputLayout(OutputLayout.qualified(new Path(output), spark.hadoop())).ingest();
    }
    if (audit != null) {
      return OutputLayout.qualified(new Path(audit), spark.hadoop());
    }
    Path location = new Path(IcebergTables.location(spark.all(), spark.hadoop(), table));
    return OutputLayout.forTable(spark.hadoop(), location, null, List.of()).ingest();
  }

  /** The dataset as a run's settings name it; a table's runs rule again up to {@code retries}. */
  Destination destination(int retries) {
    return table == null
        ? new Destination.Folder(output)
        : new Destination.Table(table, Optional.ofNullable(audit), retries);
  }

  /** How the summary names the dataset. */
  String name() {
    return output != null ? output : table;
  }
}
