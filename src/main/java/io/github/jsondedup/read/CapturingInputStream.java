package io.github.jsondedup.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Keeps the bytes read since a chosen offset, so that the original text of one record can be cut
 * out after a streaming parser has gone past it (the parser reads ahead in chunks). Holds at most
 * one record plus one read-ahead chunk.
 */
final class CapturingInputStream extends FilterInputStream {
  private byte[] kept = new byte[64 * 1024];
  private long keptFrom; // stream offset of kept[0]
  private int keptLength;
  private long needFrom; // bytes before this offset may be dropped

  CapturingInputStream(InputStream in) {
    super(in);
  }

  /**
   * Lets go of the bytes before {@code offset}: nothing before it will be asked for again. They are
   * dropped when room is needed, so that a record costs no copy of the read-ahead.
   */
  void keepFrom(long offset) {
    needFrom = Math.max(needFrom, offset);
  }

  /** The bytes from {@code start} (not before the last {@link #keepFrom}) up to {@code end}. */
  byte[] bytes(long start, long end) {
    int from = (int) (start - keptFrom);
    int to = (int) Math.min(keptLength, end - keptFrom);
    return from < 0 || from > to ? new byte[0] : Arrays.copyOfRange(kept, from, to);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      keep(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      keep(buffer, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes would leave a hole in what is kept: read them instead.
    byte[] sink = new byte[(int) Math.min(n, 8192)];
    int read = read(sink, 0, sink.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void keep(byte[] buffer, int offset, int length) {
    if (keptLength + length > kept.length) {
      int drop = (int) Math.min(keptLength, Math.max(0, needFrom - keptFrom));
      System.arraycopy(kept, drop, kept, 0, keptLength - drop);
      keptLength -= drop;
      keptFrom += drop;
    }
    if (keptLength + length > kept.length) {
      kept = Arrays.copyOf(kept, Math.max(kept.length * 2, keptLength + length));
    }
    System.arraycopy(buffer, offset, kept, keptLength, length);
    keptLength += length;
  }
}
