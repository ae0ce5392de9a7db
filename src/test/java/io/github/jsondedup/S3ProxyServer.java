package io.github.jsondedup;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * S3Proxy, an S3-compatible server keeping objects in memory, as a process of its own (inside the
 * tests' JVM its Jackson clashes with Spark's), on a free loopback port.
 */
final class S3ProxyServer implements AutoCloseable {
  private static final String ACCESS_KEY = "json-dedup-test";
  private static final String SECRET_KEY = "json-dedup-test-secret";

  private final Process process;
  private final String endpoint;
  private final AmazonS3 client;
  private final Path buffer;

  private S3ProxyServer(Process process, String endpoint, Path buffer) {
    this.process = process;
    this.endpoint = endpoint;
    this.buffer = buffer;
    this.client =
        AmazonS3ClientBuilder.standard()
            .withEndpointConfiguration(new EndpointConfiguration(endpoint, "us-east-1"))
            .withPathStyleAccessEnabled(true)
            .withCredentials(
                new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY)))
            .build();
  }

  /** Starts the server and waits until it answers (about 6 s). */
  static S3ProxyServer start(Path workDir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    Path properties = workDir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            // In memory: the filesystem backends answer S3A's multi-object deletes too slowly.
            "jclouds.provider=transient",
            "jclouds.identity=local",
            "jclouds.credential=local"));
    Path log = workDir.resolve("s3proxy.log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                System.getProperty("jsondedup.s3proxyJar"),
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3ProxyServer server =
        new S3ProxyServer(
            process, endpoint, Files.createDirectories(workDir.resolve("s3a-buffer")));
    server.awaitReady(log);
    return server;
  }

  private void awaitReady(Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited:\n" + Files.readString(log));
      }
      try {
        client.listBuckets();
        return;
      } catch (RuntimeException notYet) {
        Thread.sleep(250);
      }
    }
    close();
    throw new IllegalStateException("S3Proxy not ready after 60 s:\n" + Files.readString(log));
  }

  AmazonS3 client() {
    return client;
  }

  /** The S3A settings (without the {@code spark.hadoop.} prefix) that reach this server. */
  Map<String, String> s3aSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fs.s3a.endpoint", endpoint);
    settings.put("fs.s3a.endpoint.region", "us-east-1");
    settings.put("fs.s3a.path.style.access", "true");
    settings.put("fs.s3a.connection.ssl.enabled", "false");
    settings.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    settings.put("fs.s3a.access.key", ACCESS_KEY);
    settings.put("fs.s3a.secret.key", SECRET_KEY);
    // Uploads are buffered on disk under hadoop.tmp.dir, /tmp/hadoop-<user> unless told.
    settings.put("fs.s3a.buffer.dir", buffer.toString());
    // A test that lost its server should fail in seconds, not retry for minutes.
    settings.put("fs.s3a.attempts.maximum", "2");
    settings.put("fs.s3a.retry.limit", "2");
    return settings;
  }

  /** A Hadoop configuration for reading and writing this server's buckets from the test. */
  Configuration hadoopConfiguration() {
    Configuration configuration = new Configuration();
    s3aSettings().forEach(configuration::set);
    return configuration;
  }

  /** The same settings as {@code spark-submit --conf spark.hadoop.*} arguments. */
  List<String> sparkSubmitArgs() {
    List<String> args = new ArrayList<>();
    s3aSettings()
        .forEach(
            (key, value) -> args.addAll(List.of("--conf", "spark.hadoop." + key + "=" + value)));
    return args;
  }

  /**
   * The same settings without credentials: the job's own settings ({@code conf/}) must find them,
   * as on a user's machine.
   */
  List<String> sparkSubmitArgsWithoutCredentials() {
    List<String> args = new ArrayList<>();
    s3aSettings().entrySet().stream()
        .filter(
            setting -> !setting.getKey().matches("fs\\.s3a\\.(access\\.key|secret\\.key|aws\\..*)"))
        .forEach(
            setting ->
                args.addAll(
                    List.of(
                        "--conf", "spark.hadoop." + setting.getKey() + "=" + setting.getValue())));
    return args;
  }

  /** An AWS shared credentials file ({@code ~/.aws/credentials}) holding this server's keys. */
  Path credentialsFile(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("aws-credentials"),
        "[default]\naws_access_key_id = "
            + ACCESS_KEY
            + "\naws_secret_access_key = "
            + SECRET_KEY
            + "\n");
  }

  @Override
  public void close() throws IOException {
    client.shutdown();
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
