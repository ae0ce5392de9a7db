package io.github.jsondedup.report;

import io.github.jsondedup.sparkcompat.SparkEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark's own account of a run, step by step, from its listener events: how many tasks each step
 * ran, on how many executors, how many records its first stages sent on, and how much it spilled.
 * It tells whether a run used the whole cluster, and where memory ran short. A step is what {@link
 * #STEP} names in the Spark jobs' local properties; it also tells what runs now, for progress.
 */
public final class StepMetrics extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(StepMetrics.class);

  /** The local property that names the run's step in each Spark job it starts. */
  public static final String STEP = "jsondedup.step";

  /** The run's steps, as its report and its timings name them. */
  public static final String READ = "read";

  public static final String DEDUPE_AND_WRITE = "dedupe_and_write";
  public static final String AUDIT = "audit";

  private final Map<Integer, String> stepOfStage = new ConcurrentHashMap<>();
  // Stages that read the step's input rather than another stage's output.
  private final Set<Integer> sourceStages = ConcurrentHashMap.newKeySet();
  private final Map<String, Counters> steps = new ConcurrentHashMap<>();
  private volatile String current;
  private volatile String currentDescription;

  private static final class Counters {
    long tasks;
    long shuffleRecords;
    long spilledBytes;
    final Set<String> executors = ConcurrentHashMap.newKeySet();
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    String step = jobStart.properties() == null ? null : jobStart.properties().getProperty(STEP);
    if (step == null) {
      return;
    }
    current = step;
    currentDescription = jobStart.properties().getProperty("spark.job.description");
    scala.collection.Iterator<StageInfo> stages = jobStart.stageInfos().iterator();
    while (stages.hasNext()) {
      StageInfo stage = stages.next();
      stepOfStage.put(stage.stageId(), step);
      if (stage.parentIds().isEmpty()) {
        sourceStages.add(stage.stageId());
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    String step = stepOfStage.get(taskEnd.stageId());
    TaskMetrics metrics = taskEnd.taskMetrics();
    if (step == null || metrics == null) {
      return;
    }
    Counters counters = steps.computeIfAbsent(step, name -> new Counters());
    synchronized (counters) {
      counters.tasks++;
      if (sourceStages.contains(taskEnd.stageId())) {
        counters.shuffleRecords += metrics.shuffleWriteMetrics().recordsWritten();
      }
      counters.spilledBytes += metrics.memoryBytesSpilled() + metrics.diskBytesSpilled();
      counters.executors.add(taskEnd.taskInfo().executorId());
    }
  }

  /** Starts counting the steps of the jobs {@code context} runs from now on. */
  public static StepMetrics listenTo(SparkContext context) {
    StepMetrics metrics = new StepMetrics();
    context.addSparkListener(metrics);
    return metrics;
  }

  /** The step running now, as the job describes it to people, or null before the first. */
  public String currentStep() {
    return currentDescription != null ? currentDescription : current;
  }

  /**
   * Records the first stages of {@code step} have sent through shuffles so far: for the first step,
   * the records read.
   */
  public long shuffleRecords(String step) {
    Counters counters = steps.get(step);
    if (counters == null) {
      return 0;
    }
    synchronized (counters) {
      return counters.shuffleRecords;
    }
  }

  /**
   * The figures per step, once every event of the run's jobs has reached this listener (Spark
   * delivers them on a thread of its own, a little after the jobs end).
   */
  public Map<String, RunReport.Step> byStep(SparkContext context) {
    try {
      SparkEvents.awaitDelivered(context, TimeUnit.SECONDS.toMillis(10));
    } catch (TimeoutException e) {
      LOG.warn("Spark's events were not all delivered in time; step figures may be short", e);
    }
    Map<String, RunReport.Step> figures = new LinkedHashMap<>();
    steps.forEach(
        (step, counters) -> {
          synchronized (counters) {
            figures.put(
                step,
                new RunReport.Step(
                    counters.tasks,
                    counters.executors.size(),
                    counters.shuffleRecords,
                    counters.spilledBytes));
          }
        });
    return figures;
  }
}
