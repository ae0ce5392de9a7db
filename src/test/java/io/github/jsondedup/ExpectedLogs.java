package io.github.jsondedup;

import java.util.concurrent.Callable;
import org.apache.logging.log4j.ThreadContext;

/**
 * Marks what a test makes the job log on purpose (a dead run's lock taken over, its leftovers
 * removed): each line logged meanwhile, by this thread or a thread it starts, says {@code
 * (expected: WHY)}, so that a warning in the test log that does not say so is one to look at.
 * src/test/resources/log4j2.component.properties lets started threads inherit the mark.
 */
public final class ExpectedLogs {
  private static final String KEY = "expected";

  private ExpectedLogs() {}

  /** What {@code action} gives, its log marked as expected for {@code why}. */
  public static <T> T during(String why, Callable<T> action) {
    String before = ThreadContext.get(KEY);
    ThreadContext.put(KEY, "(expected: " + why + ") ");
    try {
      return action.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      if (before == null) {
        ThreadContext.remove(KEY);
      } else {
        ThreadContext.put(KEY, before);
      }
    }
  }

  /** Runs {@code action}, its log marked as expected for {@code why}. */
  public static void run(String why, Runnable action) {
    during(
        why,
        () -> {
          action.run();
          return null;
        });
  }
}
