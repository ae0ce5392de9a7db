package io.github.jsondedup.sparkcompat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.TestSpark;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * Each of Spark's internal APIs the job relies on, used as the job uses it: a Spark upgrade that
 * changes one fails here, by name, before it fails a run.
 */
class SparkInternalsTest {
  private static final StructType SCHEMA =
      new StructType().add("date", DataTypes.IntegerType).add("id", DataTypes.StringType);

  private final SparkSession spark = TestSpark.session();

  @Test
  void catalystRowsMakeADatasetOfInternalRowsAndBack() {
    Dataset<Row> rows = spark.sql("SELECT 2 AS date, 'b' AS id UNION ALL SELECT 1, 'a'");

    Dataset<Row> again = CatalystRows.toDataset(spark, CatalystRows.of(rows), SCHEMA);

    assertThat(again.schema()).isEqualTo(SCHEMA);
    assertThat(again.collectAsList())
        .map(Row::toString)
        .containsExactlyInAnyOrder("[2,b]", "[1,a]");
  }

  @Test
  void aDatasetSortedByAFieldSaysSoToThePlanner() {
    RDD<InternalRow> rows =
        CatalystRows.of(spark.sql("SELECT 1 AS date, 'a' AS id UNION ALL SELECT 2, 'b'"));

    Dataset<Row> sorted = CatalystRows.toDatasetSortedBy(spark, rows, SCHEMA, "date");

    assertThat(sorted.queryExecution().executedPlan().outputOrdering().mkString())
        .contains("date")
        .contains("ASC NULLS FIRST");
    assertThat(sorted.count()).isEqualTo(2);
  }

  @Test
  void aMaterializedShuffleRunsOnceAndIsReadAfter() {
    SparkContext context = spark.sparkContext();
    LongAccumulator mapped = context.longAccumulator("mapped");
    RDD<Tuple2<Integer, Integer>> shuffled =
        JavaSparkContext.fromSparkContext(context)
            .parallelize(List.of(1, 2, 3, 4), 2)
            .mapToPair(
                value -> {
                  mapped.add(1);
                  return new Tuple2<>(value % 2, value);
                })
            .groupByKey(2)
            .mapValues(values -> values.iterator().next())
            .rdd();

    Shuffles.materialized(shuffled);
    long mappedBefore = mapped.value();
    long keys = shuffled.count();

    assertThat(mappedBefore).as("map side run by materialized").isEqualTo(4);
    assertThat(mapped.value()).as("map side not run again").isEqualTo(4);
    assertThat(keys).isEqualTo(2);
  }

  @Test
  void listenersHaveEveryEventOnceDelivered() throws TimeoutException {
    SparkContext context = spark.sparkContext();
    AtomicInteger jobsEnded = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobEnd(SparkListenerJobEnd jobEnd) {
            jobsEnded.incrementAndGet();
          }
        };
    context.addSparkListener(listener);
    try {
      spark.range(10).count();

      SparkEvents.awaitDelivered(context, 10_000);

      assertThat(jobsEnded.get()).isPositive();
    } finally {
      context.removeSparkListener(listener);
    }
  }

  @Test
  void timestampsParseAsSparkSqlParsesThem() {
    SparkTimestampParser parser = new SparkTimestampParser("yyyy-MM-dd'T'HH:mm:ss[.SSSSSS]XXX");

    assertThat(parser.parse("2019-04-23T19:25:43.111+02:00", -1))
        .isEqualTo(
            ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2019-04-23T17:25:43.111Z")));
    assertThat(parser.parse("yesterday", -1)).isEqualTo(-1);
  }

  @Test
  void rowsLandInThePartitionTheirSlotNames() {
    int partitions = 13;
    Dataset<Row> slots = spark.range(0, 100).selectExpr("CAST(id % 13 AS INT) AS slot");

    List<Row> landed =
        slots
            .repartition(partitions, PartitionSlots.landingIn(functions.col("slot"), partitions))
            .selectExpr("slot", "spark_partition_id() AS partition")
            .collectAsList();

    assertThat(landed)
        .hasSize(100)
        .allSatisfy(row -> assertThat(row.getInt(1)).isEqualTo(row.getInt(0)));
  }
}
