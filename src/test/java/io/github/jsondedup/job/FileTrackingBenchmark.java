package io.github.jsondedup.job;

import io.github.jsondedup.read.InputDiscovery;
import io.github.jsondedup.read.InputFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;

/**
 * What tracking files costs an incremental run: listing the input, loading the file log, finding
 * the new and changed files, and logging a batch, at 100,000 input files (one folder per 1,000).
 * Prints a table of the median of 5 rounds per step. The files are made once under {@code
 * target/bench/file-tracking} and kept.
 *
 * <p>Usage: {@code bench/file-tracking [FILES]}
 */
public final class FileTrackingBenchmark {
  private static final int ROUNDS = 5;

  private FileTrackingBenchmark() {}

  public static void main(String[] args) throws IOException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path root = Path.of("target/bench/file-tracking");
    Path input = root.resolve("input-" + count);
    if (!Files.exists(input.resolve("_done"))) {
      for (int i = 0; i < count; i++) {
        Path file = input.resolve(String.format(Locale.ROOT, "d%04d/f%07d.json", i / 1000, i));
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"records\": []}\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + i));
      }
      Files.writeString(input.resolve("_done"), "");
    }
    Configuration hadoop = new Configuration();
    List<String> inputs = List.of(input.toString());
    Path checkpoint = root.resolve("checkpoint-" + count);

    System.out.printf(Locale.ROOT, "%-46s %10s%n", "step (" + count + " files)", "median ms");
    List<InputFile> listed =
        time("list the input (InputDiscovery)", () -> InputDiscovery.list(hadoop, inputs));
    FileUtils.deleteDirectory(checkpoint.toFile());
    time("load an empty file log", () -> FileLog.load(hadoop, checkpoint.toString()));
    FileLog empty = FileLog.load(hadoop, checkpoint.toString());
    time("find the pending files (all new)", () -> empty.pending(listed));
    time(
        "log one batch of every file",
        () -> {
          FileUtils.deleteQuietly(checkpoint.toFile());
          FileLog log = FileLog.load(hadoop, checkpoint.toString());
          log.record(listed, "bench");
          return log;
        });
    FileLog full = FileLog.load(hadoop, checkpoint.toString());
    time("load a file log of every file", () -> FileLog.load(hadoop, checkpoint.toString()));
    List<InputFile> pending = time("find the pending files (none new)", () -> full.pending(listed));
    if (!pending.isEmpty()) {
      throw new IllegalStateException(pending.size() + " files pending after logging them all");
    }
  }

  private static <T> T time(String step, Supplier<T> work) {
    List<Long> millis = new ArrayList<>();
    T result = null;
    for (int round = 0; round < ROUNDS; round++) {
      long start = System.nanoTime();
      result = work.get();
      millis.add((System.nanoTime() - start) / 1_000_000);
    }
    millis.sort(null);
    System.out.printf(Locale.ROOT, "%-46s %10d%n", step, millis.get(ROUNDS / 2));
    return result;
  }
}
