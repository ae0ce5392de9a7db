package io.github.jsondedup.job;

import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.report.FailureText;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.table.ConcurrentCommitException;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's report from the moment it holds its output (contract rule 9): written {@code running}
 * first, so that a run killed on its way is still in the history (as {@code died}, once its process
 * is gone), and settled when the run ends. A run's batches write their own reports; what is left to
 * settle here is a run that ended before any batch did: it failed or was stopped (its report says
 * so, with the cause), or it was a watch that never found a file (idle). A usage error found under
 * the lock leaves no report, as it leaves nothing else.
 */
final class RunTrail {
  private static final Logger LOG = LoggerFactory.getLogger(RunTrail.class);

  private RunTrail() {}

  static <T> T around(
      Configuration hadoop, RunSettings settings, Target target, RunStart start, Supplier<T> work) {
    RunReport running = BatchReport.running(start, settings, target, hadoop);
    T result;
    try {
      result = work.get();
    } catch (InvalidSettingException e) {
      if (!start.reported().contains(start.runId())) {
        remove(running, hadoop);
      }
      throw e;
    } catch (RuntimeException | Error e) {
      settle(running, hadoop, settings, target, start, e);
      throw e;
    }
    settle(running, hadoop, settings, target, start, null);
    return result;
  }

  private static void settle(
      RunReport running,
      Configuration hadoop,
      RunSettings settings,
      Target target,
      RunStart start,
      Throwable error) {
    if (start.reported().contains(start.runId())) {
      return;
    }
    if (!start.reported().isEmpty()) {
      // An incremental run's batches reported, each under an id of its own.
      remove(running, hadoop);
      return;
    }
    boolean stopped = RunStop.asked() || error instanceof RunStoppedException;
    try {
      if (error == null) {
        BatchReport.idle(start, settings, target, hadoop);
      } else {
        BatchReport.ofRun(
            start,
            settings,
            target,
            hadoop,
            stopped ? RunReport.STOPPED : RunReport.FAILED,
            stopped
                ? RunStoppedException.EXIT_CODE
                : error instanceof ConcurrentCommitException
                    ? ConcurrentCommitException.EXIT_CODE
                    : 1,
            stopped
                ? "stopped by a signal; nothing was stored and the output is released"
                : FailureText.of(error, "nothing was stored"));
      }
    } catch (RuntimeException | Error e) {
      // Where the output is full or gone, so is its report: the run's own message says why.
      LOG.debug("Cannot settle the report {}", running.reportFile(), e);
    }
  }

  private static void remove(RunReport running, Configuration hadoop) {
    Path file = new Path(running.reportFile());
    try {
      file.getFileSystem(hadoop).delete(file, false);
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot remove the report {}", file, e);
    }
  }
}
