package io.github.jsondedup.watch;

/** A command that looks at a dataset was given one that does not exist: a usage error. */
public final class MissingDatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MissingDatasetException(String message) {
    super(message);
  }
}
