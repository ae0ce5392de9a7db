package io.github.jsondedup.cli;

import io.github.jsondedup.sparkcompat.HadoopConfs;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The Spark settings and Hadoop configuration of a command that reads a few files and needs no
 * Spark session ({@code history}, {@code status}): a session would take seconds to start.
 *
 * @param all every Spark setting, by key
 * @param hadoop the Hadoop configuration those settings make
 */
record SparkSettings(Map<String, String> all, Configuration hadoop) {

  /** The settings of this JVM, as spark-submit passes them to the driver. */
  static SparkSettings ofJvm() {
    SparkConf conf = new SparkConf();
    Map<String, String> all = new HashMap<>();
    for (Tuple2<String, String> setting : conf.getAll()) {
      all.put(setting._1(), setting._2());
    }
    return new SparkSettings(all, HadoopConfs.of(conf));
  }
}
