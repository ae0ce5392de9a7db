package io.github.jsondedup.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * A setting a user can change. Its value comes, in this order, from the command line ({@code
 * --NAME}, where the command has such an option), from its Spark setting ({@code spark-submit
 * --conf}, the launcher's {@code conf/spark-*.conf}, an EMR classification), or from its default.
 *
 * @param name the setting's name; the command line spells it {@code --NAME}
 * @param sparkKey the Spark setting that gives it, or null if only the command line does
 * @param defaultText the value when nothing gives one, as text; null if there is none
 * @param parser the value of a text; throws {@link IllegalArgumentException} saying what is wrong
 */
public record Setting<T>(
    String name, String sparkKey, String defaultText, Function<String, T> parser) {

  /** The value {@code text} stands for; an {@link InvalidSettingException} if there is none. */
  public T parse(String text) {
    try {
      return parser.apply(text.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(name, "'" + text + "' " + e.getMessage());
    }
  }

  /**
   * The text of this setting when the command line does not give it: its Spark setting's, else the
   * default.
   */
  public String fallbackText(Function<String, Optional<String>> sparkConf) {
    return Optional.ofNullable(sparkKey).flatMap(sparkConf).orElse(defaultText);
  }

  /** The value of a setting the command line cannot give: its Spark setting, or the default. */
  public T valueIn(Function<String, Optional<String>> sparkConf) {
    return parse(fallbackText(sparkConf));
  }
}
