package io.maskwatch.onvif;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * WS-Security UsernameToken, as ONVIF requires of every operation but GetSystemDateAndTime: the configured user
 * name, and either PasswordDigest ({@code Base64(SHA-1(nonce + created + password))}) or PasswordText. A digest must
 * carry a Nonce and a Created time within {@link #SKEW} of this clock (both ways), and a nonce is accepted once
 * within that window (a replayed request is refused). Every refusal is a {@code ter:NotAuthorized} fault with the
 * same reason, whether the user, the password or the nonce was wrong; only a Created time outside the window gets its
 * own reason (it points at the clock, and says nothing about the password). Thread-safe.
 */
final class WsSecurity {

    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static final String DIGEST = "#PasswordDigest";
    /** How far a digest's Created may be from this clock, either way. */
    static final Duration SKEW = Duration.ofMinutes(5);
    /** Nonces remembered for replay detection; the oldest is forgotten first (a flood can only push out old ones). */
    static final int NONCES = 10_000;
    private static final String REFUSED = "the WS-Security UsernameToken is missing or wrong";

    private final byte[] username;
    private final byte[] password;
    private final Clock clock;
    private final Map<String, Instant> nonces = new LinkedHashMap<>();

    WsSecurity(String username, String password, Clock clock) {
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** @param header the SOAP header, or null */
    void check(Element header) throws SoapFault {
        Element token = Soap.child(Soap.child(header, WSSE, "Security"), WSSE, "UsernameToken");
        if (token == null) {
            throw SoapFault.notAuthorized("sign in: a WS-Security UsernameToken is required");
        }
        String user = Soap.text(token, WSSE, "Username");
        Element pw = Soap.child(token, WSSE, "Password");
        if (user == null || pw == null) {
            throw SoapFault.notAuthorized(REFUSED);
        }
        boolean userOk = MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
        String given = pw.getTextContent().strip();
        boolean passwordOk;
        if (pw.getAttribute("Type").endsWith(DIGEST)) {
            passwordOk = digestMatches(given, Soap.text(token, WSSE, "Nonce"), Soap.text(token, WSU, "Created"));
        } else {
            passwordOk = MessageDigest.isEqual(password, given.getBytes(StandardCharsets.UTF_8));
        }
        if (!(userOk & passwordOk)) {
            throw SoapFault.notAuthorized(REFUSED);
        }
    }

    private boolean digestMatches(String digest, String nonce, String created) throws SoapFault {
        if (nonce == null || created == null) {
            return false;
        }
        Instant at = instant(created);
        Instant now = clock.instant();
        if (at == null || at.isBefore(now.minus(SKEW)) || at.isAfter(now.plus(SKEW))) {
            throw SoapFault.notAuthorized("the UsernameToken's Created time is more than " + SKEW.toMinutes()
                    + " minutes from this device's clock (see GetSystemDateAndTime)");
        }
        byte[] nonceBytes;
        byte[] expected;
        try {
            nonceBytes = Base64.getMimeDecoder().decode(nonce);
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonceBytes);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password);
            expected = sha1.digest();
        } catch (IllegalArgumentException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from the JDK", e);
        }
        byte[] given;
        try {
            given = Base64.getMimeDecoder().decode(digest);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!MessageDigest.isEqual(expected, given)) {
            return false;
        }
        return firstUse(nonce, now);
    }

    /** Whether the nonce was not seen within the window; remembers it. */
    private synchronized boolean firstUse(String nonce, Instant now) {
        Instant horizon = now.minus(SKEW.multipliedBy(2));
        for (Iterator<Instant> it = nonces.values().iterator(); it.hasNext(); ) {
            Instant seen = it.next();
            if (seen.isBefore(horizon) || nonces.size() >= NONCES) {
                it.remove();
            } else {
                break;
            }
        }
        return nonces.putIfAbsent(nonce, now) == null;
    }

    /** xs:dateTime, with or without an offset (none: UTC), or null. */
    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
