package io.github.jsondedup.cli;

import io.github.jsondedup.config.Destination;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.table.IcebergTables;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The dataset a command works on: a folder ({@code --output}) or a table ({@code --table}, with its
 * audit folder); {@code run} writes it, the others look at it.
 */
final class DatasetOptions {
  /** Exactly one dataset: picocli refuses none, or both, with the options' names. */
  @ArgGroup(exclusive = true, multiplicity = "1")
  private Choice choice;

  static final class Choice {
    @Option(
        names = "--output",
        required = true,
        paramLabel = "PATH",
        description =
            "The Parquet dataset folder, partitioned date=YYYY-MM-DD; a run creates it if"
                + " missing.")
    private String output;

    @ArgGroup(exclusive = false, multiplicity = "1")
    private TableOptions table;
  }

  /** A table, and the folder of its audit: {@code --audit} alone is refused as a missing table. */
  static final class TableOptions {
    @Option(
        names = "--table",
        required = true,
        paramLabel = "CATALOG.DB.TABLE",
        converter = RunCommand.TableConverter.class,
        description =
            "An Apache Iceberg table instead of --output, in a catalog the Spark settings define"
                + " (spark.sql.catalog.CATALOG); a run creates it if missing.")
    private String name;

    @Option(
        names = "--audit",
        paramLabel = "PATH",
        description =
            "With --table: the folder of its rejected records, quarantined files, conflicts and"
                + " run reports (default: beside the table, <table location>_ingest).")
    private String audit;
  }

  /**
   * The folder of the dataset's run reports and audit, found with no Spark session: a table's
   * location is read from its catalog only when no --audit names the folder.
   */
  Path ingestFolder(SparkSettings spark) {
    if (choice.output != null) {
      return new OutputLayout(OutputLayout.qualified(new Path(choice.output), spark.hadoop()))
          .ingest();
    }
    if (choice.table.audit != null) {
      return OutputLayout.qualified(new Path(choice.table.audit), spark.hadoop());
    }
    Path location =
        new Path(IcebergTables.location(spark.all(), spark.hadoop(), choice.table.name));
    return OutputLayout.forTable(spark.hadoop(), location, null, List.of()).ingest();
  }

  /** The dataset as a run's settings name it; a table's runs rule again up to {@code retries}. */
  Destination destination(int retries) {
    return choice.output != null
        ? new Destination.Folder(choice.output)
        : new Destination.Table(
            choice.table.name, Optional.ofNullable(choice.table.audit), retries);
  }

  /** How the summary names the dataset. */
  String name() {
    return choice.output != null ? choice.output : choice.table.name;
  }
}
