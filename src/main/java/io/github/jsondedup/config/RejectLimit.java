package io.github.jsondedup.config;

import java.util.Locale;

/**
 * {@code --max-rejected}: how many rejected records a run tolerates, as a count ({@code 100}) or a
 * share of the records read ({@code 0.5%}). Above it the run writes nothing to the dataset.
 */
public record RejectLimit(long count, double percent) {
  /** No limit: a run with rejected records succeeds and says where they are. */
  public static final RejectLimit NONE = new RejectLimit(Long.MAX_VALUE, 100);

  /** {@code N}, {@code P%} or {@code none}. */
  public static RejectLimit parse(String text) {
    String value = text.strip();
    if (value.equals("none")) {
      return NONE;
    }
    try {
      if (value.endsWith("%")) {
        double percent = Double.parseDouble(value.substring(0, value.length() - 1));
        if (percent >= 0 && percent <= 100) {
          return new RejectLimit(Long.MAX_VALUE, percent);
        }
      } else {
        long count = Long.parseLong(value);
        if (count >= 0) {
          return new RejectLimit(count, 100);
        }
      }
    } catch (NumberFormatException e) {
      // reported below, with the expected forms
    }
    throw new IllegalArgumentException(
        "is not a limit: give a count like 100, a share like 0.5%, or none");
  }

  /** Whether {@code rejected} of {@code read} records is more than this limit allows. */
  public boolean exceededBy(long rejected, long read) {
    return rejected > count || (read > 0 && rejected * 100.0 / read > percent);
  }

  @Override
  public String toString() {
    if (equals(NONE)) {
      return "none";
    }
    return count != Long.MAX_VALUE
        ? Long.toString(count)
        : String.format(
            Locale.ROOT, "%s%%", percent == Math.rint(percent) ? (long) percent : percent);
  }
}
