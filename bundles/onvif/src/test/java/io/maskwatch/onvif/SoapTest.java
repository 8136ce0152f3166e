package io.maskwatch.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Parsing refuses what could reach outside or blow up; faults and messages are well-formed XML. */
class SoapTest {

    @TempDir
    Path dir;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void externalEntitiesAndEntityBombsAreRefusedBeforeAnythingIsRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]><e:Envelope xmlns:e=\""
                + Soap.ENV + "\"><e:Body><a>&x;</a></e:Body></e:Envelope>";
        SoapFault f = assertThrows(SoapFault.class, () -> Soap.parse(bytes(xxe)));
        assertEquals("ter:WellFormed", f.subcodes().getFirst());
        assertEquals("DTDs are not accepted", f.getMessage());
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><l>&c;</l>";
        assertEquals("DTDs are not accepted", assertThrows(SoapFault.class, () -> Soap.parse(bytes(bomb))).getMessage());
    }

    @Test
    void whatIsNotASoap12EnvelopeIsAFault() {
        assertEquals("env:VersionMismatch", assertThrows(SoapFault.class, () -> Soap.parse(bytes(
                "<s:Envelope xmlns:s=\"" + Soap.ENV11 + "\"><s:Body><x/></s:Body></s:Envelope>"))).code());
        assertTrue(assertThrows(SoapFault.class, () -> Soap.parse(bytes("<html>"))).getMessage().contains("not well-formed"));
        assertTrue(assertThrows(SoapFault.class, () -> Soap.parse(bytes("<a/>"))).getMessage().contains("not a SOAP 1.2"));
        assertTrue(assertThrows(SoapFault.class, () -> Soap.parse(bytes("<s:Envelope xmlns:s=\"" + Soap.ENV
                + "\"><s:Body/></s:Envelope>"))).getMessage().contains("Body is empty"));
        assertThrows(SoapFault.class, () -> Soap.parse(new byte[0]));
    }

    @Test
    void aFaultIsWellFormedWithItsSubcodesAndAnEscapedReason() throws Exception {
        String xml = Soap.fault(SoapFault.unknownSubscription("no <such> & \"thing\"\u0001"));
        Document d = Soap.builder().parse(new ByteArrayInputStream(bytes(xml)));
        assertEquals("env:Sender", d.getElementsByTagNameNS(Soap.ENV, "Value").item(0).getTextContent());
        assertEquals(2, d.getElementsByTagNameNS(Soap.ENV, "Subcode").getLength());
        assertEquals("no <such> & \"thing\"?", d.getElementsByTagNameNS(Soap.ENV, "Text").item(0).getTextContent());
    }

    @Test
    void aNotificationMessageEscapesTheCameraId() throws Exception {
        String xml = Soap.envelope(EventService.message(new Notification("a\"<b>&", true,
                java.time.Instant.parse("2026-03-01T12:00:00.123456Z"), Notification.Operation.Changed)));
        Document d = Soap.builder().parse(new ByteArrayInputStream(bytes(xml)));
        var items = d.getElementsByTagNameNS(Soap.TT, "SimpleItem");
        assertEquals("a\"<b>&", ((org.w3c.dom.Element) items.item(0)).getAttribute("Value"));
        assertEquals("true", ((org.w3c.dom.Element) items.item(2)).getAttribute("Value"));
        assertFalse(xml.contains("123456"), "UtcTime in milliseconds");
    }
}
