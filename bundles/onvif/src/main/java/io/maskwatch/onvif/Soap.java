package io.maskwatch.onvif;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * SOAP 1.2 in and out with the JDK's DOM: requests are parsed with DTDs refused outright (so no external entity, no
 * entity expansion), responses are written from text with every value escaped by {@link #esc}.
 */
final class Soap {

    static final String ENV = "http://www.w3.org/2003/05/soap-envelope";
    static final String ENV11 = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String TDS = "http://www.onvif.org/ver10/device/wsdl";
    static final String TEV = "http://www.onvif.org/ver10/events/wsdl";
    static final String TT = "http://www.onvif.org/ver10/schema";
    static final String WSNT = "http://docs.oasis-open.org/wsn/b-2";
    static final String WSA = "http://www.w3.org/2005/08/addressing";
    static final String TNS1 = "http://www.onvif.org/ver10/topics";
    static final String CONTENT_TYPE = "application/soap+xml; charset=utf-8";

    /** Namespaces declared on every response envelope. */
    private static final String DECLARATIONS = " xmlns:env=\"" + ENV + "\" xmlns:tt=\"" + TT + "\" xmlns:tds=\"" + TDS
            + "\" xmlns:tev=\"" + TEV + "\" xmlns:wsnt=\"" + WSNT + "\" xmlns:wsa=\"" + WSA
            + "\" xmlns:wstop=\"http://docs.oasis-open.org/wsn/t-1\" xmlns:tns1=\"" + TNS1
            + "\" xmlns:ter=\"http://www.onvif.org/ver10/error\" xmlns:wsrf-rw=\"http://docs.oasis-open.org/wsrf/rw-2\""
            + " xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"";

    /** A parsed request: the SOAP header (or null) and the operation, the body's first element. */
    record Request(Element header, Element operation) {

        String name() {
            return operation.getLocalName();
        }

        String namespace() {
            return operation.getNamespaceURI();
        }
    }

    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private Soap() {
    }

    static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(QUIET); // the default one prints "[Fatal Error]" lines to stderr
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a security feature: " + e.getMessage(), e);
        }
    }

    static Request parse(byte[] xml) throws SoapFault {
        Document doc;
        try {
            doc = builder().parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            if (m.contains("DOCTYPE")) {
                throw SoapFault.wellFormed("DTDs are not accepted");
            }
            throw SoapFault.wellFormed("the request is not well-formed XML (line " + e.getLineNumber() + ")");
        } catch (SAXException | IOException e) {
            throw SoapFault.wellFormed("the request is not well-formed XML");
        }
        Element env = doc.getDocumentElement();
        if (ENV11.equals(env.getNamespaceURI()) && "Envelope".equals(env.getLocalName())) {
            throw new SoapFault("env:VersionMismatch", List.of(), "SOAP 1.2 only (namespace " + ENV + ")", 400);
        }
        if (!ENV.equals(env.getNamespaceURI()) || !"Envelope".equals(env.getLocalName())) {
            throw SoapFault.wellFormed("the request is not a SOAP 1.2 envelope");
        }
        Element header = child(env, ENV, "Header");
        Element body = child(env, ENV, "Body");
        if (body == null) {
            throw SoapFault.wellFormed("the SOAP envelope has no Body");
        }
        Element op = firstElement(body);
        if (op == null) {
            throw SoapFault.wellFormed("the SOAP Body is empty");
        }
        return new Request(header, op);
    }

    static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    /** The first child element of that name, or null; a null namespace matches any. */
    static Element child(Element parent, String ns, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName()) && (ns == null || ns.equals(e.getNamespaceURI()))) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String ns, String name) {
        List<Element> out = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && name.equals(e.getLocalName()) && (ns == null || ns.equals(e.getNamespaceURI()))) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** The trimmed text of a child element, or null when it is absent. */
    static String text(Element parent, String ns, String name) {
        Element e = child(parent, ns, name);
        return e == null ? null : e.getTextContent().strip();
    }

    /** Text and attribute values, escaped. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        b.append('?'); // not allowed in XML 1.0
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A response envelope around {@code body} (already XML). */
    static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope" + DECLARATIONS + "><env:Body>" + body
                + "</env:Body></env:Envelope>";
    }

    static String fault(SoapFault f) {
        StringBuilder code = new StringBuilder("<env:Code><env:Value>").append(f.code()).append("</env:Value>");
        for (String s : f.subcodes()) {
            code.append("<env:Subcode><env:Value>").append(s).append("</env:Value>");
        }
        code.append("</env:Subcode>".repeat(f.subcodes().size())).append("</env:Code>");
        return envelope("<env:Fault>" + code + "<env:Reason><env:Text xml:lang=\"en\">" + esc(f.getMessage())
                + "</env:Text></env:Reason></env:Fault>");
    }
}
