package io.github.jsondedup.job;

import io.github.jsondedup.config.Destination;
import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.Settings;
import io.github.jsondedup.output.OutputLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A dataset as commands that only look at it see it ({@code json-dedup explain}): its stored rows
 * as a run reads them, and its layout. Nothing is created, locked or written.
 */
public final class StoredDataset {
  private final Target target;

  private StoredDataset(Target target) {
    this.target = target;
  }

  /** The existing dataset at {@code destination}; an {@link InvalidSettingException} if none. */
  public static StoredDataset open(SparkSession spark, Destination destination) {
    if (destination instanceof Destination.Table table) {
      return new StoredDataset(TableTarget.existing(spark, table));
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    OutputLayout layout =
        new OutputLayout(OutputLayout.qualified(new Path(destination.name()), hadoop));
    try {
      if (!layout.ingest().getFileSystem(hadoop).exists(layout.ingest())) {
        throw new InvalidSettingException(
            Settings.OUTPUT.name(), destination.name() + " is not a dataset: no run wrote there");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot look at " + layout.root() + ": " + e.getMessage(), e);
    }
    return new StoredDataset(new FolderTarget(spark, layout));
  }

  /** The folder or the table, as run reports name it. */
  public String name() {
    return target.name();
  }

  public OutputLayout layout() {
    return target.layout();
  }

  /**
   * The stored rows of {@code dates} (every date when null), with the file that holds each ({@code
   * Columns.STORED_FILE}); null when there are none.
   */
  public Dataset<Row> rows(List<String> dates) {
    return target.stored(dates);
  }
}
