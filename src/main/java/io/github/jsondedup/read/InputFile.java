package io.github.jsondedup.read;

import java.io.Serializable;
import java.net.URI;
import org.apache.hadoop.fs.Path;

/**
 * One listed input file; the modification time decides which duplicate survives.
 *
 * @param path the file as Hadoop lists it
 */
public record InputFile(String path, long modificationTime, long size) implements Serializable {

  /** The file as Spark names it in {@code _metadata.file_path}: a URL-encoded URI. */
  public String sparkPath() {
    return new Path(path).toUri().toString();
  }

  /**
   * A key under which the Hadoop and the Spark spelling of one file are equal: the same URI may
   * come as {@code file:/a%20b} or {@code file:///a%20b}.
   */
  static String sameFileKey(String uri) {
    URI parsed = URI.create(uri);
    String authority = parsed.getAuthority() == null ? "" : parsed.getAuthority();
    return parsed.getScheme() + "://" + authority + parsed.getPath();
  }
}
