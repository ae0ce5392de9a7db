package io.github.jsondedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void aSuccessfulRunReturnsFromMainInsteadOfExiting() {
    // Under YARN in cluster deploy mode, System.exit from main, even System.exit(0), is reported
    // as a failed application: the step would fail after a good run. Were main to exit here, the
    // test JVM would die and the build would fail.
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      Main.main(new String[] {"--version"});
    } finally {
      System.setOut(stdout);
    }

    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("json-dedup-etl ");
  }
}
