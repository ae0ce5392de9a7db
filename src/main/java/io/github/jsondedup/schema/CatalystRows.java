package io.github.jsondedup.schema;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * Datasets as Spark's own rows and back. The job's hot loops (the reader, the dedup scan) work on
 * {@link InternalRow}s: converting every row to a {@link Row} and back would cost more than the
 * work itself. These are Spark's internal entry points (public in the bytecode, private to Spark's
 * package in Scala), used here and nowhere else.
 */
public final class CatalystRows {
  private CatalystRows() {}

  /** A Dataset of {@code rows}, which must be of {@code schema}. */
  public static Dataset<Row> toDataset(
      SparkSession spark, RDD<InternalRow> rows, StructType schema) {
    return spark.internalCreateDataFrame(rows, schema, false);
  }

  /** The rows of {@code dataset}, in its schema's order of fields. */
  public static RDD<InternalRow> of(Dataset<Row> dataset) {
    return dataset.queryExecution().toRdd();
  }
}
