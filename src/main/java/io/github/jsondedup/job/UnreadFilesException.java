package io.github.jsondedup.job;

import io.github.jsondedup.read.Unread;
import java.util.List;

/**
 * A run that could not read more files than {@code --max-unread} lets it leave unread (contract
 * rule 6): it stores nothing, and its files are read again by the next run. Not bad input: the
 * environment failed (a permission, a disk, a connection).
 */
public final class UnreadFilesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * The exit code of a run that stored what it read but left files unread (at most {@code
   * --max-unread}): a scheduler sees that not everything is in, and the next run reads them.
   */
  public static final int SOME_UNREAD_EXIT_CODE = 5;

  private final transient List<Unread> unread;

  UnreadFilesException(List<Unread> unread, int maxUnread) {
    super(message(unread, maxUnread));
    this.unread = List.copyOf(unread);
  }

  /** Throws if {@code unread} holds more than {@code maxUnread} files or folders. */
  static void check(List<Unread> unread, int maxUnread) {
    if (unread.size() > maxUnread) {
      throw new UnreadFilesException(unread, maxUnread);
    }
  }

  /** The files and folders that could not be read. */
  public List<Unread> unread() {
    return unread;
  }

  private static String message(List<Unread> unread, int maxUnread) {
    Unread first = unread.get(0);
    return "cannot read "
        + (unread.size() == 1 ? first.path() : unread.size() + " inputs, the first " + first.path())
        + ": "
        + first.cause()
        + "; nothing was stored: fix the cause and run again"
        + (maxUnread == 0
            ? ", or store the rest with --max-unread N"
            : " (--max-unread " + maxUnread + " lets fewer stay unread)");
  }
}
