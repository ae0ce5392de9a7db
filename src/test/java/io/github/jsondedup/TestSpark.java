package io.github.jsondedup;

import io.github.jsondedup.faults.FaultyFileSystem;
import io.github.jsondedup.output.NioLocalFileSystem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.RuntimeConfig;
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
              // The local file system failing as a test's plan says (faults.Faults).
              .config(
                  "spark.hadoop.fs." + FaultyFileSystem.SCHEME + ".impl",
                  FaultyFileSystem.class.getName())
              .getOrCreate();
    }
    return session;
  }

  /** What {@link #withSettings} runs. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  /**
   * Runs {@code action} with {@code settings} set on the shared session, then puts back what was
   * set before (or unsets), whatever the action did to them: as Iceberg's {@code withSQLConf}.
   */
  public static void withSettings(Map<String, String> settings, Action action) throws Exception {
    RuntimeConfig conf = session().conf();
    Map<String, Optional<String>> before = new LinkedHashMap<>();
    settings.keySet().forEach(key -> before.put(key, Optional.ofNullable(conf.get(key, null))));
    settings.forEach(conf::set);
    try {
      action.run();
    } finally {
      before.forEach(
          (key, value) -> value.ifPresentOrElse(set -> conf.set(key, set), () -> conf.unset(key)));
    }
  }
}
