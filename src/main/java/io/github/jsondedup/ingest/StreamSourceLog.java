package io.github.jsondedup.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files of one micro-batch, as Spark's streaming file source logged them in the checkpoint
 * ({@code sources/0/<batch>}, or a {@code .compact} file holding every batch so far): a header
 * line, then one JSON object per file with its path, modification time and batch. Spark's rows tell
 * which files it read; this log also names files that gave no row (empty or blank files), so that
 * they are quarantined rather than lost.
 */
final class StreamSourceLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StreamSourceLog() {}

  static List<InputFile> filesOf(Configuration hadoop, String checkpoint, long batchId) {
    Path sources = new Path(new Path(checkpoint, "sources"), "0");
    try {
      FileSystem fs = sources.getFileSystem(hadoop);
      Path log = new Path(sources, Long.toString(batchId));
      if (!fs.exists(log)) {
        log = new Path(sources, batchId + ".compact");
      }
      List<InputFile> files = new ArrayList<>();
      try (InputStream in = fs.open(log)) {
        String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        for (int i = 1; i < lines.length; i++) {
          JsonNode entry = JSON.readTree(lines[i]);
          if (entry.path("batchId").asLong(-1) == batchId) {
            files.add(
                new InputFile(
                    new Path(java.net.URI.create(entry.get("path").asText())).toString(),
                    entry.path("timestamp").asLong(),
                    -1));
          }
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the files of batch " + batchId + " in " + checkpoint + ": " + e.getMessage(),
          e);
    }
  }
}
