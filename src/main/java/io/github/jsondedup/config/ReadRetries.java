package io.github.jsondedup.config;

import java.io.Serializable;

/**
 * What a run does about a file or folder the file system fails to give (contract rule 6: a failed
 * read is not bad data): it tries up to {@code attempts} times, waiting about {@code
 * firstWaitMillis}, then twice as long, between tries; if the read still fails, the file is unread,
 * and a run with more than {@code maxUnread} unread files stores nothing.
 *
 * @param attempts tries of one list, open or read, at least 1
 * @param firstWaitMillis the wait before the second try
 * @param maxUnread how many files (and folders that cannot be listed) may stay unread in a run that
 *     stores the rest; 0 fails the run as soon as one is unread
 */
public record ReadRetries(int attempts, long firstWaitMillis, int maxUnread)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ReadRetries {
    if (attempts < 1 || firstWaitMillis < 0 || maxUnread < 0) {
      throw new IllegalArgumentException("Invalid read retries: " + attempts + ", " + maxUnread);
    }
  }

  /** One try of each read, and no file left unread: for tools and tests that need no retry. */
  public static final ReadRetries ONCE = new ReadRetries(1, 0, 0);

  /** The same retries, letting {@code files} files stay unread. */
  public ReadRetries withMaxUnread(int files) {
    return new ReadRetries(attempts, firstWaitMillis, files);
  }
}
