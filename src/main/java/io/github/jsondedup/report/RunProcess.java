package io.github.jsondedup.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;

/**
 * The process a run ran in, as its lock and its report name it: so that a later look can tell a run
 * that is still going from one whose process is gone (killed, out of power).
 *
 * @param host the host's name
 * @param pid the process id
 * @param started when the process started (a pid can be reused; the pair cannot)
 */
public record RunProcess(String host, String pid, String started) {

  /** This JVM's process. */
  public static RunProcess current() {
    ProcessHandle self = ProcessHandle.current();
    return new RunProcess(thisHost(), Long.toString(self.pid()), startOf(self));
  }

  /**
   * Whether this process ran on this host and no longer runs: no process has its pid, or the one
   * that has it started at another time. A process on another host is not known to be gone.
   */
  public boolean goneFromThisHost() {
    if (!thisHost().equals(host) || pid == null || started == null) {
      return false;
    }
    try {
      return ProcessHandle.of(Long.parseLong(pid))
          .filter(ProcessHandle::isAlive)
          .map(process -> !started.equals(startOf(process)))
          .orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** {@code host H, pid P}, as messages name it. */
  public String describe() {
    return "host " + (host == null ? "?" : host) + ", pid " + (pid == null ? "?" : pid);
  }

  private static String startOf(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toString).orElse("?");
  }

  private static String thisHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }
}
