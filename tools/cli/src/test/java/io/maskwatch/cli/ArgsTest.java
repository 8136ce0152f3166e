package io.maskwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

    private static final Set<String> FLAGS = Set.of("--json", "--force");
    private static final Set<String> VALUED = Set.of("--data", "--epochs", "--lr", "--seed", "--sizes", "--widths");

    private static Args parse(String... argv) {
        return new Args(argv, FLAGS, VALUED);
    }

    private static String refusal(String... argv) {
        return assertThrows(UsageException.class, () -> parse(argv)).getMessage();
    }

    @Test
    void aValueFollowsTheOptionOrItsEqualsSign() {
        Args a = parse("--data", "faces", "--epochs=12", "--lr=", "--seed", "--json");
        assertEquals("faces", a.get("--data", null));
        assertEquals(12, a.integer("--epochs", 1));
        assertEquals("", a.get("--lr", "x"), "an empty value after = is a value");
        assertEquals("--json", a.get("--seed", null), "the word after a valued option is its value, whatever it looks like");
        assertFalse(a.flag("--json"));
    }

    @Test
    void onlyTheFirstEqualsSignSplits() {
        assertEquals("door=3", parse("--data=door=3").get("--data", null));
    }

    @Test
    void absentOptionsGiveTheFallback() {
        Args a = parse();
        assertEquals("dflt", a.get("--data", "dflt"));
        assertEquals(null, a.get("--data", null));
        assertEquals(List.of(), a.all("--data"));
        assertEquals(7, a.integer("--epochs", 7));
        assertEquals(42L, a.longInteger("--seed", 42L));
        assertEquals(0.5, a.number("--lr", 0.5));
        assertFalse(a.flag("--force"));
    }

    @Test
    void repeatsKeepEveryValueInOrderAndTheLastWins() {
        Args a = parse("--data", "a", "--data=b", "--epochs", "1", "--data", "c", "--epochs", "3");
        assertEquals(List.of("a", "b", "c"), a.all("--data"));
        assertEquals("c", a.get("--data", null));
        assertEquals(3, a.integer("--epochs", 0));
    }

    @Test
    void flagsAreOnWhenGivenOnceOrMore() {
        Args a = parse("--force", "--force");
        assertTrue(a.flag("--force"));
        assertFalse(a.flag("--json"));
    }

    @Test
    void aFlagTakesNoValue() {
        assertEquals("--force takes no value; give just --force", refusal("--force=false"));
    }

    @Test
    void unknownOptionsAreRefusedWithWhereToLook() {
        assertEquals("unknown option --fast; run bin/maskwatch --help", refusal("--fast"));
        assertEquals("unknown option --fast; run bin/maskwatch --help", refusal("--fast=1", "x"));
        assertEquals("unknown option --; run bin/maskwatch --help", refusal("--"));
    }

    @Test
    void aValuedOptionAtTheEndNeedsItsValue() {
        assertEquals("--data needs a value", refusal("x", "--data"));
    }

    @Test
    void numbersAreCheckedWhenAskedFor() {
        Args a = parse("--epochs", "many", "--lr", "fast", "--seed", "12345678901");
        assertEquals("--epochs must be an integer, got 'many'",
                assertThrows(UsageException.class, () -> a.integer("--epochs", 1)).getMessage());
        assertEquals("--lr must be a number, got 'fast'",
                assertThrows(UsageException.class, () -> a.number("--lr", 1)).getMessage());
        assertEquals("--seed must be an integer, got '12345678901'",
                assertThrows(UsageException.class, () -> a.integer("--seed", 1)).getMessage(), "beyond int");
        assertEquals(12345678901L, a.longInteger("--seed", 0));
        assertEquals(2e-3, parse("--lr", "2e-3").number("--lr", 0));
        assertEquals(1.0, parse("--lr", "1").number("--lr", 0));
    }

    @Test
    void listsAreCommaSeparatedAndEveryItemIsChecked() {
        assertEquals(List.of(96, 112), parse("--sizes", "96, 112").integers("--sizes", List.of()));
        assertEquals(List.of(0.5, 1.0), parse("--widths", "0.5,1").numbers("--widths", List.of()));
        assertEquals(List.of(7), parse().integers("--sizes", List.of(7)), "absent: the fallback");
        assertEquals("--sizes must be a comma-separated list of integers, got '96,x'",
                assertThrows(UsageException.class, () -> parse("--sizes", "96,x").integers("--sizes", List.of())).getMessage());
        assertThrows(UsageException.class, () -> parse("--widths", "0.5,").numbers("--widths", List.of()), "an empty item");
    }

    @Test
    void positionalsKeepTheirOrderAmongOptions() {
        Args a = parse("one.jpg", "--json", "-", "--data", "d", "-x", "two.jpg");
        assertEquals(List.of("one.jpg", "-", "-x", "two.jpg"), a.positionals());
        assertTrue(a.flag("--json"));
        assertEquals("d", a.get("--data", null));
    }

    @Test
    void anOptionCannotBeBothFlagAndValued() {
        assertThrows(IllegalArgumentException.class, () -> new Args(new String[0], Set.of("--x"), Set.of("--x")));
    }

    @Test
    void pathIsTheLastValueOrNull() {
        Args a = new Args(new String[] {"--out", "a", "--out=b/c"}, Set.of(), Set.of("--out", "--log"));
        assertEquals(Path.of("b/c"), a.path("--out"));
        assertNull(a.path("--log"));
    }
}
