package io.github.jsondedup.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of this build and of the Spark it runs on, from the resources the builds leave. */
public final class Version {
  private Version() {}

  /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String ofJob() {
    return property("/json-dedup-etl.properties", "version");
  }

  /** The version of the Spark on the class path. */
  public static String ofSpark() {
    return property("/spark-version-info.properties", "version");
  }

  private static String property(String resource, String key) {
    try (InputStream in = Version.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty(key, "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
