package io.maskwatch.cli;

import io.maskwatch.api.PixelBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * One Pascal VOC annotation file: the image it describes and its labelled boxes. A VOC folder holds
 * {@code annotations/*.xml} and the images they name under {@code images/}. Read by the trainer
 * (box crops to learn from) and by {@code evaluate} (ground truth), so both see the same boxes.
 */
public record VocAnnotation(String filename, int width, int height, List<Truth> objects) {

    /** A ground-truth box; {@code difficult} ones neither count as misses nor as hits (VOC rule). */
    public record Truth(String name, PixelBox box, boolean difficult) {
    }

    public static VocAnnotation read(Path xml) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // Annotation files come from datasets on the internet: no external entities.
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            doc = b.parse(xml.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse VOC annotation " + xml + ": " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        String filename = text(root, "filename");
        Element size = child(root, "size");
        int w = size == null ? 0 : (int) number(size, "width", 0);
        int h = size == null ? 0 : (int) number(size, "height", 0);
        List<Truth> objects = new ArrayList<>();
        NodeList list = root.getElementsByTagName("object");
        for (int i = 0; i < list.getLength(); i++) {
            Element o = (Element) list.item(i);
            Element bb = child(o, "bndbox");
            if (bb == null) {
                throw new IOException(xml + ": object " + (i + 1) + " has no bndbox");
            }
            // VOC pixel coordinates are 1-based and inclusive; the dataset's boxes are used as given
            // (x1,y1)-(x2,y2), matching the detector's continuous coordinates within a pixel.
            PixelBox box = new PixelBox(number(bb, "xmin", 0), number(bb, "ymin", 0), number(bb, "xmax", 0), number(bb, "ymax", 0));
            objects.add(new Truth(text(o, "name").trim(), box, number(o, "difficult", 0) != 0));
        }
        return new VocAnnotation(filename == null ? "" : filename.trim(), w, h, List.copyOf(objects));
    }

    /**
     * The image this annotation describes, in {@code vocDir/images/}: the file it names, else the image
     * with the annotation's base name (.jpg, .jpeg, .png). When neither exists this is the named file's
     * path, so reading it fails as a missing image would.
     */
    public Path imageFile(Path vocDir, Path xml) {
        Path images = vocDir.resolve("images");
        if (!filename.isEmpty() && Files.isRegularFile(images.resolve(filename))) {
            return images.resolve(filename);
        }
        String base = xml.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        for (String ext : List.of(".jpg", ".jpeg", ".png", ".JPG", ".PNG")) {
            if (Files.isRegularFile(images.resolve(base + ext))) {
                return images.resolve(base + ext);
            }
        }
        return images.resolve(filename.isEmpty() ? base + ".jpg" : filename);
    }

    private static Element child(Element parent, String name) {
        NodeList l = parent.getElementsByTagName(name);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent();
    }

    private static double number(Element parent, String name, double fallback) {
        String t = text(parent, name).trim();
        if (t.isEmpty()) {
            return fallback;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
