package io.github.jsondedup.output;

import io.github.jsondedup.report.RunProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per output (contract rule 5): a lock file created only if absent, which the run
 * holding it renews while it works. A lock not renewed for longer than its time-to-live belongs to
 * a dead run, and the next run takes it over, at once when the holder was a process on this host
 * that is gone. If the holder finds its lock taken or gone, it calls {@code onLoss} (the job
 * cancels its Spark jobs) rather than write beside another run.
 *
 * <p>Creating the file only if absent is atomic on HDFS, and on local disk through Java's {@code
 * Files.createFile} (Hadoop's local file system checks, then writes). S3A checks, then writes, so
 * two runs started within the same instant on S3 could both believe they hold the lock.
 */
public final class OutputLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
  private static final String OWNER = "owner";
  private static final String PROCESS_STARTED = "process_started";
  private static final String COMMENT = "json-dedup output lock: delete it only if no run writes";

  private final FileSystem fs;
  private final Path file;
  private final String owner;
  private final ScheduledExecutorService renewal;
  private volatile boolean lost;
  private final List<String> takenOver = new ArrayList<>();

  private OutputLock(FileSystem fs, Path file, String owner) {
    this.fs = fs;
    this.file = file;
    this.owner = owner;
    this.renewal =
        Executors.newSingleThreadScheduledExecutor(
            new BasicThreadFactory.Builder()
                .namingPattern("json-dedup-lock-renewal")
                .daemon(true)
                .build());
  }

  /**
   * Takes the lock at {@code file} for {@code owner}, waiting up to {@code wait} for a live holder
   * to finish.
   *
   * @throws OutputLockedException if a live run still holds it after {@code wait}
   */
  public static OutputLock acquire(
      FileSystem fs, Path file, String owner, Duration ttl, Duration wait, Runnable onLoss) {
    Instant deadline = Instant.now().plus(wait);
    OutputLock lock = new OutputLock(fs, file, owner);
    try {
      while (true) {
        if (lock.tryCreate()) {
          lock.startRenewal(ttl, onLoss);
          return lock;
        }
        FileStatus status = statusOrNull(fs, file);
        if (status == null) {
          continue;
        }
        Properties holder = read(fs, file);
        Instant renewedAt = Instant.ofEpochMilli(status.getModificationTime());
        if (isDeadProcessOnThisHost(holder)) {
          lock.takeOver(holder, "", "that process is gone");
          continue;
        }
        if (renewedAt.plus(ttl).isBefore(Instant.now())) {
          lock.takeOver(holder, ", not renewed since " + renewedAt, "that run is dead");
          continue;
        }
        if (!Instant.now().isBefore(deadline)) {
          throw new OutputLockedException(
              String.format(
                  Locale.ROOT,
                  "Cannot write to %s: run %s (%s) is writing to it, its lock renewed at %s",
                  guarded(file),
                  holder.getProperty(OWNER),
                  describe(holder),
                  renewedAt));
        }
        Thread.sleep(Math.min(2_000, Duration.between(Instant.now(), deadline).toMillis() + 1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot take the lock " + file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the lock " + file, e);
    }
  }

  /**
   * Who holds a lock, as {@code json-dedup status} shows it.
   *
   * @param owner the run id of the holder
   * @param renewedAt when the holder last renewed it
   * @param goneProcess whether the holder was a process on this host that no longer runs (the next
   *     run takes the lock over at once)
   */
  public record Holder(
      String owner, String host, String pid, Instant renewedAt, boolean goneProcess) {}

  /** The holder of the lock at {@code file}, or none when no run holds it. */
  public static Optional<Holder> holder(FileSystem fs, Path file) {
    try {
      FileStatus status = statusOrNull(fs, file);
      if (status == null) {
        return Optional.empty();
      }
      Properties holder = read(fs, file);
      return Optional.of(
          new Holder(
              holder.getProperty(OWNER, "?"),
              holder.getProperty("host", "?"),
              holder.getProperty("pid", "?"),
              Instant.ofEpochMilli(status.getModificationTime()),
              isDeadProcessOnThisHost(holder)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the lock " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Takes the lock over from the dead {@code holder}, logging and noting it for the run report:
   * {@code since} and {@code why} say how it is known to be dead.
   */
  private void takeOver(Properties holder, String since, String why) throws IOException {
    String note =
        String.format(
            Locale.ROOT,
            "lock %s of run %s (%s)%s: %s",
            file,
            holder.getProperty(OWNER),
            describe(holder),
            since,
            why);
    LOG.warn("Taking over the {}", note);
    takeOver(fs, file, holder.getProperty(OWNER), owner);
    takenOver.add("took over the " + note);
  }

  /** The dead runs' locks this one took over to get it, as the run report says. */
  public List<String> takenOver() {
    return List.copyOf(takenOver);
  }

  /** Whether another run took this lock, or it vanished, while this run held it. */
  public boolean lost() {
    return lost;
  }

  @Override
  public void close() {
    renewal.shutdownNow();
    try {
      if (!lost && owner.equals(read(fs, file).getProperty(OWNER))) {
        fs.delete(file, false);
      }
    } catch (IOException e) {
      LOG.warn(
          "Cannot release the lock {}: {}; the next run will take it over", file, e.toString());
    }
  }

  private boolean tryCreate() throws IOException {
    Properties content = new Properties();
    content.setProperty(OWNER, owner);
    RunProcess self = RunProcess.current();
    content.setProperty("host", self.host());
    content.setProperty("pid", self.pid());
    content.setProperty(PROCESS_STARTED, self.started());
    content.setProperty("started", Instant.now().toString());
    if ("file".equals(fs.getUri().getScheme())) {
      return tryCreateLocal(content);
    }
    try (OutputStream out = fs.create(file, false)) {
      content.store(out, COMMENT);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      // Some file systems report an existing file with a plain IOException.
      if (fs.exists(file)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Creates the lock with its content in one step: written beside it, then linked in place, which
   * fails if it exists. A lock created empty and then written was left empty by a run killed in
   * between, and no later run could tell that its holder was dead until its time ran out.
   */
  private boolean tryCreateLocal(Properties content) throws IOException {
    java.nio.file.Path local = java.nio.file.Path.of(file.toUri().getPath());
    Files.createDirectories(local.getParent());
    java.nio.file.Path written =
        local.resolveSibling(
            "." + local.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(written)) {
        content.store(out, COMMENT);
      }
      Files.createLink(local, written);
      return true;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(written);
    }
  }

  // Nothing waits on the renewals: renew() handles its own failures, and close() stops them.
  @SuppressWarnings("FutureReturnValueIgnored")
  private void startRenewal(Duration ttl, Runnable onLoss) {
    long every = Math.max(1, ttl.toMillis() / 4);
    renewal.scheduleWithFixedDelay(() -> renew(onLoss), every, every, TimeUnit.MILLISECONDS);
  }

  private void renew(Runnable onLoss) {
    try {
      if (!owner.equals(read(fs, file).getProperty(OWNER))) {
        throw new IOException("the lock now belongs to another run");
      }
      // A new modification time is the renewal. setTimes is a no-op on some stores (S3A):
      // there, rewrite the file, which S3 replaces in one step.
      long before = fs.getFileStatus(file).getModificationTime();
      long now = System.currentTimeMillis();
      fs.setTimes(file, now, -1);
      if (fs.getFileStatus(file).getModificationTime() == before) {
        Properties content = read(fs, file);
        try (OutputStream out = fs.create(file, true)) {
          content.store(out, COMMENT);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!lost) {
        lost = true;
        LOG.error("Lost the lock {}: {}; stopping this run's writes", file, e.getMessage());
        onLoss.run();
      }
    }
  }

  // Renaming is atomic where creating is (local disk, HDFS): of two runs taking over one dead lock,
  // one renames it away. The other may have renamed the winner's fresh lock instead; it sees
  // another owner in what it moved, and puts it back.
  private static void takeOver(FileSystem fs, Path file, String deadOwner, String owner)
      throws IOException {
    Path claimed = new Path(file.getParent(), file.getName() + ".taken-by-" + owner);
    if (!fs.rename(file, claimed)) {
      return;
    }
    if (Objects.equals(read(fs, claimed).getProperty(OWNER), deadOwner)) {
      fs.delete(claimed, false);
    } else {
      fs.rename(claimed, file);
    }
  }

  private static Properties read(FileSystem fs, Path file) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = fs.open(file)) {
      properties.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)));
    } catch (java.io.FileNotFoundException e) {
      // Released between our look and our read: an empty holder.
    }
    return properties;
  }

  private static FileStatus statusOrNull(FileSystem fs, Path file) throws IOException {
    try {
      return fs.getFileStatus(file);
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  /** Whether the holder ran on this host in a process that no longer runs. */
  private static boolean isDeadProcessOnThisHost(Properties holder) {
    return process(holder).goneFromThisHost();
  }

  private static RunProcess process(Properties holder) {
    return new RunProcess(
        holder.getProperty("host"), holder.getProperty("pid"), holder.getProperty(PROCESS_STARTED));
  }

  private static String describe(Properties holder) {
    return process(holder).describe();
  }

  /** What a lock guards: an output (its lock is in its {@code _ingest/}), or its own folder. */
  private static Path guarded(Path lock) {
    Path folder = lock.getParent();
    return folder.getName().equals("_ingest") ? folder.getParent() : folder;
  }
}
