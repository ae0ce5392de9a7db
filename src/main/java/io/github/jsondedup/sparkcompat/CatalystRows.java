package io.github.jsondedup.sparkcompat;

import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Ascending$;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

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

  /**
   * A Dataset of {@code rows}, which must be of {@code schema} and come in each partition ascending
   * by {@code field}, nulls first. Spark then takes the order as given: a write partitioned by the
   * field opens one file at a time, without sorting the rows again. Were a partition out of order,
   * the write would still be right, in more files.
   */
  public static Dataset<Row> toDatasetSortedBy(
      SparkSession spark, RDD<InternalRow> rows, StructType schema, String field) {
    LogicalRDD plan = (LogicalRDD) toDataset(spark, rows, schema).logicalPlan();
    Attribute sortedBy = plan.output().find(attribute -> attribute.name().equals(field)).get();
    Seq<SortOrder> ordering =
        seq(
            List.of(
                new SortOrder(
                    sortedBy,
                    Ascending$.MODULE$,
                    Ascending$.MODULE$.defaultNullOrdering(),
                    seq(List.<Expression>of()))));
    return Dataset.ofRows(
        spark,
        new LogicalRDD(
            plan.output(),
            rows,
            plan.outputPartitioning(),
            ordering,
            false,
            spark,
            Option.empty(),
            Option.empty()));
  }

  private static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toSeq();
  }

  /** The rows of {@code dataset}, in its schema's order of fields. */
  public static RDD<InternalRow> of(Dataset<Row> dataset) {
    return dataset.queryExecution().toRdd();
  }
}
