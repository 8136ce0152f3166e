package io.maskwatch.onvif;

import static io.maskwatch.onvif.Soap.esc;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The Device service subset an event client needs: the clock, who we are, and where the services are. Only the
 * Device and Events services are advertised; there is no Media, PTZ, Imaging or Analytics service.
 */
final class DeviceService {

    /** What GetDeviceInformation answers. */
    record Info(String manufacturer, String model, String firmwareVersion, String serialNumber, String hardwareId) {
    }

    /** The ONVIF version the services claim in GetServices. */
    static final int VERSION_MAJOR = 2;
    static final int VERSION_MINOR = 60;
    /** Operations answered without a UsernameToken, as the ONVIF core spec requires. */
    static final List<String> UNAUTHENTICATED = List.of("GetSystemDateAndTime");

    private final Info info;
    private final Clock clock;
    private final EventService events;

    DeviceService(Info info, Clock clock, EventService events) {
        this.info = info;
        this.clock = clock;
        this.events = events;
    }

    /** @param base scheme, host and port the client reached us at, e.g. {@code http://10.0.0.5:8080} */
    String handle(Soap.Request req, String base) throws SoapFault {
        return switch (req.name()) {
            case "GetSystemDateAndTime" -> systemDateAndTime();
            case "GetDeviceInformation" -> "<tds:GetDeviceInformationResponse><tds:Manufacturer>" + esc(info.manufacturer())
                    + "</tds:Manufacturer><tds:Model>" + esc(info.model()) + "</tds:Model><tds:FirmwareVersion>"
                    + esc(info.firmwareVersion()) + "</tds:FirmwareVersion><tds:SerialNumber>" + esc(info.serialNumber())
                    + "</tds:SerialNumber><tds:HardwareId>" + esc(info.hardwareId()) + "</tds:HardwareId>"
                    + "</tds:GetDeviceInformationResponse>";
            case "GetCapabilities" -> capabilities(req, base);
            case "GetServices" -> services(req, base);
            case "GetScopes" -> "<tds:GetScopesResponse>" + scope("name/Maskwatch") + scope("hardware/" + info.hardwareId())
                    + "</tds:GetScopesResponse>";
            default -> throw SoapFault.actionNotSupported("the device service does not support " + req.name());
        };
    }

    private static String scope(String item) {
        return "<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef><tt:ScopeItem>onvif://www.onvif.org/" + esc(item)
                + "</tt:ScopeItem></tds:Scopes>";
    }

    private String systemDateAndTime() {
        ZonedDateTime t = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
        String dt = "<tt:Time><tt:Hour>" + t.getHour() + "</tt:Hour><tt:Minute>" + t.getMinute() + "</tt:Minute><tt:Second>"
                + t.getSecond() + "</tt:Second></tt:Time><tt:Date><tt:Year>" + t.getYear() + "</tt:Year><tt:Month>"
                + t.getMonthValue() + "</tt:Month><tt:Day>" + t.getDayOfMonth() + "</tt:Day></tt:Date>";
        return "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>Manual</tt:DateTimeType>"
                + "<tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone>"
                + "<tt:UTCDateTime>" + dt + "</tt:UTCDateTime><tt:LocalDateTime>" + dt + "</tt:LocalDateTime>"
                + "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>";
    }

    private String capabilities(Soap.Request req, String base) throws SoapFault {
        List<String> categories = Soap.children(req.operation(), Soap.TDS, "Category").stream()
                .map(e -> e.getTextContent().strip()).toList();
        boolean all = categories.isEmpty() || categories.contains("All");
        boolean device = all || categories.contains("Device");
        boolean ev = all || categories.contains("Events");
        if (!device && !ev) {
            throw new SoapFault("env:Receiver", List.of("ter:ActionNotSupported", "ter:NoSuchService"),
                    "only the Device and Events capabilities exist here", 500);
        }
        StringBuilder b = new StringBuilder("<tds:GetCapabilitiesResponse><tds:Capabilities>");
        if (device) {
            b.append("<tt:Device><tt:XAddr>").append(esc(base + OnvifServlet.DEVICE)).append("</tt:XAddr></tt:Device>");
        }
        if (ev) {
            b.append("<tt:Events><tt:XAddr>").append(esc(base + OnvifServlet.EVENTS)).append("</tt:XAddr>")
                    .append("<tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport>")
                    .append("<tt:WSPullPointSupport>true</tt:WSPullPointSupport>")
                    .append("<tt:WSPausableSubscriptionManagerInterfaceSupport>false</tt:WSPausableSubscriptionManagerInterfaceSupport>")
                    .append("</tt:Events>");
        }
        return b.append("</tds:Capabilities></tds:GetCapabilitiesResponse>").toString();
    }

    private String services(Soap.Request req, String base) {
        String include = Soap.text(req.operation(), Soap.TDS, "IncludeCapability");
        boolean withCapabilities = "true".equals(include) || "1".equals(include); // xs:boolean
        String version = "<tds:Version><tt:Major>" + VERSION_MAJOR + "</tt:Major><tt:Minor>" + VERSION_MINOR
                + "</tt:Minor></tds:Version>";
        return "<tds:GetServicesResponse>"
                + "<tds:Service><tds:Namespace>" + Soap.TDS + "</tds:Namespace><tds:XAddr>" + esc(base + OnvifServlet.DEVICE)
                + "</tds:XAddr>" + version + "</tds:Service>"
                + "<tds:Service><tds:Namespace>" + Soap.TEV + "</tds:Namespace><tds:XAddr>" + esc(base + OnvifServlet.EVENTS)
                + "</tds:XAddr>" + (withCapabilities ? "<tds:Capabilities>" + events.capabilitiesElement() + "</tds:Capabilities>" : "")
                + version + "</tds:Service>"
                + "</tds:GetServicesResponse>";
    }
}
