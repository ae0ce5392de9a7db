package io.github.jsondedup;

import io.github.jsondedup.table.LocalCommitLock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.LockManager;

/**
 * The Hadoop catalog's commit lock, made to stop for good at one metadata commit of the process, so
 * that a crash test can kill it exactly there: {@code -Djsondedup.test.pauseAt=commit-N} stops
 * inside the N-th commit (its new metadata file written, not yet in place), {@code after-commit-N}
 * just after it. A run's commits on a new table: 1 creates it, 2 stages the run's files, 3 appends
 * them. It prints {@code PAUSED <point>} first.
 */
public final class PausingCommitLock implements LockManager {
  private static final AtomicInteger COMMITS = new AtomicInteger();

  private final LocalCommitLock lock = new LocalCommitLock();
  private final Map<String, Integer> commitOf = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void initialize(Map<String, String> properties) {
    lock.initialize(properties);
  }

  @Override
  public boolean acquire(String entityId, String ownerId) {
    int commit = COMMITS.incrementAndGet();
    commitOf.put(entityId, commit);
    pauseIf("commit-" + commit);
    return lock.acquire(entityId, ownerId);
  }

  @Override
  public boolean release(String entityId, String ownerId) {
    boolean released = lock.release(entityId, ownerId);
    Integer commit = commitOf.remove(entityId);
    if (commit != null) {
      pauseIf("after-commit-" + commit);
    }
    return released;
  }

  @Override
  public void close() {
    lock.close();
  }

  private static void pauseIf(String point) {
    PausingCommitProtocol.pauseIf(point);
  }
}
