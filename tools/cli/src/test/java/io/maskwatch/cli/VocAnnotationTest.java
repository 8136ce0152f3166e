package io.maskwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.PixelBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocAnnotationTest {

    @TempDir
    Path dir;

    @Test
    void readsBoxesLabelsAndDifficulty() throws IOException {
        Path xml = dir.resolve("a.xml");
        Files.writeString(xml, """
                <annotation><filename>a.jpg</filename><size><width>400</width><height>300</height><depth>3</depth></size>
                <object><name>with_mask</name><difficult>0</difficult><bndbox><xmin>10</xmin><ymin>20</ymin><xmax>30</xmax><ymax>45</ymax></bndbox></object>
                <object><name> mask_weared_incorrect </name><difficult>1</difficult><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>
                </annotation>""");
        VocAnnotation a = VocAnnotation.read(xml);
        assertEquals("a.jpg", a.filename());
        assertEquals(400, a.width());
        assertEquals(2, a.objects().size());
        assertEquals(new PixelBox(10, 20, 30, 45), a.objects().get(0).box());
        assertEquals("with_mask", a.objects().get(0).name());
        assertFalse(a.objects().get(0).difficult());
        assertEquals("mask_weared_incorrect", a.objects().get(1).name());
        assertTrue(a.objects().get(1).difficult());
    }

    @Test
    void refusesExternalEntities() throws IOException {
        Path xml = dir.resolve("evil.xml");
        Files.writeString(xml, "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><annotation>&x;</annotation>");
        assertThrows(IOException.class, () -> VocAnnotation.read(xml));
    }
}
