package io.github.jsondedup.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Small JSON files of the job's own, through Hadoop: read whole, and replaced whole. */
final class JsonFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonFiles() {}

  /** The value in {@code file}, or null if there is no such file. */
  static <T> T read(Configuration hadoop, Path file, Class<T> type) {
    try (InputStream in = file.getFileSystem(hadoop).open(file)) {
      return JSON.readValue(in, type);
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code value} to {@code file} under a hidden name, then renames it into place, so that a
   * reader (or a run after a killed one) never finds a part: the old value, the new one, or (killed
   * between the old one's removal and the rename) none, which the callers take as a new start.
   */
  static void replace(Configuration hadoop, Path file, Object value) {
    Path partial = new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID());
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      try (OutputStream out = fs.create(partial, true)) {
        JSON.writeValue(out, value);
      }
      fs.delete(file, false);
      if (!fs.rename(partial, file)) {
        throw new IOException("the rename of " + partial + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
