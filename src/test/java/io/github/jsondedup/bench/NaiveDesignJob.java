package io.github.jsondedup.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;

import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The first Spark job one would write for the problem, the Spark peer: Spark's JSON reader with
 * schema inference, explode, sort, {@code dropDuplicates}, a date-partitioned write. Its survivor
 * is not deterministic (the sort does not survive the shuffle), and it keeps no audit and no state.
 *
 * <p>Usage: {@code NaiveDesignJob INPUT_DIR OUTPUT_DIR}
 */
public final class NaiveDesignJob {
  private NaiveDesignJob() {}

  public static void main(String[] args) {
    SparkSession spark =
        SparkSession.builder()
            .master("local[*]")
            .appName("naive-design-job")
            .config("spark.ui.enabled", false)
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
    spark
        .read()
        .option("multiLine", true)
        .json(args[0])
        .select(explode(col("records")).as("record"))
        .select("record.*")
        .withColumn("ts", to_timestamp(col("ts")))
        .withColumn("date", to_date(col("ts")))
        .sort("ts")
        .dropDuplicates("id", "ts")
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy("date")
        .parquet(args[1]);
    spark.stop();
  }
}
