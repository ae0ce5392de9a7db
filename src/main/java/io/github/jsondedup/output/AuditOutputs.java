package io.github.jsondedup.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.Reasons;
import io.github.jsondedup.schema.RecordStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's side of the audit (contract rules 6 and 7): the files the tasks of a run wrote into
 * its staging folder ({@link AuditTee}) move to {@code _ingest/<kind>/run=<id>/}, one JSON-lines
 * file per task that had something to keep; files that gave no row at all get their entry here.
 */
public final class AuditOutputs {
  public static final String REJECTED = "rejected";
  static final String QUARANTINED = "quarantined";
  static final String CONFLICTS = "conflicts";

  private AuditOutputs() {}

  static String kindOf(RecordStatus status) {
    return switch (status) {
      case REJECTED -> REJECTED;
      case QUARANTINED -> QUARANTINED;
      case CONFLICT -> CONFLICTS;
      default -> throw new IllegalArgumentException("Not audited: " + status);
    };
  }

  /** Where the tasks of run {@code runId} write their audit files. */
  public static Path staging(OutputLayout layout, String runId) {
    return new Path(layout.staging(), "run=" + runId);
  }

  /**
   * Moves the tasks' files ({@code written}, by kind) into the run's audit folders, adds an entry
   * for each of {@code unread} files, removes the staging folder, and returns where each kind with
   * rows is.
   */
  public static Map<String, String> publish(
      Configuration hadoop,
      OutputLayout layout,
      String runId,
      Map<String, List<String>> written,
      List<InputFile> unread) {
    Map<String, String> published = new LinkedHashMap<>();
    Path staging = staging(layout, runId);
    try {
      FileSystem fs = layout.root().getFileSystem(hadoop);
      for (String kind : List.of(REJECTED, QUARANTINED, CONFLICTS)) {
        Path folder = folderOf(layout, runId, kind);
        List<String> files = written.getOrDefault(kind, List.of());
        boolean unreadEntries = kind.equals(QUARANTINED) && !unread.isEmpty();
        if (files.isEmpty() && !unreadEntries) {
          continue;
        }
        fs.mkdirs(folder);
        int part = 0;
        for (String file : files) {
          Path target = new Path(folder, String.format(Locale.ROOT, "part-%05d.json", part++));
          if (!fs.rename(new Path(file), target)) {
            throw new IOException("Cannot move " + file + " to " + target);
          }
        }
        if (unreadEntries) {
          writeUnread(
              fs, new Path(folder, String.format(Locale.ROOT, "part-%05d.json", part)), unread);
        }
        published.put(kind, folder.toString());
      }
      fs.delete(staging, true);
      return published;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot keep the audit of run " + runId + ": " + e.getMessage(), e);
    }
  }

  /** Removes the staging folder of a run that keeps no audit (a failed or refused write). */
  public static void discard(Configuration hadoop, OutputLayout layout, String runId) {
    Path staging = staging(layout, runId);
    try {
      staging.getFileSystem(hadoop).delete(staging, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove " + staging + ": " + e.getMessage(), e);
    }
  }

  private static Path folderOf(OutputLayout layout, String runId, String kind) {
    return switch (kind) {
      case REJECTED -> layout.rejected(runId);
      case QUARANTINED -> layout.quarantined(runId);
      default -> layout.conflicts(runId);
    };
  }

  // Files with no JSON value in them (or none at all) gave Spark no row: they are quarantined here.
  private static void writeUnread(FileSystem fs, Path path, List<InputFile> unread)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (OutputStream out = fs.create(path, false)) {
      for (InputFile file : unread) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put(Columns.SOURCE_FILE, file.sparkPath());
        entry.put(Columns.REASON, Reasons.EMPTY_FILE);
        out.write(json.writeValueAsString(entry).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    }
  }
}
