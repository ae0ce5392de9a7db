package io.github.jsondedup.faults;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * The plan of a {@link FaultyFileSystem}: which operations on which paths fail, and how. Static, as
 * Hadoop makes its file systems itself and Spark's local tasks run in the test's JVM; each test
 * names paths under its own folder and {@linkplain #clear() clears} the plan when done.
 */
public final class Faults {
  /** What a file system is asked to do. */
  public enum Op {
    LIST,
    OPEN,
    READ,
    CREATE,
    WRITE,
    RENAME,
    DELETE
  }

  /**
   * Fails the {@code op}s on paths matching {@code path}: after {@code passing} of them succeed,
   * the next {@code failing} ones fail (or all of them, if {@code failing} is negative), with
   * {@code message}.
   */
  public record Rule(Op op, Pattern path, int passing, int failing, String message) {
    boolean matches(Op asked, Path at) {
      return op == asked && path.matcher(at.toUri().getPath()).find();
    }
  }

  private static final List<Counted> RULES = new CopyOnWriteArrayList<>();
  private static final AtomicLong SPACE_LEFT = new AtomicLong(Long.MAX_VALUE);
  private static final AtomicInteger READ_CHUNK = new AtomicInteger(Integer.MAX_VALUE);
  private static volatile Pattern disk = Pattern.compile("$^");

  private Faults() {}

  private record Counted(Rule rule, AtomicInteger seen) {}

  /** Adds {@code rule} to the plan. */
  public static void add(Rule rule) {
    RULES.add(new Counted(rule, new AtomicInteger()));
  }

  /** Every {@code op} on a path matching {@code regex} fails, until {@link #clear()}. */
  public static void always(Op op, String regex, String message) {
    add(new Rule(op, Pattern.compile(regex), 0, -1, message));
  }

  /**
   * The {@code op} on a path matching {@code regex} fails {@code times} times after {@code
   * passing}.
   */
  public static void times(Op op, String regex, int passing, int times, String message) {
    add(new Rule(op, Pattern.compile(regex), passing, times, message));
  }

  /**
   * Writes to paths matching {@code regex} fail with "No space left on device" once {@code bytes}
   * more have been written to them.
   */
  public static void diskFullAfter(String regex, long bytes) {
    disk = Pattern.compile(regex);
    SPACE_LEFT.set(bytes);
  }

  /** Reads give at most {@code bytes} at a time, so that a fault can come part-way. */
  public static void readInChunksOf(int bytes) {
    READ_CHUNK.set(bytes);
  }

  /** No fault any more: the world works again. */
  public static void clear() {
    RULES.clear();
    SPACE_LEFT.set(Long.MAX_VALUE);
    READ_CHUNK.set(Integer.MAX_VALUE);
    disk = Pattern.compile("$^");
  }

  static int readChunk() {
    return READ_CHUNK.get();
  }

  static void check(Op op, Path path) throws IOException {
    for (Counted counted : RULES) {
      Rule rule = counted.rule();
      if (rule.matches(op, path)) {
        int n = counted.seen().getAndIncrement();
        if (n >= rule.passing() && (rule.failing() < 0 || n < rule.passing() + rule.failing())) {
          throw new IOException(rule.message() + ": " + path);
        }
      }
    }
  }

  static void written(Path path, long bytes) throws IOException {
    check(Op.WRITE, path);
    if (disk.matcher(path.toUri().getPath()).find() && SPACE_LEFT.addAndGet(-bytes) < 0) {
      throw new IOException("No space left on device");
    }
  }
}
