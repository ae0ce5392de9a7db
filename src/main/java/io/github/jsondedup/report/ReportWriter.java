package io.github.jsondedup.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Writes a run report as pretty JSON through Hadoop, so it lands on local disk, HDFS or S3. */
public final class ReportWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  public static String toJson(RunReport report) {
    try {
      return JSON.writeValueAsString(report);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialise run report: " + e.getMessage(), e);
    }
  }

  public static RunReport fromJson(String json) {
    try {
      return JSON.readValue(json, RunReport.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Invalid run report: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code report} at {@code path}, or in place of the report there (a run's {@code running}
   * report, at its end) so that a reader finds either one whole: written beside it under a hidden
   * name, then renamed over it.
   */
  public static void write(RunReport report, Path path, Configuration hadoop) {
    try {
      writeJson(report, path, hadoop);
      return;
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof FileAlreadyExistsException)) {
        throw e;
      }
    }
    Path temporary = new Path(path.getParent(), "." + path.getName() + ".tmp");
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      try (OutputStream out = fs.create(temporary, true)) {
        JSON.writeValue(out, report);
      }
      if (!replaced(fs, temporary, path)
          // Where a rename does not replace a file (HDFS says false, S3A throws), the old one goes
          // first.
          && !(fs.delete(path, false) && fs.rename(temporary, path))) {
        throw new IOException("cannot rename " + temporary + " to " + path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write report " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean replaced(FileSystem fs, Path from, Path to) {
    try {
      return fs.rename(from, to);
    } catch (IOException e) {
      // S3A's "destination file exists": the second try, after the delete, says what failed.
      return false;
    }
  }

  /** Writes {@code report} (any record) as pretty JSON to a new file at {@code path}. */
  public static void writeJson(Object report, Path path, Configuration hadoop) {
    // Streamed: a report of a million files is some 300 MB of JSON, which would not fit as one.
    try (OutputStream out = path.getFileSystem(hadoop).create(path, false)) {
      JSON.writeValue(out, report);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write report " + path + ": " + e.getMessage(), e);
    }
  }

  /** Reads a report back; for tests and tools that look at past runs. */
  public static RunReport read(Path path, Configuration hadoop) {
    FileSystem fs;
    try {
      fs = path.getFileSystem(hadoop);
      try (InputStream in = fs.open(path)) {
        return JSON.readValue(in, RunReport.class);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read run report " + path + ": " + e.getMessage(), e);
    }
  }
}
