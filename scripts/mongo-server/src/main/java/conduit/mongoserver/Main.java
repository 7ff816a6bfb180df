package conduit.mongoserver;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Serves an in-memory MongoDB stand-in (mongo-java-server) on 127.0.0.1:&lt;port&gt; until
 * SIGTERM or SIGINT. Everything is lost when it stops.
 *
 * <p>It reports MongoDB 4.4 (wire version 9): the Node.js driver behind Mongoose 9 refuses
 * servers below that, and mongo-java-server's own "5.0" reports wire version 8. The version is
 * only reported: it changes nothing in what the server implements.
 */
public final class Main {
  private Main() {}

  /** The oldest MongoDB the driver accepts, so that it uses no newer protocol feature. */
  private static final MongoVersion REPORTED_VERSION =
      new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
          return List.of(4, 4, 0);
        }

        @Override
        public int getWireVersion() {
          return 9;
        }
      };

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1 || !args[0].matches("\\d{1,5}")) {
      System.err.println("usage: java -jar mongo-server.jar <port>");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    // Before the first logger is made: SLF4J's simple provider reads these once.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");

    MongoServer server = new MongoServer(new MemoryBackend().version(REPORTED_VERSION));
    server.bind("127.0.0.1", port);
    System.out.println("mongo-java-server listening on mongodb://127.0.0.1:" + port);
    System.out.flush();

    // The JVM runs shutdown hooks on SIGTERM and SIGINT; main waits for the hook to finish.
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdownNow();
                  System.out.println("mongo-java-server stopped");
                  System.out.flush();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
