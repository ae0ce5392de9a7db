package io.github.jsondedup;

import io.github.jsondedup.cli.ExitCodes;
import io.github.jsondedup.cli.JsonDedupCommand;
import io.github.jsondedup.job.SparkSessions;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;

/** Entry point for the launcher and for {@code spark-submit --class io.github.jsondedup.Main}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    AtomicReference<SparkSession> started = new AtomicReference<>();
    int exitCode =
        JsonDedupCommand.ofProcess(
                () -> {
                  started.set(SparkSessions.forCommandLine());
                  return started.get();
                })
            .execute(args);
    if (exitCode != ExitCodes.OK) {
      System.exit(exitCode);
    }
    // A good run returns instead of calling System.exit(0): under YARN in cluster deploy mode
    // (an EMR step) any exit from main is reported as a failed application, "Shutdown hook called
    // before final status was reported".
    if (started.get() != null) {
      started.get().stop();
    }
  }
}
