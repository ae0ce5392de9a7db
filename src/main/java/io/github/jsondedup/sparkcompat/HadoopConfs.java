package io.github.jsondedup.sparkcompat;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SerializableWritable;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.deploy.SparkHadoopUtil;

/** The driver's Hadoop configuration for tasks (file systems, credentials), sent once per run. */
public final class HadoopConfs {
  private HadoopConfs() {}

  /**
   * The Hadoop configuration a SparkContext on {@code conf} would have ({@code spark.hadoop.*}
   * settings, S3A credentials from the environment), made without starting one: for commands that
   * read a few files only.
   */
  public static Configuration of(SparkConf conf) {
    return SparkHadoopUtil.get().newConfiguration(conf);
  }

  /** The driver's Hadoop configuration as a broadcast: {@code value().value()} in a task. */
  public static Broadcast<SerializableWritable<Configuration>> broadcast(SparkContext context) {
    return JavaSparkContext.fromSparkContext(context)
        .broadcast(new SerializableWritable<>(context.hadoopConfiguration()));
  }
}
