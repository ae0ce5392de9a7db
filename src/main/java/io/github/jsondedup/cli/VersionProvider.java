package io.github.jsondedup.cli;

import io.github.jsondedup.report.Version;
import picocli.CommandLine.IVersionProvider;

/** The version of this build, and of the Spark and Java it runs on. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "json-dedup-etl " + Version.ofJob(), "Spark " + Version.ofSpark(), "Java " + Runtime.version()
    };
  }
}
