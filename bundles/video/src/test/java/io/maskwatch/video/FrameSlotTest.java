package io.maskwatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.Arena;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameSlotTest {

    private static VideoFrame filled(FrameSlot slot, Arena arena, long number) {
        VideoFrame f = slot.acquire(4, 2);
        f.fill(new Picture(4, 2, 12, arena.allocate(24), number), number, Instant.EPOCH, 0);
        return f;
    }

    @Test
    void newerFrameReplacesAnUnconsumedOneAndCountsTheDrop() throws InterruptedException {
        try (FrameSlot slot = new FrameSlot(); Arena arena = Arena.ofConfined()) {
            slot.publish(filled(slot, arena, 1));
            slot.publish(filled(slot, arena, 2));
            slot.publish(filled(slot, arena, 3));
            VideoFrame f = slot.take(1, TimeUnit.SECONDS);
            assertEquals(3, f.number());
            assertEquals(2, slot.dropped());
            slot.release(f);
            assertNull(slot.take(10, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void buffersAreReused() throws InterruptedException {
        try (FrameSlot slot = new FrameSlot(); Arena arena = Arena.ofConfined()) {
            VideoFrame a = filled(slot, arena, 1);
            slot.publish(a);
            VideoFrame taken = slot.take(1, TimeUnit.SECONDS);
            slot.release(taken);
            assertSame(a, slot.acquire(4, 2));
        }
    }

    @Test
    void closeFreesTheBuffersAndAFrameOutWithTheConsumerIsFreedOnReturn() throws InterruptedException {
        FrameSlot slot = new FrameSlot();
        try (Arena arena = Arena.ofConfined()) {
            slot.publish(filled(slot, arena, 1));
            VideoFrame taken = slot.take(1, TimeUnit.SECONDS);
            VideoFrame waiting = filled(slot, arena, 2);
            slot.publish(waiting);
            slot.close();
            assertFalse(waiting.bgr().pixels().scope().isAlive(), "the unconsumed frame is freed by close");
            assertTrue(taken.bgr().pixels().scope().isAlive(), "the consumer's frame stays valid until it is handed back");
            slot.release(taken);
            assertFalse(taken.bgr().pixels().scope().isAlive());
        }
    }

    @Test
    void closeWakesAWaitingConsumer() throws InterruptedException {
        FrameSlot slot = new FrameSlot();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slot.close();
        });
        assertNull(slot.take(5, TimeUnit.SECONDS));
        t.join();
    }
}
