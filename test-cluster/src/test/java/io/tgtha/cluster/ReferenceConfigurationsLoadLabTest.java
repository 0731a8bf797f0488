// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tgtha.testkit.Lab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * docs/reference-configuration.crm and docs/reference-configuration.pcs.sh were checked by hand (issue 18.5). Here the
 * real crmsh 4.4 and pcs 0.11 load each into a scratch CIB ({@code CIB_file} / {@code pcs -f}, no cluster): the tools
 * accept every tgt-ha primitive against the installed agents' meta-data, {@code crm_verify} passes, and the two files
 * describe the same cluster (resources, parameters, monitors, groups in order, clones, constraints, defaults).
 * ReferenceConfigurationStartsInTheClusterLabTest starts both in the test cluster. Named a lab test: the pcs
 * half makes ~40 pcs calls, about 6 minutes on a loaded 2-core machine.
 */
class ReferenceConfigurationsLoadLabTest {
    static final Path DOCS = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
            .getParent().resolve("docs");

    @TempDir
    Path dir;

    record Result(int rc, String output) {
    }

    static Result exec(List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(900, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, out + "\n(timed out)");
        }
        return new Result(p.exitValue(), out);
    }

    /** An empty CIB with the two nodes the location constraints name, and the lab's cluster options. */
    Path scratchCib(String name) throws Exception {
        Path cib = dir.resolve(name);
        Result empty = exec(List.of("cibadmin", "--empty"), Map.of());
        assertThat(empty.rc()).as(empty.output()).isZero();
        Files.writeString(cib, empty.output());
        Map<String, String> env = Map.of("CIB_file", cib.toString());
        for (List<String> step : List.of(
                List.of("cibadmin", "--create", "-o", "nodes", "-X", "<node id=\"1\" uname=\"cl-n1\"/>"),
                List.of("cibadmin", "--create", "-o", "nodes", "-X", "<node id=\"2\" uname=\"cl-n2\"/>"),
                List.of("crm_attribute", "--type", "crm_config", "--name", "stonith-enabled", "--update", "false"),
                List.of("crm_attribute", "--type", "crm_config", "--name", "no-quorum-policy", "--update", "ignore"))) {
            Result r = exec(step, env);
            assertThat(r.rc()).as(step + ": " + r.output()).isZero();
        }
        return cib;
    }

    static void requireTools(String... tools) {
        Lab.requireRoot(tools); // skipped with -Dtgtha.skipLab=true; a missing tool fails
        // both tools check parameters against the agents' meta-data
        assumeThat(Files.isReadable(Path.of("/usr/lib/ocf/resource.d/tgtha/target"))).as("ocf:tgtha agents installed")
                .isTrue();
    }

    /** What the tools said, less what only says this machine has no systemd (systemd:tgt has no meta-data here). */
    static List<String> complaints(String output) {
        return output.lines().filter(l -> l.contains("ERROR") || l.contains("WARNING") || l.startsWith("Error"))
                .filter(l -> !l.contains("systemd:tgt") && !l.contains("Blind faith") && !l.contains("lack of quorum"))
                .toList();
    }

    Path crmsh() throws Exception {
        Path cib = scratchCib("crm.xml");
        // -F: crmsh refuses a systemd resource whose unit it cannot ask systemd about (no systemd here)
        Result load = exec(List.of("crm", "-F", "configure", "load", "update",
                DOCS.resolve("reference-configuration.crm").toString()), Map.of("CIB_file", cib.toString()));
        assertThat(load.rc()).as(load.output()).isZero();
        assertThat(complaints(load.output())).as(load.output()).isEmpty();
        return cib;
    }

    Path pcs() throws Exception {
        Path cib = scratchCib("pcs.xml");
        Path out = dir.resolve("pcs-out.xml");
        // run as written, except: the CIB comes from and goes to files rather than a cluster, and systemd:tgt is
        // forced (no systemd here to give its meta-data)
        String script = Files.readString(DOCS.resolve("reference-configuration.pcs.sh"));
        String offline = script.replace("pcs cluster cib \"$CIB\"\n", "cp '" + cib + "' \"$CIB\"\n")
                .replace("pcs cluster cib-push \"$CIB\" --config\n", "cp \"$CIB\" '" + out + "'\n")
                .replace("p resource create tgtd systemd:tgt ", "p resource create tgtd systemd:tgt --force ");
        assertThat(offline).as("the script still reads and pushes the CIB as this test expects")
                .doesNotContain("pcs cluster cib").contains("--force");
        Path run = dir.resolve("pcs-offline.sh");
        Files.writeString(run, offline);
        Result r = exec(List.of("bash", run.toString()), Map.of());
        assertThat(r.rc()).as(r.output()).isZero();
        assertThat(r.output().lines().filter(l -> l.startsWith("Error"))).as(r.output()).isEmpty();
        return out;
    }

    @Test
    void crmshAndPcsLoadTheReferenceConfigurationsAndBothDescribeTheSameCluster() throws Exception {
        requireTools("crm", "pcs", "cibadmin", "crm_attribute", "crm_verify");
        Path crm = crmsh();
        Path pcs = pcs();
        for (Path cib : List.of(crm, pcs)) {
            Result verify = exec(List.of("crm_verify", "--xml-file", cib.toString()), Map.of());
            assertThat(verify.rc()).as(cib + ": " + verify.output()).isZero();
        }
        List<String> fromCrm = shape(crm);
        assertThat(fromCrm).as("six targets of five members each, the tgtd and account clones")
                .filteredOn(s -> s.startsWith("primitive ")).hasSize(32);
        assertThat(fromCrm).contains("group g-t1 [t1-block, t1-ip, t1-target, t1-lun, t1-unblock]",
                "order chap-account-clone -> g-t6 Mandatory start", "location g-t6 cl-n2 100");
        assertThat(shape(pcs)).isEqualTo(fromCrm);
    }

    /** The cluster a CIB describes, in words that do not depend on which tool wrote it (no generated ids). */
    static List<String> shape(Path cib) throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(cib.toFile());
        TreeSet<String> out = new TreeSet<>();
        for (Element p : elements(d, "primitive")) {
            Map<String, String> params = nvpairs(p, "instance_attributes");
            List<String> monitors = new ArrayList<>();
            for (Element op : elements(p, "op")) {
                if (op.getAttribute("name").equals("monitor")) {
                    monitors.add(op.getAttribute("interval") + "/" + op.getAttribute("timeout"));
                }
            }
            Element parent = (Element) p.getParentNode();
            out.add("primitive " + p.getAttribute("id") + " " + p.getAttribute("class")
                    + (p.hasAttribute("provider") ? ":" + p.getAttribute("provider") : "") + ":" + p.getAttribute("type")
                    + " " + params + " monitor " + monitors + " in " + parent.getTagName() + " "
                    + parent.getAttribute("id"));
        }
        for (Element g : elements(d, "group")) {
            List<String> members = new ArrayList<>();
            for (Element p : elements(g, "primitive")) {
                members.add(p.getAttribute("id"));
            }
            out.add("group " + g.getAttribute("id") + " " + members);
        }
        for (Element c : elements(d, "clone")) {
            out.add("clone " + c.getAttribute("id") + " " + nvpairs(c, "meta_attributes"));
        }
        for (Element o : elements(d, "rsc_order")) {
            String kind = o.hasAttribute("kind") ? o.getAttribute("kind") : "Mandatory";
            String first = o.hasAttribute("first-action") ? o.getAttribute("first-action") : "start";
            out.add("order " + o.getAttribute("first") + " -> " + o.getAttribute("then") + " " + kind + " " + first);
        }
        for (Element l : elements(d, "rsc_location")) {
            out.add("location " + l.getAttribute("rsc") + " " + l.getAttribute("node") + " " + l.getAttribute("score"));
        }
        for (Element r : elements(d, "rsc_defaults")) {
            out.add("rsc_defaults " + nvpairs(r, "meta_attributes"));
        }
        return List.copyOf(out);
    }

    private static Map<String, String> nvpairs(Element e, String set) {
        Map<String, String> m = new TreeMap<>();
        for (Element s : elements(e, set)) {
            if (s.getParentNode() != e) {
                continue; // a child primitive's own set
            }
            for (Element nv : elements(s, "nvpair")) {
                m.put(nv.getAttribute("name"), nv.getAttribute("value"));
            }
        }
        return m;
    }

    private static List<Element> elements(Node n, String tag) {
        NodeList l = n instanceof Document d ? d.getElementsByTagName(tag) : ((Element) n).getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < l.getLength(); i++) {
            out.add((Element) l.item(i));
        }
        return out;
    }
}
