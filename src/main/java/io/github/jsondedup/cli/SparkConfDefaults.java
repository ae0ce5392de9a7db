package io.github.jsondedup.cli;

import io.github.jsondedup.config.Setting;
import io.github.jsondedup.config.Settings;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The value of a {@code run} option the command line does not give: its Spark setting's (from
 * spark-submit, which the launcher goes through, and its properties file), else its default. This
 * is the one place that order is written; {@code --help} shows the value a run would take.
 */
final class SparkConfDefaults implements IDefaultValueProvider {
  private final Function<String, Optional<String>> sparkConf = sparkConf();

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec option && option.longestName().startsWith("--")) {
      return Settings.named(option.longestName().substring(2))
          .map(setting -> setting.fallbackText(sparkConf))
          .orElse(null);
    }
    return null;
  }

  /** The command line's option for {@code setting}. */
  static String optionName(Setting<?> setting) {
    return "--" + setting.name();
  }

  /** The Spark settings of this JVM, as spark-submit passes them to the driver. */
  static Function<String, Optional<String>> sparkConf() {
    SparkConf conf = new SparkConf();
    return key -> conf.contains(key) ? Optional.of(conf.get(key)) : Optional.empty();
  }
}
