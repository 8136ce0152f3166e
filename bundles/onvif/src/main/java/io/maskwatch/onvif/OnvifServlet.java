package io.maskwatch.onvif;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * SOAP over HTTP POST under {@code /onvif/}: {@value #DEVICE}, {@value #EVENTS} and each subscription's
 * {@value #SUBSCRIPTION}{@code <id>}. Requests over {@value #MAX_REQUEST} bytes are refused with 413 (read and
 * discarded up to {@value #MAX_DRAINED} bytes, so that a client still writing its body gets the answer instead of a
 * reset connection; beyond that, unread); everything but
 * GetSystemDateAndTime needs the WS-Security UsernameToken; every failure is a SOAP fault with a one-line reason, never
 * a stack trace (that goes to the debug log).
 */
final class OnvifServlet extends HttpServlet {

    static final String DEVICE = "/onvif/device_service";
    static final String EVENTS = "/onvif/event_service";
    static final String SUBSCRIPTION = "/onvif/subscription/";
    static final int MAX_REQUEST = 1 << 20;
    /**
     * How much of an oversized body is read and thrown away before the 413 is sent. Closing with unread bytes in
     * the socket makes the TCP stack reset the connection, and a client that sent no {@code Expect: 100-continue}
     * (most ONVIF clients) loses the answer while still writing; a bounded drain keeps a hostile client from holding
     * the thread for long. Tomcat drains up to 2 MB by default for the same reason.
     */
    static final int MAX_DRAINED = 4 << 20;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");
    private static final Logger LOG = Logger.getLogger(OnvifServlet.class.getName());

    private final WsSecurity security;
    private final DeviceService device;
    private final EventService events;
    /** Why the service is not available (a bad configuration), or null when it is. */
    private final String unavailable;

    OnvifServlet(WsSecurity security, DeviceService device, EventService events, String unavailable) {
        this.security = security;
        this.device = device;
        this.events = events;
        this.unavailable = unavailable;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String body;
        int status = 200;
        try {
            body = Soap.envelope(answer(req));
        } catch (SoapFault f) {
            LOG.fine(() -> "onvif: fault to " + req.getRemoteAddr() + " for " + req.getRequestURI() + ": " + f.getMessage());
            body = Soap.fault(f);
            status = f.status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body = Soap.fault(SoapFault.internal("the event service is stopping"));
            status = 500;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "onvif: " + req.getRequestURI() + " failed: " + e, e);
            body = Soap.fault(SoapFault.internal("internal error; see the Maskwatch log"));
            status = 500;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        res.setStatus(status);
        res.setContentType(Soap.CONTENT_TYPE);
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }

    private String answer(HttpServletRequest req) throws SoapFault, IOException, InterruptedException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        long declared = req.getContentLengthLong();
        if (declared > MAX_REQUEST) {
            if (declared <= MAX_DRAINED) {
                drain(req.getInputStream(), MAX_DRAINED);
            }
            throw SoapFault.tooLarge("the request is larger than " + MAX_REQUEST + " bytes");
        }
        Soap.Request soap = Soap.parse(read(req.getInputStream()));
        boolean open = DEVICE.equals(path) && Soap.TDS.equals(soap.namespace())
                && DeviceService.UNAUTHENTICATED.contains(soap.name());
        if (unavailable != null && !open) {
            throw SoapFault.internal(unavailable);
        }
        if (!open) {
            security.check(soap.header());
        }
        String base = base(req);
        if (path.startsWith(SUBSCRIPTION)) {
            return events.handleSubscription(soap, path.substring(SUBSCRIPTION.length()));
        }
        return switch (path) {
            case DEVICE -> {
                if (!Soap.TDS.equals(soap.namespace())) {
                    throw SoapFault.actionNotSupported("the device service does not support " + soap.name()
                            + " of " + soap.namespace());
                }
                yield device.handle(soap, base);
            }
            case EVENTS -> {
                if (!Soap.TEV.equals(soap.namespace()) && !Soap.WSNT.equals(soap.namespace())) {
                    throw SoapFault.actionNotSupported("the event service does not support " + soap.name()
                            + " of " + soap.namespace());
                }
                yield events.handle(soap, base);
            }
            default -> throw SoapFault.actionNotSupported("no ONVIF service at " + path + "; the device service is at " + DEVICE);
        };
    }

    /** The body, or a fault once it passes the cap (a chunked request has no length to check up front). */
    private static byte[] read(InputStream in) throws IOException, SoapFault {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
            if (out.size() > MAX_REQUEST) {
                drain(in, MAX_DRAINED - out.size());
                throw SoapFault.tooLarge("the request is larger than " + MAX_REQUEST + " bytes");
            }
        }
        return out.toByteArray();
    }

    /** Reads and discards up to {@code limit} more bytes of the body, or to its end. */
    private static void drain(InputStream in, long limit) throws IOException {
        byte[] buf = new byte[8192];
        for (long left = limit; left > 0; ) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                return;
            }
            left -= n;
        }
    }

    /** Scheme, host and port as the client reached us (its Host header, when it is a plain host[:port]). */
    static String base(HttpServletRequest req) {
        String host = req.getHeader("Host");
        if (host == null || !HOST.matcher(host).matches()) {
            String addr = req.getLocalAddr();
            host = (addr.contains(":") ? "[" + addr + "]" : addr) + ":" + req.getLocalPort();
        }
        return req.getScheme() + "://" + host;
    }
}
