package io.github.jsondedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A metrics file as Prometheus reads it: its samples by value, and promtool's verdict. */
public final class PrometheusFiles {
  private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+\\{[^}]*\\}) (\\S+)$");

  private PrometheusFiles() {}

  /** Each sample of {@code text}, {@code name{labels}} to its value. */
  public static Map<String, Double> samples(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (sample.matches()) {
        samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
      }
    }
    return samples;
  }

  /** {@code promtool check metrics} (Debian's prometheus package) finds nothing wrong in it. */
  public static void assertPromtoolAccepts(Path file) {
    Process promtool;
    try {
      promtool =
          new ProcessBuilder("promtool", "check", "metrics")
              .redirectInput(file.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "promtool is needed to check the metrics files: install Debian's prometheus package", e);
    }
    try {
      String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(promtool.exitValue())
          .as("promtool check metrics on %s said: %s%n%s", file, said, read(file))
          .isZero();
      assertThat(said).as("promtool's lint").isBlank();
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
