package io.github.jsondedup.sparkcompat;

import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkContext;

/**
 * Spark's listener bus: Spark delivers its events to listeners on a thread of its own, a little
 * after the jobs end. Scala's {@code private[spark]} is public to Java; waiting for the bus is what
 * makes a listener's figures complete.
 */
public final class SparkEvents {
  private SparkEvents() {}

  /**
   * Waits until every event posted so far has reached the listeners, at most {@code millis}.
   *
   * @throws TimeoutException if some are still on their way then
   */
  public static void awaitDelivered(SparkContext context, long millis) throws TimeoutException {
    context.listenerBus().waitUntilEmpty(millis);
  }
}
