package io.github.jsondedup;

import io.github.jsondedup.cli.JsonDedupCommand;

/** Entry point for the launcher and for {@code spark-submit --class io.github.jsondedup.Main}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(JsonDedupCommand.commandLine(SparkSessions::forCommandLine).execute(args));
  }
}
