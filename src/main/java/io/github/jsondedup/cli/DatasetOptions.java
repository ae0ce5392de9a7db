package io.github.jsondedup.cli;

import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.table.IcebergTables;
import java.util.List;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The dataset a command looks at: a folder ({@code --output}) or a table ({@code --table}). */
final class DatasetOptions {
  @Option(
      names = "--output",
      paramLabel = "PATH",
      description = "The Parquet dataset folder that json-dedup run --output writes to.")
  String output;

  @Option(
      names = "--table",
      paramLabel = "CATALOG.DB.TABLE",
      converter = RunCommand.TableConverter.class,
      description = "The Iceberg table that json-dedup run --table writes to.")
  String table;

  @Option(
      names = "--audit",
      paramLabel = "PATH",
      description =
          "With --table: the table's audit folder, if its runs were given one (default: beside"
              + " the table, <table location>_ingest).")
  String audit;

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

  /** How the summary names the dataset. */
  String name() {
    return output != null ? output : table;
  }
}
