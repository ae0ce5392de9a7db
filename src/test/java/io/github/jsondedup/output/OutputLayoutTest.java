package io.github.jsondedup.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jsondedup.config.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a run may write (contract rule 8): never over an input, never over a file. */
class OutputLayoutTest {
  private final Configuration hadoop = new Configuration();

  @TempDir Path input;
  @TempDir Path elsewhere;

  @Test
  void refusesAnOutputInsideAnInput() {
    assertThatThrownBy(
            () ->
                OutputLayout.checked(
                    hadoop, input.resolve("dataset").toString(), List.of(input.toString())))
        .isInstanceOf(InvalidSettingException.class)
        .hasFieldOrPropertyWithValue("setting", "output")
        .hasMessageContaining("overlaps the input " + input);
  }

  @Test
  void refusesAnInputInsideTheOutput() {
    assertThatThrownBy(
            () ->
                OutputLayout.checked(
                    hadoop, elsewhere.toString(), List.of(elsewhere.resolve("in").toString())))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("keep the two apart");
  }

  @Test
  void refusesAnOutputThatIsAFile() throws Exception {
    Path file = Files.writeString(elsewhere.resolve("file"), "x");

    assertThatThrownBy(
            () -> OutputLayout.checked(hadoop, file.toString(), List.of(input.toString())))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(file + " is a file, not a directory");
  }

  @Test
  void anOutputBesideTheInputIsItsOwnFolder() {
    OutputLayout layout =
        OutputLayout.checked(
            hadoop, elsewhere.resolve("dataset").toString(), List.of(input.toString()));

    assertThat(layout.root().toString()).isEqualTo("file:" + elsewhere.resolve("dataset"));
    assertThat(layout.lock().toString()).endsWith("/dataset/_ingest/lock");
  }
}
