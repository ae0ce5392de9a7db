package io.github.jsondedup;

import io.github.jsondedup.output.NioLocalFileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the test JVM: {@code local[2]}, UI off, loopback only, few shuffle
 * partitions. A static holder, so that every test class and helper reaches the same session without
 * an extension. Spark stops it at JVM exit.
 */
public final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("json-dedup-tests")
              .config("spark.ui.enabled", false)
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", 4)
              // As conf/spark-*.conf: what tasks carry must be serializable by Kryo too.
              .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName())
              .getOrCreate();
    }
    return session;
  }
}
