package io.github.jsondedup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.jsondedup.JobProcesses.Result;
import io.github.jsondedup.cli.JsonDedupCommand;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.deploy.SparkSubmitArguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;
import scala.collection.JavaConverters;

/**
 * The Amazon EMR definitions in {@code emr/}, checked as far as they can be without an AWS account:
 * the AWS CLI validates every request against the service's model before it sends it, so a request
 * that fails only to connect (to a port where nothing listens) was valid.
 */
class EmrDefinitionsIT {
  private static final Path SCRIPT = JobProcesses.PROJECT.resolve("emr/json-dedup-emr");
  private static final String UNREACHABLE = "Could not connect to the endpoint URL";
  private static final String INVALID = "Parameter validation failed";
  private static final List<String> RUN_ARGS =
      List.of("--input", "s3://lake/incoming/2019-04-*", "--output", "s3://lake/dataset");

  @Test
  void theClusterTheStepAndTheBucketRuleAreValidRequests() throws Exception {
    for (List<String> command :
        List.of(
            List.of("create-cluster"),
            List.of("setup-bucket"),
            concat(List.of("add-step", "j-0000000000000", "--"), RUN_ARGS))) {
      Result result = emr(command);

      assertThat(result.stderr()).as("%s", command).contains(UNREACHABLE).doesNotContain(INVALID);
      assertThat(result.exitCode()).as("%s", command).isNotZero();
    }
  }

  @Test
  void theCliRejectsAnInvalidDefinitionOffline(@TempDir Path dir) throws Exception {
    // The control for the test above: the same CLI, offline, does reject a mistake.
    Path groups = dir.resolve("instance-groups.json");
    Files.writeString(
        groups,
        Files.readString(JobProcesses.PROJECT.resolve("emr/instance-groups.json"))
            .replace("\"InstanceCount\": 2", "\"InstanceCount\": \"two\""));

    Result result =
        JobProcesses.run(
            List.of(
                "aws",
                "--endpoint-url",
                "http://127.0.0.1:9",
                "emr",
                "create-cluster",
                "--release-label",
                "emr-7.12.0",
                "--instance-groups",
                "file://" + groups),
            offlineAws());

    assertThat(result.stderr()).contains(INVALID).contains("InstanceCount");
  }

  @Test
  void theStepIsASparkSubmitThatSparkAndTheJobBothAccept() throws Exception {
    Result printed = emr(concat(List.of("step-definition", "--"), RUN_ARGS));
    assertThat(printed.exitCode()).as(printed.stderr()).isZero();
    JsonNode step = new ObjectMapper().readTree(printed.stdout()).get(0);
    List<String> args = new ArrayList<>();
    step.get("Args").forEach(arg -> args.add(arg.asText()));

    assertThat(step.get("Jar").asText()).isEqualTo("command-runner.jar");
    assertThat(args.get(0)).isEqualTo("spark-submit");
    SparkSubmitArguments submit =
        new SparkSubmitArguments(
            JavaConverters.asScalaBuffer(args.subList(1, args.size())).toList(),
            scalaMap(Map.of("HADOOP_CONF_DIR", "/etc/hadoop/conf")));
    assertThat(submit.master()).isEqualTo("yarn");
    assertThat(submit.deployMode()).isEqualTo("cluster");
    assertThat(submit.mainClass()).isEqualTo("io.github.jsondedup.Main");
    assertThat(submit.primaryResource())
        .matches("s3://test-bucket/json-dedup/jars/json-dedup-etl-[0-9a-f]{12}\\.jar");
    Map<String, String> expectedConf = new HashMap<>(emrConf());
    expectedConf.put("spark.sql.catalog.glue.warehouse", "s3://test-bucket/json-dedup/warehouse/");
    assertThat(JavaConverters.mapAsJavaMap(submit.sparkProperties()))
        .as("every setting of conf/spark-emr.conf, as spark-submit reads it, and the warehouse")
        .isEqualTo(expectedConf);

    List<String> jobArgs = JavaConverters.seqAsJavaList(submit.childArgs());
    assertThat(jobArgs).isEqualTo(concat(List.of("run"), RUN_ARGS));
    ParseResult parsed =
        JsonDedupCommand.commandLine(
                () -> {
                  throw new AssertionError("parsing only");
                })
            .parseArgs(jobArgs.toArray(String[]::new));
    ParseResult run = parsed.subcommand();
    assertThat(run.commandSpec().name()).isEqualTo("run");
    assertThat(run.<List<String>>matchedOptionValue("--input", List.of()))
        .containsExactly("s3://lake/incoming/2019-04-*");
    assertThat(run.<String>matchedOptionValue("--output", null)).isEqualTo("s3://lake/dataset");
  }

  @Test
  void aTableStepUsesTheGlueCatalogAndKeepsItsAuditUnderTheS3Folder() throws Exception {
    Result printed =
        emr(
            List.of(
                "step-definition", "--", "--input", "s3://lake/in", "--table", "glue.lake.events"));
    assertThat(printed.exitCode()).as(printed.stderr()).isZero();
    List<String> args = new ArrayList<>();
    new ObjectMapper()
        .readTree(printed.stdout())
        .get(0)
        .get("Args")
        .forEach(arg -> args.add(arg.asText()));

    assertThat(String.join(" ", args))
        .contains("--conf spark.sql.catalog.glue=org.apache.iceberg.spark.SparkCatalog")
        .contains("--conf spark.sql.catalog.glue.type=glue")
        .contains("--conf spark.sql.catalog.glue.warehouse=s3://test-bucket/json-dedup/warehouse/")
        .endsWith(
            "run --input s3://lake/in --table glue.lake.events"
                + " --audit s3://test-bucket/json-dedup/audit/lake.events");
    assertThat(Files.readString(JobProcesses.PROJECT.resolve("emr/configurations.json")))
        .as("EMR puts Iceberg on the cluster's class path")
        .contains("\"Classification\": \"iceberg-defaults\"")
        .contains("\"iceberg.enabled\": \"true\"");
  }

  @Test
  void withoutAnS3FolderTheScriptSaysWhatToSet() throws Exception {
    Map<String, String> environment = new HashMap<>(offlineAws());
    environment.put("JSON_DEDUP_S3", "");

    Result result =
        JobProcesses.run(
            concat(List.of(SCRIPT.toString(), "create-cluster"), List.of()), environment);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("set JSON_DEDUP_S3 to an s3:// folder");
  }

  private static Result emr(List<String> args) throws Exception {
    Map<String, String> environment = new HashMap<>(offlineAws());
    environment.put("JSON_DEDUP_S3", "s3://test-bucket/json-dedup/");
    environment.put("JSON_DEDUP_AWS_ARGS", "--endpoint-url http://127.0.0.1:9");
    return JobProcesses.run(concat(List.of(SCRIPT.toString()), args), environment);
  }

  /**
   * An AWS CLI that reads no user configuration and has credentials, so that it gets as far as
   * connecting.
   */
  private static Map<String, String> offlineAws() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", "test",
        "AWS_SECRET_ACCESS_KEY", "test",
        "AWS_DEFAULT_REGION", "us-east-1",
        "AWS_CONFIG_FILE", "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
        "AWS_EC2_METADATA_DISABLED", "true",
        "AWS_MAX_ATTEMPTS", "1");
  }

  private static Map<String, String> emrConf() throws Exception {
    Properties properties = new Properties();
    try (Reader reader =
        Files.newBufferedReader(JobProcesses.PROJECT.resolve("conf/spark-emr.conf"))) {
      properties.load(reader);
    }
    Map<String, String> settings = new HashMap<>();
    properties.forEach((key, value) -> settings.put((String) key, ((String) value).strip()));
    return settings;
  }

  private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> map) {
    return JavaConverters.mapAsScalaMap(map).toMap(scala.Predef$.MODULE$.$conforms());
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
