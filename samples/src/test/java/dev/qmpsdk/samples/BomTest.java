package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code qmp-sdk-bom} pins every published module (a module of the root pom that is not marked
 * {@code maven.install.skip}, other than the BOM itself and the Maven plugin, which a BOM cannot manage) and nothing
 * else, at this build's version, and the README's "Depend on it" names each of them, the plugin included. A module
 * added later without a BOM entry fails here.
 */
class BomTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void bomPinsExactlyThePublishedModulesAtThisVersion() throws Exception {
        Set<String> published = new TreeSet<>();
        Set<String> plugins = new TreeSet<>();
        for (String module : children(document(ROOT.resolve("pom.xml")).getDocumentElement(), "modules", "module")) {
            Element pom = document(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
            String artifactId = text(pom, "artifactId");
            boolean notInstalled = "true".equals(text(child(pom, "properties"), "maven.install.skip"));
            if (notInstalled || artifactId.equals("qmp-sdk-bom")) {
                continue;
            }
            // A BOM manages dependencies only; a plugin's version is pinned where the plugin is declared.
            (text(pom, "packaging").equals("maven-plugin") ? plugins : published).add(artifactId);
        }
        assertEquals(Set.of("qmp-sdk-maven-plugin"), plugins, "published Maven plugins");
        assertTrue(published.contains("qmp-sdk-reactive") && published.contains("qmp-sdk-kotlin-ext"), published.toString());

        Element bom = document(ROOT.resolve("bom/pom.xml")).getDocumentElement();
        assertEquals(System.getProperty("qmpsdk.version"), text(bom, "version"), "bom/pom.xml's version (it has no parent)");
        Set<String> pinned = new TreeSet<>();
        for (Element dependency : elements(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            assertEquals("dev.qmpsdk", text(dependency, "groupId"), "bom/pom.xml pins only qmp-sdk modules");
            assertEquals("${project.version}", text(dependency, "version"), text(dependency, "artifactId"));
            pinned.add(text(dependency, "artifactId"));
        }
        assertEquals(published, pinned, "modules pinned by bom/pom.xml vs. modules installed by the build");

        String readme = Files.readString(ROOT.resolve("README.md"));
        String dependOnIt = readme.substring(readme.indexOf("## Depend on it"), readme.indexOf("```xml"));
        for (String module : published) {
            assertTrue(dependOnIt.contains("`" + module + "`"), "README's \"Depend on it\" does not name " + module);
        }
        for (String plugin : plugins) {
            assertTrue(dependOnIt.contains("`" + plugin + "`"), "README's \"Depend on it\" does not name " + plugin);
        }
    }

    private static Document document(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static List<Element> elements(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE && nodes.item(i).getNodeName().equals(name)) {
                found.add((Element) nodes.item(i));
            }
        }
        return found;
    }

    private static Element child(Element parent, String name) {
        List<Element> found = elements(parent, name);
        return found.isEmpty() ? parent.getOwnerDocument().createElement(name) : found.get(0);
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().trim();
    }

    private static List<String> children(Element parent, String list, String item) {
        return elements(child(parent, list), item).stream().map(e -> e.getTextContent().trim()).toList();
    }
}
