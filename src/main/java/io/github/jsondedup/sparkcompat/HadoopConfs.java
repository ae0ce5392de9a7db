package io.github.jsondedup.sparkcompat;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SerializableWritable;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/** The driver's Hadoop configuration for tasks (file systems, credentials), sent once per run. */
public final class HadoopConfs {
  private HadoopConfs() {}

  /** The driver's Hadoop configuration as a broadcast: {@code value().value()} in a task. */
  public static Broadcast<SerializableWritable<Configuration>> broadcast(SparkContext context) {
    return JavaSparkContext.fromSparkContext(context)
        .broadcast(new SerializableWritable<>(context.hadoopConfiguration()));
  }
}
