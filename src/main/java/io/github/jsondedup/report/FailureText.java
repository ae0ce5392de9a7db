package io.github.jsondedup.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failure of the environment said in one line (contract rule 6): what failed, where, and what to
 * do, e.g. {@code cannot write file:/data/out: No space left on device; nothing was stored, run
 * again when there is space}. Spark wraps a task's failure in layers whose messages hold whole
 * stack traces; the line comes from the innermost cause, with the place an outer layer names.
 */
public final class FailureText {
  // A path as Hadoop names it, in Spark's "writing rows to file:/..." and Hadoop's messages.
  private static final Pattern WHERE =
      Pattern.compile("((?:file|hdfs|s3a?|faulty|gs|abfss?):/[^\\s,;'\"]*[^\\s,;'\".])");

  private static final Pattern WRITING =
      Pattern.compile("writ|commit|lock|creat|mkdir|rename|delet|space left|read-only file");

  private FailureText() {}

  /**
   * The line for {@code error}: {@code cannot <do what> <where>: <cause>; <what was stored>, <what
   * to do>}; {@code stored} says what the run left behind (e.g. "nothing was stored"), if it is a
   * run's.
   */
  public static String of(Throwable error, String stored) {
    List<Throwable> chain = chain(error);
    Throwable root = chain.get(chain.size() - 1);
    String cause = firstLine(root.getMessage());
    if (cause.isEmpty()) {
      cause = root.getClass().getSimpleName();
    }
    String where = where(chain);
    String all = String.join(" ", chain.stream().map(e -> String.valueOf(e.getMessage())).toList());
    String lower = all.toLowerCase(Locale.ROOT);
    String doing = WRITING.matcher(lower).find() ? "write" : "read";
    if (where != null) {
      // Hadoop's messages end with the path the line names already.
      cause = cause.replace(": " + where, "").replace(" " + where, "");
    }
    if (isOutOfMemory(chain)) {
      return "ran out of memory ("
          + cause
          + "); "
          + (stored == null ? "" : stored + ": ")
          + "give the run more memory (JSON_DEDUP_DRIVER_MEMORY, or spark.driver.memory and"
          + " spark.executor.memory), or fewer files per batch (--checkpoint with"
          + " --max-files-per-batch)";
    }
    String advice;
    if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
      advice = "run again when there is space";
    } else if (lower.contains("read-only file system")) {
      advice = "point the run at a writable place, or remount it, and run again";
    } else if (lower.contains("permission denied")
        || lower.contains("access denied")
        || lower.contains("accessdenied")
        || lower.contains("403")) {
      advice = "give this user the right to " + doing + " there, and run again";
    } else if (lower.contains("connection refused")
        || lower.contains("unknownhost")
        || lower.contains("timed out")
        || lower.contains("connection reset")) {
      advice = "check that the storage is reachable, and run again";
    } else {
      advice = "run again once the cause is fixed (--verbose shows the stack trace)";
      if (where == null) {
        // Neither a place nor a kind of failure known: what failed is all there is to say.
        return "failed: " + cause + "; " + (stored == null ? "" : stored + ", ") + advice;
      }
    }
    return "cannot "
        + doing
        + (where == null ? "" : " " + where)
        + ": "
        + cause
        + "; "
        + (stored == null ? "" : stored + ", ")
        + advice;
  }

  /** Whether {@code error} is, or was caused by, running out of memory. */
  public static boolean isOutOfMemory(Throwable error) {
    return isOutOfMemory(chain(error));
  }

  private static boolean isOutOfMemory(List<Throwable> chain) {
    return chain.stream()
        .anyMatch(
            e ->
                e instanceof OutOfMemoryError
                    || String.valueOf(e.getMessage()).contains("java.lang.OutOfMemoryError"));
  }

  private static List<Throwable> chain(Throwable error) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable e = error;
        e != null && chain.size() < 30 && !chain.contains(e);
        e = e.getCause()) {
      chain.add(e);
    }
    return chain;
  }

  /** The innermost path a layer's message names. */
  private static String where(List<Throwable> chain) {
    String found = null;
    for (Throwable e : chain) {
      Matcher path = WHERE.matcher(firstLine(e.getMessage()));
      if (path.find()) {
        found = path.group(1);
      }
    }
    return found;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.strip();
    int end = line.indexOf('\n');
    line = end < 0 ? line : line.substring(0, end).strip();
    // Hadoop's FSError and Spark's wrappers repeat the inner exception's class before its text.
    return line.replaceFirst("^(?:[a-z]+\\.)+[A-Za-z]*(?:Exception|Error): ", "");
  }
}
