package io.github.jsondedup.output;

import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.Settings;
import io.github.jsondedup.schema.Columns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where things go under the output (contract rule 8): the dataset's {@code date=YYYY-MM-DD}
 * partitions at the root, and everything else under {@code _ingest/}, which Spark, Hive and Athena
 * skip. Audit outputs are partitioned {@code run=<id>}, so that reading a whole folder with Spark
 * gives a {@code run} column. In table mode the root is the table's location, and the audit folder
 * is apart from it ({@link #forTable}).
 *
 * @param root the dataset's folder, or the table's location
 * @param ingest the folder of audit outputs, run reports and the lock
 */
public record OutputLayout(Path root, Path ingest) {

  /** The layout of a dataset folder: audit outputs under its {@code _ingest/}. */
  public OutputLayout(Path root) {
    this(root, new Path(root, "_ingest"));
  }

  /**
   * The layout of a table at {@code location}: audit outputs in {@code audit}, or, when that is
   * null, beside the table in {@code <location>_ingest/}. Never inside the table's location, whose
   * files not in the table are orphans that table maintenance removes.
   */
  public static OutputLayout forTable(
      Configuration hadoop, Path location, String audit, List<String> inputs) {
    Path root = qualified(location, hadoop);
    Path ingest =
        audit == null
            ? new Path(root.getParent(), root.getName() + "_ingest")
            : qualified(new Path(audit), hadoop);
    if (isWithin(ingest, root)) {
      throw new InvalidSettingException(
          Settings.AUDIT.name(),
          audit + " is inside the table's location " + root + "; keep it outside the table");
    }
    refuseInputOverlap(hadoop, root, inputs, Settings.TABLE.name(), "The table's location " + root);
    refuseInputOverlap(hadoop, ingest, inputs, Settings.AUDIT.name(), "The audit folder " + ingest);
    return new OutputLayout(root, ingest);
  }

  /**
   * The layout of {@code output}, refusing an output that is a file or that overlaps an input (the
   * next run would read the dataset's own files as input).
   */
  public static OutputLayout checked(Configuration hadoop, String output, List<String> inputs) {
    Path root = qualified(new Path(output), hadoop);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
        throw new InvalidSettingException(
            Settings.OUTPUT.name(), output + " is a file, not a directory");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check output " + output + ": " + e.getMessage(), e);
    }
    refuseInputOverlap(hadoop, root, inputs, Settings.OUTPUT.name(), output);
    return new OutputLayout(root);
  }

  /**
   * Refuses {@code written}, where runs write ({@code what}, set by {@code setting}), when it lies
   * inside an input or holds one: every later run would read what the runs wrote as input.
   */
  public static void refuseInputOverlap(
      Configuration hadoop, Path written, List<String> inputs, String setting, String what) {
    Path out = qualified(written, hadoop);
    for (String input : inputs) {
      Path in = qualified(new Path(input), hadoop);
      if (isWithin(out, in) || isWithin(in, out)) {
        throw new InvalidSettingException(
            setting,
            what
                + " overlaps the input "
                + input
                + ", so every run would read what runs write there as input; keep the two apart");
      }
    }
  }

  /** Whether the dataset has at least one partition yet. */
  public boolean hasDataset(Configuration hadoop) {
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root)) {
        return false;
      }
      for (FileStatus child : fs.listStatus(root)) {
        if (child.isDirectory() && child.getPath().getName().startsWith(Columns.DATE + "=")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list output " + root + ": " + e.getMessage(), e);
    }
  }

  /** The dataset's files in the partitions of {@code dates} (yyyy-MM-dd), with their sizes. */
  public Map<String, Long> dataFiles(Configuration hadoop, List<String> dates) {
    Map<String, Long> files = new LinkedHashMap<>();
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      for (String date : dates) {
        Path partition = new Path(root, Columns.DATE + "=" + date);
        if (fs.exists(partition)) {
          for (FileStatus file : fs.listStatus(partition)) {
            String name = file.getPath().getName();
            if (file.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
              files.put(file.getPath().toString(), file.getLen());
            }
          }
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list output " + root + ": " + e.getMessage(), e);
    }
  }

  /** The lock a writing run holds (see {@link OutputLock}). */
  public Path lock() {
    return new Path(ingest(), "lock");
  }

  /**
   * Folders a killed run may leave behind that a new run must not inherit: Hadoop's committer would
   * commit a dead run's task files together with the new run's, duplicating their rows; a dead
   * run's staged audit files belong to no report.
   */
  public List<Path> leftoversOfDeadRuns(Configuration hadoop) {
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root)) {
        return List.of();
      }
      List<Path> leftovers = new ArrayList<>();
      for (FileStatus child : fs.listStatus(root)) {
        String name = child.getPath().getName();
        if (name.equals("_temporary") || name.startsWith(".spark-staging-")) {
          leftovers.add(child.getPath());
        }
      }
      if (fs.exists(staging())) {
        for (FileStatus run : fs.listStatus(staging())) {
          leftovers.add(run.getPath());
        }
      }
      return leftovers;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list output " + root + ": " + e.getMessage(), e);
    }
  }

  /** Where a run's tasks write what it keeps for audit before the run moves it into place. */
  public Path staging() {
    return new Path(ingest(), "staging");
  }

  public Path report(String runId) {
    return new Path(new Path(ingest(), "runs"), runId + ".json");
  }

  public Path rejected(String runId) {
    return runFolder("rejected", runId);
  }

  public Path quarantined(String runId) {
    return runFolder("quarantined", runId);
  }

  public Path conflicts(String runId) {
    return runFolder("conflicts", runId);
  }

  private Path runFolder(String kind, String runId) {
    return new Path(new Path(ingest(), kind), "run=" + runId);
  }

  public static Path qualified(Path path, Configuration hadoop) {
    try {
      return path.getFileSystem(hadoop).makeQualified(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve " + path + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code inner} is {@code outer} or below it. */
  public static boolean isWithin(Path inner, Path outer) {
    String in = inner.toString();
    String out = outer.toString();
    return in.equals(out) || in.startsWith(out.endsWith("/") ? out : out + "/");
  }
}
