package io.github.jsondedup.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version of this build, and of the Spark and Java it runs on. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "json-dedup-etl " + property("/json-dedup-etl.properties", "version"),
      "Spark " + property("/spark-version-info.properties", "version"),
      "Java " + Runtime.version()
    };
  }

  private static String property(String resource, String key) {
    try (InputStream in = VersionProvider.class.getResourceAsStream(resource)) {
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
