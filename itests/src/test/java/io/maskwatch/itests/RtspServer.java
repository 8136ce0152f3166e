package io.maskwatch.itests;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real RTSP source on loopback from Debian packages: rtsp-server-perl relays what Debian's ffmpeg
 * publishes to it (ANNOUNCE/RECORD, the clip in a loop at its own pace). The relay sends RTP over UDP
 * only, so the camera URL carries FFmpeg's {@code ?udp} option.
 */
final class RtspServer implements AutoCloseable {

    private final Process relay;
    private final Process publisher;
    private final String url;

    private RtspServer(Process relay, Process publisher, String url) {
        this.relay = relay;
        this.publisher = publisher;
        this.url = url;
    }

    static boolean available() {
        return runs("ffmpeg", "-version") && runs("rtsp-server-perl", "--help");
    }

    private static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static RtspServer serve(Path clip) throws IOException, InterruptedException {
        int clientPort = freePort();
        int sourcePort = freePort();
        Process relay = new ProcessBuilder("rtsp-server-perl", "--clientport", "" + clientPort, "--serverport", "" + sourcePort,
                "--client_listen_address", "127.0.0.1", "--source_listen_address", "127.0.0.1", "--loglevel", "1",
                "--rtp_start_port", "" + (20000 + clientPort % 20000))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(1500);
        Process publisher = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i",
                clip.toString(), "-c", "copy", "-f", "rtsp", "rtsp://127.0.0.1:" + sourcePort + "/live")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new RtspServer(relay, publisher, "rtsp://127.0.0.1:" + clientPort + "/live?udp");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String url() {
        return url;
    }

    @Override
    public void close() {
        try {
            for (Process p : new Process[] {publisher, relay}) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
