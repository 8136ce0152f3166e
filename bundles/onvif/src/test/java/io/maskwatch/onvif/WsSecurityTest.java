package io.maskwatch.onvif;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The UsernameToken check, with digests computed here the way WS-Security's UsernameToken Profile defines them. */
class WsSecurityTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    final MutableClock clock = new MutableClock(NOW);
    final WsSecurity security = new WsSecurity("admin", "pa55 word", clock);

    static String digest(byte[] nonce, String created, String password) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(nonce);
        sha1.update(created.getBytes(StandardCharsets.UTF_8));
        sha1.update(password.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    static Soap.Request signed(String user, String password, String created, byte[] nonce) throws Exception {
        return request("<wsse:UsernameToken><wsse:Username>" + user + "</wsse:Username><wsse:Password Type=\""
                + "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest\">"
                + digest(nonce, created, password) + "</wsse:Password><wsse:Nonce EncodingType=\"http://docs.oasis-open.org/wss/"
                + "2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary\">" + Base64.getEncoder().encodeToString(nonce)
                + "</wsse:Nonce><wsu:Created>" + created + "</wsu:Created></wsse:UsernameToken>");
    }

    static Soap.Request request(String token) throws SoapFault {
        return Soap.parse(("<s:Envelope xmlns:s=\"" + Soap.ENV + "\" xmlns:wsse=\"" + WsSecurity.WSSE + "\" xmlns:wsu=\""
                + WsSecurity.WSU + "\"><s:Header><wsse:Security s:mustUnderstand=\"true\">" + token
                + "</wsse:Security></s:Header><s:Body><tds:GetDeviceInformation xmlns:tds=\"" + Soap.TDS
                + "\"/></s:Body></s:Envelope>").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFreshDigestOfTheRightPasswordPassesOnceAndOnlyOnce() throws Exception {
        Soap.Request r = signed("admin", "pa55 word", "2026-03-01T11:58:30Z", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertDoesNotThrow(() -> security.check(r.header()));
        SoapFault replay = assertThrows(SoapFault.class, () -> security.check(r.header()), "a replayed nonce is refused");
        assertEquals("ter:NotAuthorized", replay.subcodes().getFirst());
        assertDoesNotThrow(() -> security.check(signed("admin", "pa55 word", "2026-03-01T12:04:00.123Z", new byte[] {9}).header()),
                "a clock a little ahead, with milliseconds");
    }

    @Test
    void aWrongPasswordOrUserIsNotAuthorized() throws Exception {
        for (Soap.Request r : new Soap.Request[] {signed("admin", "pa55 wore", "2026-03-01T12:00:00Z", new byte[] {1}),
                signed("Admin", "pa55 word", "2026-03-01T12:00:00Z", new byte[] {2}), request(""),
                Soap.parse(("<s:Envelope xmlns:s=\"" + Soap.ENV + "\"><s:Body><x/></s:Body></s:Envelope>").getBytes())}) {
            SoapFault f = assertThrows(SoapFault.class, () -> security.check(r.header()));
            assertEquals("env:Sender", f.code());
            assertEquals("ter:NotAuthorized", f.subcodes().getFirst());
            assertEquals(400, f.status());
        }
    }

    @Test
    void aDigestCreatedMoreThanFiveMinutesAwayIsRefusedWithAHintAtTheClock() throws Exception {
        Soap.Request old = signed("admin", "pa55 word", "2026-03-01T11:54:59Z", new byte[] {3});
        SoapFault f = assertThrows(SoapFault.class, () -> security.check(old.header()));
        assertTrue(f.getMessage().contains("GetSystemDateAndTime"), f.getMessage());
        Soap.Request future = signed("admin", "pa55 word", "2026-03-01T12:05:01Z", new byte[] {4});
        assertThrows(SoapFault.class, () -> security.check(future.header()));
        clock.advance(Duration.ofSeconds(2));
        assertDoesNotThrow(() -> security.check(future.header()), "within the window once the clock caught up");
    }

    @Test
    void passwordTextIsAcceptedToo() throws Exception {
        String text = "<wsse:UsernameToken><wsse:Username>admin</wsse:Username><wsse:Password Type=\"http://docs.oasis-open.org/wss/"
                + "2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText\">%s</wsse:Password></wsse:UsernameToken>";
        assertDoesNotThrow(() -> security.check(request(text.formatted("pa55 word")).header()));
        assertThrows(SoapFault.class, () -> security.check(request(text.formatted("pa55")).header()));
    }
}
