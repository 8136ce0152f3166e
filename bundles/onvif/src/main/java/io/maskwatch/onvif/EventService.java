package io.maskwatch.onvif;

import static io.maskwatch.onvif.Soap.esc;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The Event service with PullPoint subscriptions only: GetServiceCapabilities, GetEventProperties and
 * CreatePullPointSubscription at the event service address; PullMessages, Renew, Unsubscribe and
 * SetSynchronizationPoint at each subscription's own address, {@code /onvif/subscription/<id>}. No
 * WS-BaseNotification Subscribe (push to a consumer), no Seek, no Pause.
 */
final class EventService {

    /** PullMessages waits at most this long, whatever the client asks (it blocks one HTTP thread meanwhile). */
    static final Duration MAX_PULL = Duration.ofSeconds(60);
    static final int MAX_MESSAGE_LIMIT = 1000;

    private final EventSource source;

    EventService(EventSource source) {
        this.source = source;
    }

    String handle(Soap.Request req, String base) throws SoapFault, InterruptedException {
        return switch (req.name()) {
            case "GetServiceCapabilities" -> "<tev:GetServiceCapabilitiesResponse>" + capabilitiesElement()
                    + "</tev:GetServiceCapabilitiesResponse>";
            case "GetEventProperties" -> eventProperties();
            case "CreatePullPointSubscription" -> create(req, base);
            default -> throw SoapFault.actionNotSupported("the event service does not support " + req.name()
                    + (subscriptionOperation(req.name()) ? " at this address; use the subscription's address" : ""));
        };
    }

    static boolean subscriptionOperation(String name) {
        return switch (name) {
            case "PullMessages", "Renew", "Unsubscribe", "SetSynchronizationPoint" -> true;
            default -> false;
        };
    }

    /** An operation on the subscription of that id. */
    String handleSubscription(Soap.Request req, String id) throws SoapFault, InterruptedException {
        if (!subscriptionOperation(req.name())) {
            throw SoapFault.actionNotSupported("a subscription does not support " + req.name());
        }
        Subscription s = source.get(id);
        Instant now = source.clock().instant();
        return switch (req.name()) {
            case "PullMessages" -> pull(req, s);
            case "Renew" -> {
                Instant t = source.renew(s, termination(Soap.text(req.operation(), Soap.WSNT, "TerminationTime"), now));
                yield "<wsnt:RenewResponse><wsnt:TerminationTime>" + time(t) + "</wsnt:TerminationTime><wsnt:CurrentTime>"
                        + time(now) + "</wsnt:CurrentTime></wsnt:RenewResponse>";
            }
            case "Unsubscribe" -> {
                source.unsubscribe(s);
                yield "<wsnt:UnsubscribeResponse/>";
            }
            default -> {
                source.synchronize(s);
                yield "<tev:SetSynchronizationPointResponse/>";
            }
        };
    }

    String capabilitiesElement() {
        return "<tev:Capabilities WSSubscriptionPolicySupport=\"false\" WSPullPointSupport=\"true\""
                + " WSPausableSubscriptionManagerInterfaceSupport=\"false\" MaxNotificationProducers=\"0\" MaxPullPoints=\""
                + source.maxSubscriptions() + "\" PersistentNotificationStorage=\"false\"/>";
    }

    private static String eventProperties() {
        return "<tev:GetEventPropertiesResponse>"
                + "<tev:TopicNamespaceLocation>http://www.onvif.org/onvif/ver10/topics/topicns.xml</tev:TopicNamespaceLocation>"
                + "<wsnt:FixedTopicSet>true</wsnt:FixedTopicSet>"
                + "<wstop:TopicSet><tns1:RuleEngine><tns1:MaskDetector><tns1:NoMask wstop:topic=\"true\">"
                + "<tt:MessageDescription IsProperty=\"true\">"
                + "<tt:Source><tt:SimpleItemDescription Name=\"VideoSource\" Type=\"xs:string\"/>"
                + "<tt:SimpleItemDescription Name=\"Rule\" Type=\"xs:string\"/></tt:Source>"
                + "<tt:Data><tt:SimpleItemDescription Name=\"State\" Type=\"xs:boolean\"/></tt:Data>"
                + "</tt:MessageDescription></tns1:NoMask></tns1:MaskDetector></tns1:RuleEngine></wstop:TopicSet>"
                + "<wsnt:TopicExpressionDialect>" + Topics.CONCRETE_SET + "</wsnt:TopicExpressionDialect>"
                + "<wsnt:TopicExpressionDialect>" + Topics.CONCRETE + "</wsnt:TopicExpressionDialect>"
                + "<tev:MessageContentFilterDialect>http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter</tev:MessageContentFilterDialect>"
                + "<tev:MessageContentSchemaLocation>http://www.onvif.org/onvif/ver10/schema/onvif.xsd</tev:MessageContentSchemaLocation>"
                + "</tev:GetEventPropertiesResponse>";
    }

    private String create(Soap.Request req, String base) throws SoapFault {
        Instant now = source.clock().instant();
        Instant requested = termination(Soap.text(req.operation(), Soap.TEV, "InitialTerminationTime"), now);
        Subscription s = source.subscribe(requested, Topics.wanted(Soap.child(req.operation(), Soap.TEV, "Filter")));
        return "<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>"
                + esc(base + OnvifServlet.SUBSCRIPTION + s.id()) + "</wsa:Address></tev:SubscriptionReference>"
                + "<wsnt:CurrentTime>" + time(now) + "</wsnt:CurrentTime><wsnt:TerminationTime>" + time(s.termination())
                + "</wsnt:TerminationTime></tev:CreatePullPointSubscriptionResponse>";
    }

    private String pull(Soap.Request req, Subscription s) throws SoapFault, InterruptedException {
        Element op = req.operation();
        String timeoutText = Soap.text(op, Soap.TEV, "Timeout");
        String limitText = Soap.text(op, Soap.TEV, "MessageLimit");
        if (timeoutText == null || limitText == null) {
            throw SoapFault.invalidArg("PullMessages needs a Timeout and a MessageLimit");
        }
        Duration timeout = duration(timeoutText);
        int limit;
        try {
            limit = Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            throw SoapFault.invalidArg("MessageLimit is not a number: " + limitText);
        }
        if (timeout == null || timeout.isNegative() || limit < 1) {
            throw SoapFault.invalidArg("PullMessages needs a Timeout of 0 or more and a MessageLimit of 1 or more");
        }
        Instant start = source.clock().instant();
        long wait = Math.min(Math.min(timeout.toMillis(), MAX_PULL.toMillis()),
                Math.max(0, Duration.between(start, s.termination()).toMillis()));
        List<Notification> messages = s.pull(Math.min(limit, MAX_MESSAGE_LIMIT), wait);
        Instant now = source.clock().instant();
        StringBuilder b = new StringBuilder("<tev:PullMessagesResponse><tev:CurrentTime>").append(time(now))
                .append("</tev:CurrentTime><tev:TerminationTime>").append(time(s.termination())).append("</tev:TerminationTime>");
        for (Notification n : messages) {
            b.append(message(n));
        }
        return b.append("</tev:PullMessagesResponse>").toString();
    }

    /** One wsnt:NotificationMessage (the format is documented in the README's ONVIF section). */
    static String message(Notification n) {
        return "<wsnt:NotificationMessage><wsnt:Topic Dialect=\"" + Topics.CONCRETE_SET + "\">" + Topics.TOPIC
                + "</wsnt:Topic><wsnt:Message><tt:Message UtcTime=\"" + n.time().truncatedTo(ChronoUnit.MILLIS)
                + "\" PropertyOperation=\"" + n.operation() + "\"><tt:Source>"
                + "<tt:SimpleItem Name=\"VideoSource\" Value=\"" + esc(n.camera()) + "\"/>"
                + "<tt:SimpleItem Name=\"Rule\" Value=\"" + Topics.RULE + "\"/></tt:Source>"
                + "<tt:Data><tt:SimpleItem Name=\"State\" Value=\"" + n.state() + "\"/></tt:Data>"
                + "</tt:Message></wsnt:Message></wsnt:NotificationMessage>";
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * A termination time as the client wrote it: an xs:dateTime, or an xs:duration from now (PT60S); null for
     * absent.
     */
    static Instant termination(String text, Instant now) throws SoapFault {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.startsWith("P") || text.startsWith("-P")) {
            Duration d = duration(text);
            if (d == null) {
                throw SoapFault.invalidArg("the termination time is not a duration (PT60S) or a dateTime: " + text);
            }
            return now.plus(d);
        }
        Instant t = WsSecurity.instant(text);
        if (t == null) {
            throw SoapFault.invalidArg("the termination time is not a duration (PT60S) or a dateTime: " + text);
        }
        return t;
    }

    /** An xs:duration without years or months, or null. */
    static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
