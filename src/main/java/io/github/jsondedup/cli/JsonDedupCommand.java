package io.github.jsondedup.cli;

import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.Setting;
import io.github.jsondedup.config.Settings;
import io.github.jsondedup.job.RunFailedException;
import io.github.jsondedup.job.RunStoppedException;
import io.github.jsondedup.job.UnreadFilesException;
import io.github.jsondedup.output.OutputLockedException;
import io.github.jsondedup.report.FailureText;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code json-dedup} command: parses, validates, and hands over to a subcommand. */
@Command(
    name = "json-dedup",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Turns directories of JSON record files into a date-partitioned Parquet dataset that"
            + " never holds a duplicate record.")
public final class JsonDedupCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: try 'json-dedup run'");
  }

  /**
   * The command line, with its subcommands running on sessions from {@code sessions}, and those
   * that need none reading this JVM's Spark settings.
   */
  public static CommandLine commandLine(Supplier<SparkSession> sessions) {
    return commandLine(sessions, SparkSettings::ofJvm, Optional.empty());
  }

  /**
   * The command line of this process ({@code main}): a run's report counts the JVM's and Spark's
   * start as its first step, so that its total is the wall time.
   */
  public static CommandLine ofProcess(Supplier<SparkSession> sessions) {
    return commandLine(
        sessions,
        SparkSettings::ofJvm,
        Optional.of(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime())));
  }

  /** The command line, the commands that need no session reading {@code settings}. */
  static CommandLine commandLine(
      Supplier<SparkSession> sessions, Supplier<SparkSettings> settings) {
    return commandLine(sessions, settings, Optional.empty());
  }

  private static CommandLine commandLine(
      Supplier<SparkSession> sessions,
      Supplier<SparkSettings> settings,
      Optional<Instant> processStart) {
    CommandLine commandLine =
        new CommandLine(new JsonDedupCommand())
            .addSubcommand(new RunCommand(sessions, processStart))
            .addSubcommand(new MaintainCommand(sessions))
            .addSubcommand(new HistoryCommand(settings))
            .addSubcommand(new ExplainCommand(sessions))
            .addSubcommand(new StatusCommand(settings))
            .addSubcommand(new GenerateCommand())
            .addSubcommand(new CommandLine.HelpCommand());
    for (CommandLine command : List.of(commandLine, commandLine.getSubcommands().get("run"))) {
      command
          .getCommandSpec()
          .usageMessage()
          .exitCodeListHeading("%nExit codes:%n")
          .exitCodeList(ExitCodes.DESCRIPTIONS);
    }
    commandLine.getSubcommands().get("run").setDefaultValueProvider(new SparkConfDefaults());
    return commandLine
        .setParameterExceptionHandler(JsonDedupCommand::usageError)
        .setExitCodeExceptionMapper(ExitCodes::of)
        .setExecutionExceptionHandler(
            (error, failed, parseResult) -> {
              int exitCode = ExitCodes.of(error);
              String command = failed.getCommandSpec().qualifiedName();
              if (error instanceof InvalidSettingException invalid) {
                return usageError(
                    failed.getErr(),
                    failed,
                    "Invalid " + spelling(failed, invalid.setting()) + ": " + error.getMessage());
              } else if (error instanceof OutputLockedException) {
                failed
                    .getErr()
                    .println(
                        command
                            + ": "
                            + error.getMessage()
                            + "; try again later, or wait with --wait-for-lock SECONDS");
              } else if (exitCode == ExitCodes.RUN_FAILED || exitCode == ExitCodes.STOPPED) {
                // One line of what failed, where and what to do; the stack trace on request.
                if (Verbosity.on()) {
                  error.printStackTrace(failed.getErr());
                }
                failed.getErr().println(command + ": " + failureLine(command, error));
              } else {
                failed.getErr().println(command + ": " + error.getMessage());
              }
              return exitCode;
            });
  }

  /**
   * A failure in one line: a run's says it already (what failed, what it stored, what to do);
   * anything else is said from its innermost cause.
   */
  private static String failureLine(String command, Throwable error) {
    if (error instanceof RunFailedException
        || error instanceof RunStoppedException
        || error instanceof UnreadFilesException) {
      return error.getMessage();
    }
    return FailureText.of(error, command.endsWith(" run") ? "nothing was stored" : null);
  }

  /** How the command line spells a setting: its option, or else its Spark setting. */
  private static String spelling(CommandLine command, String setting) {
    String option = "--" + setting;
    if (command.getCommandSpec().findOption(option) != null) {
      return option;
    }
    return Settings.named(setting).map(Setting::sparkKey).orElse(setting);
  }

  /**
   * A usage error is one line on stderr, saying what was wrong and where to read more. A mistyped
   * option is named as such, with what it may have meant, even when it also leaves a required
   * option missing (picocli reports the missing one first).
   */
  private static int usageError(ParameterException error, String[] args) {
    CommandLine commandLine = error.getCommandLine();
    List<String> unmatched = commandLine.getUnmatchedArguments();
    UnmatchedArgumentException unknown =
        error instanceof UnmatchedArgumentException known
            ? known
            : unmatched.isEmpty()
                ? null
                // The first one only: the rest may be its value, not another mistake.
                : new UnmatchedArgumentException(commandLine, unmatched.subList(0, 1));
    // The option groups' messages start with "Error: ", which the command's name says already.
    String message = error.getMessage().replaceFirst("^Error: ", "");
    if (unknown != null) {
      message = unknown.getMessage();
      if (!unknown.getSuggestions().isEmpty()) {
        message += "; did you mean " + String.join(" or ", unknown.getSuggestions()) + "?";
      }
    }
    return usageError(commandLine.getErr(), commandLine, message);
  }

  private static int usageError(PrintWriter err, CommandLine commandLine, String message) {
    String command = commandLine.getCommandSpec().qualifiedName();
    err.println(command + ": " + message + " (see '" + command + " --help')");
    err.flush();
    return ExitCodes.USAGE;
  }
}
