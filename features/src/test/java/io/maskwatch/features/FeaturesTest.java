package io.maskwatch.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The Karaf features file is hand-written; these checks keep it from drifting from the build: every
 * Maskwatch bundle is in it, every placeholder was filled, and every third-party bundle it names is
 * an artifact the build itself resolved (so it exists at that version in Maven Central).
 */
class FeaturesTest {

    static final Path FEATURES = Path.of(System.getProperty("features.file", "target/feature/features.xml"));
    static final Path ROOT = Path.of(System.getProperty("root.pom", "../pom.xml")).toAbsolutePath().getParent().normalize();
    static final Path M2 = Path.of(System.getProperty("user.home"), ".m2", "repository");

    @Test
    void everyMaskwatchBundleIsInAFeature() throws Exception {
        Set<String> listed = new TreeSet<>();
        for (String url : bundleUrls()) {
            if (url.startsWith("mvn:io.maskwatch/")) {
                listed.add(url.split("/")[1]);
            }
        }
        Set<String> bundles = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(ROOT.resolve("bundles"))) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).toList()) {
                String name = dir.getFileName().toString();
                if (!name.equals("launcher")) { // the command-line host, not for Karaf
                    bundles.add("maskwatch-" + name);
                }
            }
        }
        assertEquals(bundles, listed);
    }

    @Test
    void placeholdersAreFilledAndThirdPartyBundlesWereResolvedByTheBuild() throws Exception {
        String text = Files.readString(FEATURES);
        assertFalse(text.contains("${"), "unfilled placeholder in " + FEATURES);
        List<String> thirdParty = bundleUrls().stream().filter(u -> !u.startsWith("mvn:io.maskwatch/")).toList();
        assertFalse(thirdParty.isEmpty());
        for (String url : thirdParty) {
            String[] gav = url.substring("mvn:".length()).split("/");
            assertEquals(3, gav.length, url);
            Path jar = M2.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2]).resolve(gav[1] + "-" + gav[2] + ".jar");
            assertTrue(Files.isRegularFile(jar), url + " is not an artifact the build resolved (" + jar + ")");
        }
    }

    private static List<String> bundleUrls() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(FEATURES.toFile());
        NodeList nodes = doc.getElementsByTagNameNS("*", "bundle");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            urls.add(nodes.item(i).getTextContent().strip());
        }
        return urls;
    }
}
