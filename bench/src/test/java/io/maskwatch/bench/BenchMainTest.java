package io.maskwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.util.ListStatistics;

class BenchMainTest {

    @Test
    void aRerunTheSameDayKeepsTheEarlierResults(@TempDir Path dir) throws Exception {
        assertEquals("classifier-2026-12-07-quick", BenchMain.freeStem(dir, "classifier-2026-12-07-quick"));
        Files.writeString(dir.resolve("classifier-2026-12-07-quick.txt"), "first");
        assertEquals("classifier-2026-12-07-quick-2", BenchMain.freeStem(dir, "classifier-2026-12-07-quick"));
        Files.writeString(dir.resolve("classifier-2026-12-07-quick-2.json"), "[]");
        assertEquals("classifier-2026-12-07-quick-3", BenchMain.freeStem(dir, "classifier-2026-12-07-quick"));
        assertEquals("classifier-2026-12-07", BenchMain.freeStem(dir, "classifier-2026-12-07"), "a full run is named apart from quick ones");
    }

    @Test
    void theResultJsonKeepsScoresAndPercentilesButNotTheSampleHistograms(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Files.writeString(json, """
                [{"benchmark":"b","mode":"sample","primaryMetric":{"score":1.5,"scorePercentiles":{"50.0":1.2},
                  "rawDataHistogram":[[[1.0,3],[2.0,1]]]},
                  "secondaryMetrics":{"p":{"score":2.0,"rawDataHistogram":[[[2.0,1]]]}}},
                 {"benchmark":"c","mode":"avgt","primaryMetric":{"score":3.0,"rawData":[[3.0,3.1]]},"secondaryMetrics":{}}]
                """);
        BenchMain.dropSampleHistograms(json);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertFalse(root.get(0).get("primaryMetric").has("rawDataHistogram"));
        assertEquals(1.2, root.get(0).get("primaryMetric").get("scorePercentiles").get("50.0").asDouble());
        assertFalse(root.get(0).get("secondaryMetrics").get("p").has("rawDataHistogram"));
        assertEquals(2.0, root.get(0).get("secondaryMetrics").get("p").get("score").asDouble());
        assertEquals(3.1, root.get(1).get("primaryMetric").get("rawData").get(0).get(1).asDouble(), "iteration scores stay");
    }

    @Test
    void noNameAndAllSelectEveryBenchmark() {
        assertEquals(List.of("classifier", "decode", "detector", "events"), BenchMain.parse(new String[0]).names());
        assertEquals(List.of("classifier", "decode", "detector", "events"), BenchMain.parse(new String[] {"detector", "all"}).names());
    }

    @Test
    void namesKeepTheirOrderAndQuickIsAFlag() {
        BenchMain.Request r = BenchMain.parse(new String[] {"detector", "--quick", "classifier", "detector"});
        assertEquals(List.of("detector", "classifier"), r.names());
        assertTrue(r.quick());
        assertFalse(BenchMain.parse(new String[] {"classifier"}).quick());
    }

    @Test
    void aMistypedOptionIsRefusedInsteadOfRunningTheFullSchedule() {
        assertEquals("unknown option --quik; run bin/maskwatch --help",
                assertThrows(UsageException.class, () -> BenchMain.parse(new String[] {"--quik"})).getMessage());
        assertEquals("--quick takes no value; give just --quick",
                assertThrows(UsageException.class, () -> BenchMain.parse(new String[] {"--quick=yes"})).getMessage());
    }

    @Test
    void eventsRunsTheEventStoreBenchmarkQuickOrNot() {
        BenchMain.Request r = BenchMain.parse(new String[] {"events", "--quick"});
        assertEquals(List.of("events"), r.names());
        assertTrue(r.quick());
        assertEquals(EventsBench.class, BenchMain.BENCHMARKS.get("events"));
    }

    @Test
    void anUnknownBenchmarkNamesTheChoices() {
        assertEquals("unknown benchmark 'event'; choose from [classifier, decode, detector, events] or all",
                assertThrows(UsageException.class, () -> BenchMain.parse(new String[] {"event"})).getMessage());
    }

    @Test
    void quickRunsTheEventStoreSearchesOnASmallerStore() {
        assertEquals(Map.of("storeSize", List.of("100000")), BenchMain.quickParams(EventsBench.class));
        assertEquals(Map.of(), BenchMain.quickParams(DetectorBench.class));
    }

    @Test
    void quickDecodesAHalfMinuteRecording() {
        assertEquals(DecodeBench.class, BenchMain.BENCHMARKS.get("decode"));
        assertEquals(Map.of("recordingSeconds", List.of("30")), BenchMain.quickParams(DecodeBench.class));
    }

    @Test
    void forksGetEachArgumentOnce() {
        List<String> needed = List.of("--enable-native-access=ALL-UNNAMED", "-Dmaskwatch.home=/p");
        // bin/maskwatch passes both already (JMH gives forks this JVM's arguments): nothing is appended.
        assertEquals(List.of(), BenchMain.forkArgs(List.of("--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Dmaskwatch.home=/p"), needed));
        // A home given another way is still this JVM's home; an IDE run without arguments gets both.
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED"), BenchMain.forkArgs(List.of("-Dmaskwatch.home=."), needed));
        assertEquals(needed, BenchMain.forkArgs(List.of("-Xmx1g", "-Dmaskwatch.homes=x"), needed));
    }

    /** Stands for a benchmark with quick values on its own field and on a nested state's. */
    static class TwoQuickParams {
        @Param({"1", "2"})
        @QuickParam("1")
        int own;

        @Param("3")
        int plain;

        static class Nested {
            @Param({"500", "1000"})
            @QuickParam({"5", "10"})
            int size;
        }
    }

    @Test
    void quickParamsAreFoundOnTheBenchmarkAndItsNestedStates() {
        assertEquals(Map.of("own", List.of("1"), "size", List.of("5", "10")), BenchMain.quickParams(TwoQuickParams.class));
    }

    static class QuickWithoutParam {
        @QuickParam("1")
        int size;
    }

    @Test
    void aQuickValueWithoutParamIsRefused() {
        assertEquals("QuickWithoutParam.size has @QuickParam but no @Param",
                assertThrows(IllegalStateException.class, () -> BenchMain.quickParams(QuickWithoutParam.class)).getMessage());
    }

    @Test
    void sampleTimeRowsShowTheTail() {
        double[] samples = new double[100];
        Arrays.fill(samples, 1.0);
        Arrays.fill(samples, 90, 100, 8.0);
        assertEquals("  p50 1.000  p95 8.000  p99 8.000  max 8.000  (100 samples)",
                BenchMain.percentiles(new ListStatistics(samples)));
    }
}
