package io.github.jsondedup.read;

import io.github.jsondedup.config.ReadRetries;
import io.github.jsondedup.config.ReaderKind;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How input files become checked record rows ({@link io.github.jsondedup.schema.Columns#CHECKED}).
 */
public final class InputReader {
  private InputReader() {}

  /**
   * The checked record rows of {@code ranked} files, none of them empty, in survivor order ({@link
   * Arrival#ranked}): a file's index is its rank in the rows' arrival. A file the file system fails
   * to give, after {@code retries}, gives an UNREAD row under the streaming reader, and fails the
   * run under Spark's JSON reader (which reads a file whole or fails).
   */
  public static Dataset<Row> read(
      SparkSession spark, ReaderKind kind, List<InputFile> ranked, ReadRetries retries) {
    return switch (kind) {
      case STREAMING -> StreamingJsonReader.read(spark, ranked, retries);
      case SPARK_JSON -> {
        Dataset<Row> records = Documents.toRecords(SparkJsonReader.read(spark, ranked));
        Dataset<Row> checked =
            Validation.validate(
                SparkJsonChecks.apply(
                    spark, records, SparkJsonChecks.find(spark, ranked, retries), ranked));
        yield SparkJsonReader.withArrival(spark, checked, ranked);
      }
    };
  }
}
