package io.github.jsondedup.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jsondedup.ExpectedLogs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// Locks are held by try-with-resources for a test's length, without being read: javac's "try" lint.
@SuppressWarnings("try")
class OutputLockTest {
  private static final Duration TTL = Duration.ofMillis(600);
  private static final Runnable NOTHING = () -> {};

  @TempDir java.nio.file.Path dir;

  private FileSystem fs() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  private Path lockFile() {
    return new Path(dir.resolve("_ingest/lock").toUri());
  }

  @Test
  void aSecondRunIsRefusedWhileTheFirstHoldsTheLock() throws IOException {
    try (OutputLock first = acquire("run-1", Duration.ZERO, NOTHING)) {
      assertThatThrownBy(() -> acquire("run-2", Duration.ZERO, NOTHING))
          .isInstanceOf(OutputLockedException.class)
          .hasMessageContaining("run run-1 (host ");
    }
  }

  @Test
  void theLockIsFreeAgainOnceReleased() throws IOException {
    acquire("run-1", Duration.ZERO, NOTHING).close();

    assertThat(fs().exists(lockFile())).isFalse();
    acquire("run-2", Duration.ZERO, NOTHING).close();
  }

  @Test
  void aLiveHolderKeepsRenewingItsLock() throws Exception {
    try (OutputLock first = acquire("run-1", Duration.ZERO, NOTHING)) {
      Thread.sleep(3 * TTL.toMillis());

      assertThatThrownBy(() -> acquire("run-2", Duration.ZERO, NOTHING))
          .isInstanceOf(OutputLockedException.class);
    }
  }

  @Test
  void aLockLeftByADeadRunIsTakenOver() throws Exception {
    writeLock("dead-run");
    fs().setTimes(lockFile(), System.currentTimeMillis() - 10 * TTL.toMillis(), -1);

    try (OutputLock lock =
        ExpectedLogs.during(
            "a dead run's lock taken over", () -> acquire("run-2", Duration.ZERO, NOTHING))) {
      assertThat(readLock()).contains("owner=run-2");
      assertThat(lock.takenOver())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .startsWith("took over the lock " + lockFile() + " of run dead-run (")
          .endsWith(": that run is dead");
      assertThat(OutputLock.holder(fs(), lockFile()))
          .hasValueSatisfying(
              holder -> {
                assertThat(holder.owner()).isEqualTo("run-2");
                assertThat(holder.goneProcess()).isFalse();
              });
    }
    assertThat(OutputLock.holder(fs(), lockFile())).as("released").isEmpty();
  }

  @Test
  void aLockLeftByAProcessOfThisHostThatIsGoneIsTakenOverAtOnce() throws Exception {
    Process dead = new ProcessBuilder("sleep", "60").start();
    String started = dead.info().startInstant().map(Object::toString).orElse("?");
    dead.destroyForcibly().waitFor();
    writeLock(
        "killed-run",
        "host=" + java.net.InetAddress.getLocalHost().getHostName(),
        "pid=" + dead.pid(),
        "process_started=" + started);
    Duration hour = Duration.ofHours(1);

    try (OutputLock lock =
        ExpectedLogs.during(
            "a killed process's lock taken over",
            () -> OutputLock.acquire(fs(), lockFile(), "run-2", hour, Duration.ZERO, NOTHING))) {
      assertThat(readLock()).contains("owner=run-2");
      assertThat(lock.takenOver())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("of run killed-run (", "pid " + dead.pid())
          .endsWith(": that process is gone");
    }
  }

  @Test
  void aLockOfALiveProcessIsNotTakenOver() throws IOException {
    ProcessHandle self = ProcessHandle.current();
    writeLock(
        "live-run",
        "host=" + java.net.InetAddress.getLocalHost().getHostName(),
        "pid=" + self.pid(),
        "process_started=" + self.info().startInstant().orElseThrow());

    assertThatThrownBy(
            () ->
                OutputLock.acquire(
                    fs(), lockFile(), "run-2", Duration.ofHours(1), Duration.ZERO, NOTHING))
        .isInstanceOf(OutputLockedException.class);
  }

  @Test
  void aWaitingRunGetsTheLockWhenTheHolderFinishes() throws Exception {
    OutputLock first = acquire("run-1", Duration.ZERO, NOTHING);
    CompletableFuture<Void> released =
        CompletableFuture.runAsync(
            () -> {
              sleep(1_000);
              first.close();
            });

    try (OutputLock second = acquire("run-2", Duration.ofSeconds(30), NOTHING)) {
      released.join();
      assertThat(readLock()).contains("owner=run-2");
    }
  }

  @Test
  void aHolderWhoseLockIsTakenIsToldAndStops() throws Exception {
    AtomicBoolean stopped = new AtomicBoolean();
    try (OutputLock lock =
        ExpectedLogs.during(
            "a lock lost to another run",
            () -> acquire("run-1", Duration.ZERO, () -> stopped.set(true)))) {
      writeLock("intruder");
      Thread.sleep(3 * TTL.toMillis());

      assertThat(stopped).isTrue();
      assertThat(lock.lost()).isTrue();
    }
    assertThat(readLock())
        .as("the intruder's lock is not released by the loser")
        .contains("intruder");
  }

  private OutputLock acquire(String owner, Duration wait, Runnable onLoss) throws IOException {
    return OutputLock.acquire(fs(), lockFile(), owner, TTL, wait, onLoss);
  }

  private void writeLock(String owner, String... moreLines) throws IOException {
    try (OutputStream out = fs().create(lockFile(), true)) {
      out.write(("owner=" + owner + "\n").getBytes(StandardCharsets.ISO_8859_1));
      for (String line : moreLines) {
        out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
      }
    }
  }

  private String readLock() throws IOException {
    try (var in = fs().open(lockFile())) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
