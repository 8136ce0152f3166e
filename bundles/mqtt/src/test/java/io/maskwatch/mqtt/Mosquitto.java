package io.maskwatch.mqtt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Mosquitto broker on a free loopback port, from Debian's {@code mosquitto} package (.ci/run installs
 * it; the integration tests use it too, from this module's test jar); tests are skipped with a message when the binary is absent. {@link #stop} kills it, {@link #start}
 * brings it back on the same port; {@link #close} kills it for good.
 */
public final class Mosquitto implements AutoCloseable {

    private final Path dir;
    private final Path binary;
    private final Path config;
    public final int port;
    private Process process;

    private Mosquitto(Path dir, Path binary, int port, String extraConfig) throws IOException {
        this.dir = dir;
        this.binary = binary;
        this.port = port;
        this.config = dir.resolve("mosquitto.conf");
        // persistence off: a restarted broker has forgotten everything, retained messages included.
        Files.writeString(config, "listener " + port + " 127.0.0.1\npersistence false\nuser root\n" + extraConfig);
    }

    /** Anonymous access. */
    public static Mosquitto anonymous(Path dir) throws IOException {
        return started(dir, "allow_anonymous true\n");
    }

    /** Only {@code user} with {@code password}, from a password file made by mosquitto_passwd. */
    public static Mosquitto withPassword(Path dir, String user, String password) throws IOException, InterruptedException {
        Path passwd = find("mosquitto_passwd");
        assumeTrue(passwd != null, "mosquitto_passwd not found (apt-get install mosquitto): MQTT password test skipped");
        Path file = dir.resolve("passwd");
        Process p = new ProcessBuilder(passwd.toString(), "-c", "-b", file.toString(), user, password).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("mosquitto_passwd failed: " + out);
        }
        return started(dir, "allow_anonymous false\npassword_file " + file + "\n");
    }

    private static Mosquitto started(Path dir, String extra) throws IOException {
        Path binary = find("mosquitto");
        assumeTrue(binary != null, "mosquitto not found on PATH or in /usr/sbin (apt-get install mosquitto): MQTT tests skipped");
        Mosquitto m = new Mosquitto(dir, binary, freePort(), extra);
        m.start();
        return m;
    }

    static Path find(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin:/sbin";
        return Stream.of(path.split(":")).filter(s -> !s.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable)
                .findFirst().orElse(null);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it accepts connections. */
    public void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        Path log = dir.resolve("mosquitto.log");
        process = new ProcessBuilder(List.of(binary.toString(), "-c", config.toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("mosquitto did not start on port " + port + ": " + Files.readString(log), e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", ie);
                }
            }
        }
    }

    /** Kills the broker (SIGKILL: no goodbye to the clients). */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("mosquitto did not die");
            }
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping mosquitto", e);
        }
    }
}
