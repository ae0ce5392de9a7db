package io.github.jsondedup.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A failure of the file system to give a file's bytes (permission, I/O error, a lost connection,
 * throttling), told apart from what the bytes hold (contract rule 6: bad data is not a failed
 * read). Only the stream the file system opened raises it, so a codec or the JSON parser failing on
 * bad bytes never does.
 */
public final class ReadFailure extends IOException {
  private static final long serialVersionUID = 1L;

  ReadFailure(IOException cause) {
    super(cause.getMessage(), cause);
  }

  /** The one-line cause, as a person reads it: the underlying exception's type and message. */
  public String cause() {
    return describe(getCause());
  }

  /** {@code error}'s type and message, e.g. {@code AccessDeniedException: /in/a.json}. */
  public static String describe(Throwable error) {
    String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** The read failure in {@code error}'s chain of causes, if any. */
  public static Optional<ReadFailure> in(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ReadFailure failure) {
        return Optional.of(failure);
      }
    }
    return Optional.empty();
  }

  /** {@code raw}, a file system's stream, raising its I/O errors as read failures. */
  static InputStream marking(InputStream raw) {
    return new FilterInputStream(raw) {
      @Override
      public int read() throws IOException {
        try {
          return super.read();
        } catch (IOException e) {
          throw new ReadFailure(e);
        }
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
          return in.read(buffer, offset, length);
        } catch (IOException e) {
          throw new ReadFailure(e);
        }
      }

      @Override
      public long skip(long n) throws IOException {
        try {
          return super.skip(n);
        } catch (IOException e) {
          throw new ReadFailure(e);
        }
      }
    };
  }
}
