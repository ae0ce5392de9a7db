package io.github.jsondedup.cli;

import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.job.RunStoppedException;
import io.github.jsondedup.job.TooManyRejectedException;
import io.github.jsondedup.job.UnreadFilesException;
import io.github.jsondedup.output.OutputLockedException;
import io.github.jsondedup.table.ConcurrentCommitException;
import io.github.jsondedup.watch.MissingDatasetException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The process exit codes, listed in {@code --help}. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int RUN_FAILED = 1;
  public static final int USAGE = 2;
  public static final int OUTPUT_LOCKED = ConcurrentCommitException.EXIT_CODE;
  public static final int TOO_MANY_REJECTED = TooManyRejectedException.EXIT_CODE;
  public static final int SOME_UNREAD = UnreadFilesException.SOME_UNREAD_EXIT_CODE;
  public static final int STOPPED = RunStoppedException.EXIT_CODE;

  /** Shown under "Exit codes" in every command's help. */
  static final Map<String, String> DESCRIPTIONS =
      orderedMap(
          "0", "the run finished; bad input, if any, was kept for audit",
          "1",
              "the run failed (storage, memory or Spark error, a stop, or more unread files than"
                  + " --max-unread allows); nothing of the failed run was stored: see the message",
          "2", "usage error: a wrong option, or an input that does not exist or holds no files",
          "3",
              "another run is writing to the output folder, or other runs kept committing rows of"
                  + " the same days to the table; nothing was changed",
          "4",
              "more records were rejected or files quarantined than --max-rejected allows; nothing"
                  + " was written to the dataset (they were kept for audit, with a run report)",
          "5",
              "the run stored what it read, but the file system failed to give some files (at most"
                  + " --max-unread): they are named in the summary and read again by the next run",
          "143",
              "the run was stopped by SIGTERM or Ctrl-C before it stored anything; its report says"
                  + " stopped, the output is released");

  private ExitCodes() {}

  /** The exit code of a run that ended in {@code error}. */
  static int of(Throwable error) {
    if (error instanceof InvalidSettingException || error instanceof MissingDatasetException) {
      return USAGE;
    } else if (error instanceof OutputLockedException
        || error instanceof ConcurrentCommitException) {
      return OUTPUT_LOCKED;
    } else if (error instanceof TooManyRejectedException) {
      return TOO_MANY_REJECTED;
    } else if (error instanceof RunStoppedException) {
      return STOPPED;
    }
    return RUN_FAILED;
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
