package id.go.kedirikota.satudata.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Runs a standalone Solr node in embedded Jetty for the local CKAN search index.
 *
 * <p>Usage: {@code SolrLauncher <solr-home> [port]}. Jetty listens on 127.0.0.1 only
 * (JettySolrRunner binds its connector to the loopback address) under the {@code /solr}
 * context. The process blocks until it receives SIGTERM/SIGINT, then stops Jetty cleanly.
 */
public final class SolrLauncher {

  private static final int DEFAULT_PORT = 8983;

  private SolrLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: SolrLauncher <solr-home> [port]");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath().normalize();
    if (!Files.isRegularFile(home.resolve("solr.xml"))) {
      System.err.println("solr: no solr.xml in " + home);
      System.exit(2);
    }
    int port = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_PORT;
    // Informational only in standalone mode (startup banner). The listen address is not
    // configurable: JettySolrRunner always binds to 127.0.0.1 ("host"/"solr.jetty.host"
    // system properties are ignored by it).
    System.setProperty("jetty.port", Integer.toString(port));

    JettyConfig config =
        JettyConfig.builder()
            .setPort(port)
            .setContext("/solr")
            .withPortRetryTime(0) // fail at once if the port is taken
            .stopAtShutdown(false) // our own hook stops Jetty and Solr in order
            .waitForLoadingCoresToFinish(120_000L)
            .withSSLConfig(null)
            .build();
    JettySolrRunner runner = new JettySolrRunner(home.toString(), config);

    AtomicBoolean failed = new AtomicBoolean(false);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    // stop() waits for a start() still in progress (both synchronized)
                    if (!failed.get() && !runner.isStopped()) {
                      runner.stop();
                    }
                  } catch (Exception e) {
                    System.err.println("solr: error while stopping: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "solr-shutdown"));

    try {
      runner.start();
    } catch (Exception e) {
      failed.set(true);
      System.err.println("solr: failed to start: " + e);
      e.printStackTrace();
      System.exit(1);
    }

    System.out.println("Solr ready on http://127.0.0.1:" + runner.getLocalPort() + "/solr");
    System.out.flush();
    stopped.await();
  }
}
