package io.github.jsondedup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.config.Setting;
import io.github.jsondedup.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The README lists every setting a user can change, with its default, as the code has it. */
class SettingsDocumentedTest {
  private final CommandLine commandLine = JsonDedupCommand.commandLine(() -> null);

  @Test
  void everyRunOptionAndSparkSettingHasARowWithItsDefault() throws IOException {
    List<String> rows = tableRows(section("### Settings"));

    for (OptionSpec option : commandLine.getSubcommands().get("run").getCommandSpec().options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      assertThat(rows)
          .as("a row for %s", option.longestName())
          .anyMatch(row -> row.startsWith("| `" + option.longestName()));
    }
    for (Setting<?> setting : Settings.ALL) {
      String row =
          rows.stream()
              .filter(
                  each ->
                      each.startsWith("| `" + SparkConfDefaults.optionName(setting) + " ")
                          || (setting.sparkKey() != null
                              && each.contains("`" + setting.sparkKey() + "`")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("No row for the setting " + setting.name()));
      if (setting.sparkKey() != null) {
        assertThat(row).as(setting.name()).contains("`" + setting.sparkKey() + "`");
      }
      assertThat(row)
          .as("the default of " + setting.name())
          .contains(setting.defaultText() == null ? "| " : "| `" + setting.defaultText() + "` |");
    }
  }

  @Test
  void everyEnvironmentVariableOfTheLauncherHasARow() throws IOException {
    List<String> rows = tableRows(section("### Settings"));
    Matcher variables =
        Pattern.compile("\\$\\{?(JSON_DEDUP_[A-Z_]+|JAVA_HOME)")
            .matcher(Files.readString(Path.of("bin/json-dedup")));

    int found = 0;
    while (variables.find()) {
      String variable = variables.group(1);
      assertThat(rows).as(variable).anyMatch(row -> row.startsWith("| `" + variable + "` | "));
      found++;
    }
    assertThat(found).isGreaterThan(3);
  }

  @Test
  void everyGenerateOptionIsInTheSynopsisWithItsDefault() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("json-dedup generate --output DIR");
    String synopsis = readme.substring(start, readme.indexOf("```", start));

    for (OptionSpec option :
        commandLine.getSubcommands().get("generate").getCommandSpec().options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      String name = option.longestName();
      String shown = option.defaultValue() == null ? name : name + " " + option.defaultValue();
      assertThat(synopsis).as(name).contains(shown);
    }
  }

  private static String section(String heading) throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("\n" + heading + "\n");
    assertThat(start).as(heading).isPositive();
    int end = readme.indexOf("\n#", start + heading.length() + 2);
    return readme.substring(start, end);
  }

  private static List<String> tableRows(String section) {
    return section.lines().filter(line -> line.startsWith("| ")).toList();
  }
}
