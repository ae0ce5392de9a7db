package io.github.jsondedup;

import io.github.jsondedup.ingest.Columns;
import io.github.jsondedup.ingest.IngestJob;
import io.github.jsondedup.ingest.IngestOptions;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;

/** Reading a stored dataset back, as a test compares it. */
public final class Datasets {
  private Datasets() {}

  /**
   * The rows a local run in the tests' own session writes from {@code input} into {@code output}:
   * what a run elsewhere (a cluster, S3, HDFS) must equal.
   */
  public static List<String> rowsOfALocalRun(Path input, Path output) {
    new IngestJob(
            TestSpark.session(),
            new IngestOptions(List.of(input.toString()), output.toString(), Columns.DEFAULT_KEY))
        .run();
    return storedRows(output);
  }

  /** The dataset at {@code path} as sorted {@code id|data|ts|date} lines, ts an ISO instant. */
  public static List<String> storedRows(Path path) {
    return TestSpark.session()
        .read()
        .schema(Columns.DATASET_SCHEMA)
        .parquet(path.toString())
        .collectAsList()
        .stream()
        .map(
            row ->
                row.getString(0)
                    + "|"
                    + row.getString(1)
                    + "|"
                    + ((Timestamp) row.get(2)).toInstant()
                    + "|"
                    + row.get(3))
        .sorted()
        .toList();
  }
}
