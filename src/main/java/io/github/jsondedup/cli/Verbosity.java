package io.github.jsondedup.cli;

import java.util.Arrays;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code --verbose}: a failure's stack trace on stderr, and the log of Spark, Hadoop and the
 * libraries beside the job's own (the launcher's {@code conf/log4j2.properties} keeps only the
 * job's lines by default, so that a failure is one line). Read from the arguments before Spark
 * starts, since Spark's own start logs.
 */
public final class Verbosity {
  /** The system property {@code conf/log4j2.properties} reads the others' log level from. */
  static final String OTHERS_LOG_LEVEL = "json-dedup.log.others";

  private static volatile boolean on;

  private Verbosity() {}

  /** Turns verbosity on if {@code args} ask for it; call first thing in {@code main}. */
  public static void fromArguments(String[] args) {
    if (Arrays.asList(args).contains("--verbose")) {
      turnOn();
    }
  }

  static void turnOn() {
    if (!on) {
      on = true;
      System.setProperty(OTHERS_LOG_LEVEL, "warn");
      // The console log was configured at the JVM's start: read it again with the new level.
      Configurator.reconfigure();
    }
  }

  static boolean on() {
    return on;
  }
}
