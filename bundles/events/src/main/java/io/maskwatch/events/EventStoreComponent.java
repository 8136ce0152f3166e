package io.maskwatch.events;

import io.maskwatch.api.EventQuery;
import io.maskwatch.api.EventStore;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.datadir.DataDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The {@link EventStore} service, with retention run in the background. */
@Component(service = EventStore.class, configurationPid = EventStoreComponent.PID)
@Designate(ocd = EventStoreComponent.Config.class)
public final class EventStoreComponent implements EventStore {

    public static final String PID = "io.maskwatch.events";
    private static final Logger LOG = Logger.getLogger(EventStoreComponent.class.getName());

    /** A double underscore in a method name is one underscore in the property name (DS and Metatype name mapping): data_dir, ... */
    @ObjectClassDefinition(name = "Maskwatch event store", description = "Where no_mask events and their snapshots are kept, and for how long.")
    @interface Config {
        @AttributeDefinition(name = "Data directory", description = "Empty: the property maskwatch.data, else $MASKWATCH_DATA, else <maskwatch.home>/.maskwatch/data")
        String data__dir() default "";

        @AttributeDefinition(name = "Retention (days)", description = "Delete events older than this; 0 keeps them", min = "0")
        int retention__days() default 30;

        @AttributeDefinition(name = "Maximum size (MB)", description = "Delete the oldest events while the database and snapshots exceed this; 0 is unlimited", min = "0")
        long max__size__mb() default 10_240;

        @AttributeDefinition(name = "Retention interval (minutes)", min = "1")
        int retention__interval__minutes() default 10;
    }

    private SqliteEventStore store;
    private ScheduledExecutorService retention;

    /** @param context null outside a framework (tests); its properties may name the data directory */
    @Activate
    void activate(BundleContext context, Config config) {
        if (config.retention__days() < 0) {
            throw new IllegalArgumentException("retention_days must not be negative");
        }
        if (config.max__size__mb() < 0) {
            throw new IllegalArgumentException("max_size_mb must not be negative");
        }
        store = new SqliteEventStore(DataDirectory.resolve(config.data__dir(),
                context == null ? System::getProperty : context::getProperty));
        retention = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maskwatch-event-retention");
            t.setDaemon(true);
            return t;
        });
        retention.execute(() -> {
            try {
                int n = store.sweepSnapshots(java.time.Duration.ofMinutes(10));
                if (n > 0) {
                    LOG.info(() -> "deleted " + n + " snapshot files that no event names");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "snapshot sweep failed: " + e.getMessage(), e);
            }
        });
        long every = Math.max(1, config.retention__interval__minutes());
        retention.scheduleWithFixedDelay(() -> {
            try {
                int n = store.retain(Instant.now(), config.retention__days(), config.max__size__mb() * 1024 * 1024);
                if (n > 0) {
                    LOG.info(() -> "retention deleted " + n + " events");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event retention failed: " + e.getMessage(), e);
            }
        }, 0, every, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        retention.shutdownNow();
        retention.awaitTermination(10, TimeUnit.SECONDS);
        store.close();
    }

    SqliteEventStore store() {
        return store;
    }

    @Override
    public MaskEvent write(MaskEvent event, byte[] faceJpeg, byte[] frameJpeg) {
        return store.write(event, faceJpeg, frameJpeg);
    }

    @Override
    public Optional<MaskEvent> get(String id) {
        return store.get(id);
    }

    @Override
    public List<MaskEvent> search(EventQuery query) {
        return store.search(query);
    }

    @Override
    public long count(EventQuery query) {
        return store.count(query);
    }

    @Override
    public Optional<byte[]> snapshot(String id, boolean fullFrame) {
        return store.snapshot(id, fullFrame);
    }
}
