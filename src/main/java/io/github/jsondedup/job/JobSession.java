package io.github.jsondedup.job;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.WeakHashMap;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The session a run works on: a session of its own beside the caller's, with the caller's settings
 * and the contract's on top ({@link SparkSessions#CONTRACT_SETTINGS}). So the run never changes the
 * caller's session, and what a run sets for itself (a table run's staging id) is seen by no other
 * run, even one running at the same time in the same JVM.
 *
 * <p>A session loads its own instance of each catalog it uses (Iceberg's catalogs hold clients and
 * connections that Spark gives no way to close), so a finished run's session is kept for the
 * caller's next run, as long as the caller's catalog settings stay the same.
 */
final class JobSession implements AutoCloseable {
  private static final String CATALOGS = "spark.sql.catalog.";

  /** One idle session per caller, for its next run. */
  private static final Map<SparkSession, SparkSession> IDLE =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final SparkSession caller;
  private final SparkSession session;
  private final Option<SparkSession> activeBefore;

  private JobSession(SparkSession caller, SparkSession session) {
    this.caller = caller;
    this.session = session;
    // Spark code that finds its settings in "the active session" (parsers made inside tasks, the
    // JSON source's options) must find the run's: the thread's active session while it runs.
    this.activeBefore = SparkSession.getActiveSession();
    SparkSession.setActiveSession(session);
  }

  /** A session for a run of {@code caller}'s, with its settings as they are now. */
  static JobSession of(SparkSession caller) {
    Map<String, String> wanted = settingsOf(caller);
    SparkSession session = IDLE.remove(caller);
    if (session == null || !catalogs(settingsOf(session)).equals(catalogs(wanted))) {
      session = caller.newSession();
    }
    RuntimeConfig conf = session.conf();
    Map<String, String> held = settingsOf(session);
    held.keySet().stream().filter(key -> !wanted.containsKey(key)).forEach(conf::unset);
    // Only what differs: a session's Spark settings (the master, static SQL settings) are the
    // caller's already, and Spark refuses to set them at run time.
    wanted.forEach(
        (key, value) -> {
          if (!Objects.equals(held.get(key), value)) {
            conf.set(key, value);
          }
        });
    return new JobSession(caller, SparkSessions.withContract(session));
  }

  SparkSession session() {
    return session;
  }

  /**
   * The run is over: the thread's active session is again the one before, and the run's session
   * waits for the caller's next run (one is kept, the last).
   */
  @Override
  public void close() {
    if (activeBefore.isDefined()) {
      SparkSession.setActiveSession(activeBefore.get());
    } else {
      SparkSession.clearActiveSession();
    }
    IDLE.put(caller, session);
  }

  private static Map<String, String> settingsOf(SparkSession spark) {
    return new HashMap<>(JavaConverters.mapAsJavaMap(spark.conf().getAll()));
  }

  private static Map<String, String> catalogs(Map<String, String> settings) {
    Map<String, String> catalogs = new TreeMap<>(settings);
    catalogs.keySet().removeIf(key -> !key.startsWith(CATALOGS));
    return catalogs;
  }
}
