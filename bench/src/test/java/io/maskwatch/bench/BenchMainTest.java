package io.maskwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.cli.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMainTest {

    @Test
    void noNameAndAllSelectEveryBenchmark() {
        assertEquals(List.of("classifier", "detector"), BenchMain.parse(new String[0]).names());
        assertEquals(List.of("classifier", "detector"), BenchMain.parse(new String[] {"detector", "all"}).names());
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
    void anUnknownBenchmarkNamesTheChoices() {
        assertEquals("unknown benchmark 'events'; choose from [classifier, detector] or all",
                assertThrows(UsageException.class, () -> BenchMain.parse(new String[] {"events"})).getMessage());
    }
}
