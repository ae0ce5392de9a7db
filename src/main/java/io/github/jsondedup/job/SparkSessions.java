package io.github.jsondedup.job;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The SparkSession of a command-line run. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * The session for this JVM. Under spark-submit (and the launcher, which goes through it) the
   * master and settings come from there; a bare {@code java -cp ... Main} gets {@code local[*]}.
   */
  public static SparkSession forCommandLine() {
    SparkSession.Builder builder = SparkSession.builder().appName("json-dedup-etl");
    if (!new SparkConf().contains("spark.master")) {
      builder.master("local[*]");
    }
    return builder.getOrCreate();
  }
}
