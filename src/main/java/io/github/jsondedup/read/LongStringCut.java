package io.github.jsondedup.read;

import io.github.jsondedup.schema.Reasons;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A JSON text with every string cut short after {@link Reasons#MAX_STRING_BYTES}: the bytes past
 * it, up to the string's closing quote, are dropped before the parser sees them, and the place of
 * each cut is kept. A parser that meets a string too long can only fail on it, and lose its place
 * in the file with it; over this stream it reads a short string and goes on, and the reader rejects
 * the one record that held it ({@link #cutBetween}).
 *
 * <p>Strings are found by their quotes alone: outside a string JSON has no quote, and inside one a
 * quote is escaped. A cut falls where a character begins, never inside an escape or a UTF-8
 * sequence, so that what is left is valid JSON text.
 */
final class LongStringCut extends FilterInputStream {
  private final int maxBytes;
  private final ArrayDeque<Long> cuts = new ArrayDeque<>();
  private boolean inString;
  private boolean escaped;
  private boolean dropping;
  private int hexLeft;
  private long stringBytes;
  private long given;

  LongStringCut(InputStream in) {
    this(in, Reasons.MAX_STRING_BYTES);
  }

  LongStringCut(InputStream in, int maxBytes) {
    super(in);
    this.maxBytes = maxBytes;
  }

  /**
   * Whether a string was cut between the offsets {@code start} and {@code end} of what this stream
   * gave; forgets the cuts before {@code end}. Asked in the order of the stream.
   */
  boolean cutBetween(long start, long end) {
    boolean cut = false;
    while (!cuts.isEmpty() && cuts.peekFirst() < end) {
      cut |= cuts.removeFirst() >= start;
    }
    return cut;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    while ((n = read(one, 0, 1)) == 0) {
      // every byte read was dropped: read on
    }
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    while (true) {
      int n = in.read(buffer, offset, length);
      if (n <= 0) {
        return n;
      }
      int kept = filter(buffer, offset, n);
      if (kept > 0 || length == 0) {
        given += kept;
        return kept;
      }
    }
  }

  /** Drops the bytes of {@code buffer} past a string's limit, in place; how many are left. */
  private int filter(byte[] buffer, int offset, int n) {
    int to = offset;
    for (int i = offset; i < offset + n; i++) {
      byte b = buffer[i];
      if (keep(b)) {
        buffer[to++] = b;
      } else if (cuts.isEmpty() || cuts.peekLast() != given + (to - offset)) {
        cuts.addLast(given + (to - offset));
      }
    }
    return to - offset;
  }

  /** Moves the scan past {@code b}; whether {@code b} is given to the parser. */
  private boolean keep(byte b) {
    if (!inString) {
      inString = b == '"';
      stringBytes = 0;
      return true;
    }
    if (escaped) {
      escaped = false;
      hexLeft = !dropping && b == 'u' ? 4 : 0;
      return countedUnlessDropping();
    }
    if (hexLeft > 0) {
      hexLeft--;
      return countedUnlessDropping();
    }
    if (b == '"') {
      inString = false;
      dropping = false;
      return true;
    }
    escaped = b == '\\';
    // A continuation byte (10xxxxxx) ends the character begun before it: no cut there.
    if (!dropping && stringBytes >= maxBytes && (b & 0xC0) != 0x80) {
      dropping = true;
    }
    return countedUnlessDropping();
  }

  private boolean countedUnlessDropping() {
    if (dropping) {
      return false;
    }
    stringBytes++;
    return true;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] sink = new byte[(int) Math.min(n, 8192)];
    return Math.max(read(sink, 0, sink.length), 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
