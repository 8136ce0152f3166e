package io.maskwatch.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparePredictionsTest {

    @TempDir
    Path tmp;

    /**
     * 100 images of 4 faces each: faces 0-2 masked, face 3 bare. {@code wrong} says which faces
     * (numbered 0-399) the model gets wrong.
     */
    private Path predictions(String name, IntPredicate wrong) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String truth = i % 4 == 3 ? "no_mask" : "mask";
            String other = truth.equals("mask") ? "no_mask" : "mask";
            String label = wrong.test(i) ? other : truth;
            lines.add(String.format(Locale.ROOT,
                    "{\"key\":\"d/img%d.jpg#%d\",\"image\":\"/data/img%d.jpg\",\"truth\":\"%s\",\"label\":\"%s\",\"probs\":{}}",
                    i / 4, i % 4, i / 4, truth, label));
        }
        Path f = tmp.resolve(name);
        Files.write(f, lines);
        return f;
    }

    @Test
    void identicalPredictionsDifferByExactlyNothing() throws Exception {
        Path a = predictions("a.jsonl", i -> i % 10 == 0);
        Path b = predictions("b.jsonl", i -> i % 10 == 0);
        CliRun r = CliRun.of("compare-predictions", "--json", a.toString(), b.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(0.0, j.get("difference").asDouble());
        assertEquals(0.0, j.get("difference_interval").get(0).asDouble());
        assertEquals(0.0, j.get("difference_interval").get(1).asDouble());
        assertEquals(100, j.get("images").asInt());
        assertEquals(400, j.get("faces").asInt());
    }

    @Test
    void aModelThatFixesManyErrorsAndBreaksNoneIsCalledBetter() throws Exception {
        // A misreads every fifth masked face (60 of 300) and every second bare face (50 of 100);
        // B keeps only the masked-face errors in even images (30) and the bare ones (50).
        Path a = predictions("a.jsonl", i -> (i % 4 != 3 && i % 5 == 0) || (i % 4 == 3 && (i / 4) % 2 == 0));
        Path b = predictions("b.jsonl", i -> (i % 4 != 3 && i % 5 == 0 && (i / 4) % 2 == 0) || (i % 4 == 3 && (i / 4) % 2 == 0));
        CliRun r = CliRun.of("compare-predictions", a.toString(), b.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("B is better on this set"), r.out());
        JsonNode j = new ObjectMapper().readTree(CliRun.of("compare-predictions", "--json", a.toString(), b.toString()).out());
        double aMask = 1 - 60 / 300.0;
        double bMask = 1 - 30 / 300.0;
        assertEquals((aMask + 0.5) / 2, j.get("balanced_accuracy_a").asDouble(), 1e-12);
        assertEquals((bMask + 0.5) / 2, j.get("balanced_accuracy_b").asDouble(), 1e-12);
        assertEquals(0, j.get("only_a_right").asInt());
        assertEquals(30, j.get("only_b_right").asInt());
        double low = j.get("difference_interval").get(0).asDouble();
        double high = j.get("difference_interval").get(1).asDouble();
        assertTrue(0 < low && low < 0.05 && 0.05 < high, low + " .. " + high);
    }

    @Test
    void oneFaceApartCannotBeTold() throws Exception {
        Path a = predictions("a.jsonl", i -> i % 7 == 0);
        Path b = predictions("b.jsonl", i -> i % 7 == 0 && i != 7);
        CliRun r = CliRun.of("compare-predictions", a.toString(), b.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("this set cannot tell A and B apart"), r.out());
        assertTrue(r.out().contains("only B gets right: 1"), r.out());
    }

    @Test
    void filesOfDifferentFacesOrTruthAreRefusedWithOneLine() throws Exception {
        Path a = predictions("a.jsonl", i -> false);
        Path fewer = tmp.resolve("fewer.jsonl");
        Files.write(fewer, Files.readAllLines(a).subList(0, 399));
        CliRun r = CliRun.of("compare-predictions", a.toString(), fewer.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("do not list the same faces (1 keys in only one of them)"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        Path relabelled = tmp.resolve("relabelled.jsonl");
        Files.writeString(relabelled, Files.readString(a).replaceFirst("\"truth\":\"mask\"", "\"truth\":\"no_mask\""));
        r = CliRun.of("compare-predictions", a.toString(), relabelled.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("compare predictions of the same dataset"), r.err());

        Path broken = tmp.resolve("broken.jsonl");
        Files.writeString(broken, "not json\n");
        r = CliRun.of("compare-predictions", a.toString(), broken.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 1 is not JSON"), r.err());

        r = CliRun.of("compare-predictions", a.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("give two prediction files"), r.err());
    }
}
