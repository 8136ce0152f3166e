package io.maskwatch.analytics;

import java.util.Map;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One configured camera. A configuration that fails validation leaves the camera in ERROR with the
 * message (so consoles and the status API show it) rather than failing the component. A change of
 * thresholds, debounce, cooldown, region or snapshots applies at the next frame; a change of source,
 * fps, device or enabled restarts the pipeline.
 */
@Component(configurationPid = CameraSettings.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = Config.class, factory = true)
public final class CameraComponent {

    private static final Logger LOG = Logger.getLogger(CameraComponent.class.getName());

    private final Hub hub;
    private final String pid;
    private Pipeline pipeline;

    @Activate
    public CameraComponent(@Reference Hub hub, Map<String, Object> properties) {
        this.hub = hub;
        this.pid = String.valueOf(properties.get("service.pid"));
        pipeline = create(properties);
    }

    private Pipeline create(Map<String, Object> properties) {
        Pipeline p;
        try {
            p = hub.pipeline(CameraSettings.parse(properties));
        } catch (IllegalArgumentException e) {
            LOG.warning("camera configuration " + pid + ": " + e.getMessage());
            p = hub.invalid(pid, properties, e.getMessage());
        }
        hub.add(pid, p);
        p.start();
        return p;
    }

    @Modified
    void modified(Map<String, Object> properties) {
        CameraSettings next;
        try {
            next = CameraSettings.parse(properties);
        } catch (IllegalArgumentException e) {
            replace(properties);
            return;
        }
        CameraSettings now = pipeline.settings();
        if (now == null || !now.id().equals(next.id()) || now.needsRestart(next)) {
            replace(properties);
        } else {
            pipeline.update(next);
            LOG.info("camera " + next.id() + ": settings updated live");
        }
    }

    private void replace(Map<String, Object> properties) {
        hub.remove(pid, pipeline);
        pipeline.close();
        pipeline = create(properties);
    }

    @Deactivate
    void deactivate() {
        hub.remove(pid, pipeline);
        pipeline.close();
    }
}
