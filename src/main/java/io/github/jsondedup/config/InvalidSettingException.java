package io.github.jsondedup.config;

/**
 * A setting the run cannot work with (an input that does not exist, an output that is a file): a
 * mistake the user can fix, reported as one line and exit code 2, never as a stack trace. The
 * setting is named as {@link Setting#name()}; the command line says how it is spelled there.
 */
public final class InvalidSettingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String setting;

  /**
   * @param setting the {@link Setting#name()} of the setting at fault
   * @param problem what is wrong with its value, and how to fix it
   */
  public InvalidSettingException(String setting, String problem) {
    super(problem);
    this.setting = setting;
  }

  /** The name of the setting at fault. */
  public String setting() {
    return setting;
  }
}
