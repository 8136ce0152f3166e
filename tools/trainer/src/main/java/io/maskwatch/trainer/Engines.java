package io.maskwatch.trainer;

/**
 * DJL settings that keep it offline: libtorch comes from the pytorch-native-cpu jar on the
 * class path, and nothing may be fetched at run time (these machines reach no model hub).
 */
final class Engines {

    private Engines() {
    }

    static synchronized void configure() {
        setIfAbsent("offline", "true");
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.default_engine", "PyTorch");
        setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
        setIfAbsent("ai.djl.disable_close_resource_on_finalize", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
