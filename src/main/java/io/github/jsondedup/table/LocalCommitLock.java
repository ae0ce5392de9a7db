package io.github.jsondedup.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.LockManager;

/**
 * Makes a Hadoop catalog's commits on a local disk safe for runs in several processes: set it as
 * the catalog's {@code lock-impl}. That catalog commits a table by renaming a new metadata file to
 * the next version's name after checking that the name is free, and on a local disk the rename
 * replaces a file another process put there in between: two runs would both commit, and the first
 * one's rows would vanish. This lock holds the table's metadata folder, in this process and with
 * the operating system's file lock across processes, from that check to the rename. On HDFS the
 * rename itself refuses an existing name, and other file systems are not locked here.
 */
public final class LocalCommitLock implements LockManager {
  /** The file locked in a table's metadata folder (a hidden name, which maintenance skips). */
  static final String LOCK_FILE = ".json-dedup-commit.lock";

  private static final Map<Path, Semaphore> IN_THIS_PROCESS = new ConcurrentHashMap<>();
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private long timeoutMillis = TimeUnit.MINUTES.toMillis(2);

  /** A lock held: the operating system's lasts as long as its channel is open. */
  private record Held(Semaphore inProcess, FileChannel channel) {}

  @Override
  public void initialize(Map<String, String> properties) {
    String timeout = properties.get("lock.acquire-timeout-ms");
    if (timeout != null) {
      timeoutMillis = Long.parseLong(timeout);
    }
  }

  @Override
  public boolean acquire(String entityId, String ownerId) {
    URI uri = URI.create(entityId);
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      return true;
    }
    Path folder = Path.of(uri.getScheme() == null ? entityId : uri.getPath()).getParent();
    Semaphore inProcess = IN_THIS_PROCESS.computeIfAbsent(folder, key -> new Semaphore(1));
    try {
      if (!inProcess.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              folder.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      // Blocks until the other process's commit (a metadata rename, milliseconds) is done.
      channel.lock();
      held.put(entityId, new Held(inProcess, channel));
      return true;
    } catch (IOException e) {
      closeQuietly(channel);
      inProcess.release();
      throw new UncheckedIOException("Cannot lock " + folder + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // The lock was never taken; the error that matters is the caller's.
      }
    }
  }

  @Override
  public boolean release(String entityId, String ownerId) {
    Held lock = held.remove(entityId);
    if (lock == null) {
      return true;
    }
    try {
      lock.channel().close();
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot unlock " + entityId + ": " + e.getMessage(), e);
    } finally {
      lock.inProcess().release();
    }
  }

  @Override
  public void close() {
    held.keySet().forEach(entity -> release(entity, null));
  }
}
