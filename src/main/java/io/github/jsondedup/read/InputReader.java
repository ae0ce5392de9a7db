package io.github.jsondedup.read;

import io.github.jsondedup.schema.Columns;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** How input files become checked record rows ({@link Columns#CHECKED}): {@code --reader}. */
public enum InputReader {
  /** Jackson's streaming parser in Spark tasks: any file size, bad records rejected alone. */
  STREAMING("streaming") {
    @Override
    public Dataset<Row> read(SparkSession spark, List<InputFile> ranked) {
      return StreamingJsonReader.read(spark, ranked);
    }
  },
  /** Spark's JSON data source ({@code multiLine}): a file's whole array in one row. */
  SPARK_JSON("spark-json") {
    @Override
    public Dataset<Row> read(SparkSession spark, List<InputFile> ranked) {
      Dataset<Row> records = Documents.toRecords(SparkJsonReader.read(spark, ranked));
      Dataset<Row> checked =
          Validation.validate(
              SparkJsonChecks.apply(spark, records, SparkJsonChecks.find(spark, ranked), ranked));
      return SparkJsonReader.withArrival(spark, checked, ranked);
    }
  };

  private final String option;

  InputReader(String option) {
    this.option = option;
  }

  /**
   * The checked record rows ({@link Columns#CHECKED}) of {@code ranked} files, none of them empty,
   * in survivor order ({@link Arrival#ranked}): a file's index is its rank in the rows' arrival.
   */
  public abstract Dataset<Row> read(SparkSession spark, List<InputFile> ranked);

  /** The name on the command line. */
  public String option() {
    return option;
  }

  @Override
  public String toString() {
    return option;
  }
}
