package io.github.jsondedup.config;

/** How input files become records: {@code --reader}. */
public enum ReaderKind {
  /** Jackson's streaming parser in Spark tasks: any file size, bad records rejected alone. */
  STREAMING("streaming"),
  /** Spark's JSON data source ({@code multiLine}): a file's whole array in one row. */
  SPARK_JSON("spark-json");

  private final String option;

  ReaderKind(String option) {
    this.option = option;
  }

  /** The reader named {@code name} on the command line. */
  public static ReaderKind named(String name) {
    for (ReaderKind kind : values()) {
      if (kind.option.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("is not a reader: choose streaming or spark-json");
  }

  /** The name on the command line. */
  public String option() {
    return option;
  }

  @Override
  public String toString() {
    return option;
  }
}
