package dev.memlens.core.gpu.trace;

import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.nvidia.SmiValues;
import java.io.StringReader;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * {@code nvidia-smi -q -x} output; a file may hold several documents (loop mode {@code -q -x -l N}), split on the
 * root element as netdata does. The GPU index is the document order (the XML has no index element). Values are
 * "N MiB" or bare "N/A". The DTD it names is never loaded.
 */
final class NvidiaXmlTraceParser {
    private static final DateTimeFormatter XML_TIMESTAMP =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH);

    private NvidiaXmlTraceParser() {
    }

    static Trace parse(String fileName, String text, ZoneId zone) throws TraceException {
        List<TraceEvent> events = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean allTimed = true;
        int document = 0;
        int from = 0;
        while (true) {
            int start = text.indexOf("<nvidia_smi_log", from);
            if (start < 0) {
                break;
            }
            int end = text.indexOf("</nvidia_smi_log>", start);
            if (end < 0) {
                warnings.add(fileName + " ends inside an <nvidia_smi_log> document (cut off?): its last part is left out");
                break;
            }
            from = end + "</nvidia_smi_log>".length();
            Element root = parseDocument(fileName, text.substring(start, from)).getDocumentElement();
            Long timestamp = parseTimestamp(childText(root, "timestamp"), zone);
            allTimed &= timestamp != null;
            long ts = timestamp != null ? timestamp : document * Trace.SYNTHETIC_TICK_MILLIS;
            readGpus(root, ts, events, warnings);
            document++;
        }
        if (document == 0) {
            throw new TraceException(fileName + " holds no <nvidia_smi_log> document: record it with nvidia-smi -q -x");
        }
        return new Trace(TraceFormat.NVIDIA_SMI_XML, events, allTimed, warnings);
    }

    private static void readGpus(Element root, long ts, List<TraceEvent> events, List<String> warnings) {
        List<GpuProcessSample> processes = new ArrayList<>();
        int index = 0;
        for (Element gpu : children(root, "gpu")) {
            String uuid = SmiValues.text(childText(gpu, "uuid"));
            String name = SmiValues.text(childText(gpu, "product_name"));
            Element fb = child(gpu, "fb_memory_usage");
            Long used = fb == null ? null : SmiValues.mibToBytes(childText(fb, "used"));
            Long total = fb == null ? null : SmiValues.mibToBytes(childText(fb, "total"));
            Long reserved = fb == null ? null : SmiValues.mibToBytes(childText(fb, "reserved"));
            Element util = child(gpu, "utilization");
            Integer utilization = util == null ? null : SmiValues.percent(childText(util, "gpu_util"));
            Double power = power(gpu);
            Element mig = child(gpu, "mig_devices");
            if (mig != null && !children(mig, "mig_device").isEmpty()) {
                warnings.add("GPU " + index + " has " + children(mig, "mig_device").size() + " MIG devices: the figures "
                        + "are the whole GPU's");
            }
            if (used != null) {
                events.add(new TraceEvent.Sample(GpuSample.of(ts, index, uuid, name, used, total, reserved,
                        utilization, power)));
            } else {
                warnings.add("GPU " + index + " has no fb_memory_usage/used figure at one time (unified memory?): "
                        + "left out");
            }
            Element procs = child(gpu, "processes");
            if (procs != null) {
                for (Element p : children(procs, "process_info")) {
                    Double pid = SmiValues.number(childText(p, "pid"));
                    if (pid != null) {
                        processes.add(new GpuProcessSample(ts, pid.longValue(),
                                SmiValues.text(childText(p, "process_name")),
                                SmiValues.mibToBytes(childText(p, "used_memory")), uuid, index));
                    }
                }
            }
            index++;
        }
        events.add(new TraceEvent.Processes(ts, processes));
    }

    /** v12/v13 gpu_power_readings/average_power_draw (or power_draw), else v10/v11 power_readings/power_draw. */
    private static Double power(Element gpu) {
        for (String block : new String[] {"gpu_power_readings", "power_readings"}) {
            Element readings = child(gpu, block);
            if (readings != null) {
                for (String value : new String[] {"power_draw", "average_power_draw", "instant_power_draw"}) {
                    Double watts = SmiValues.number(childText(readings, value));
                    if (watts != null) {
                        return watts;
                    }
                }
            }
        }
        return null;
    }

    private static Document parseDocument(String fileName, String xml) throws TraceException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new TraceException(fileName + " is not well-formed nvidia-smi XML (" + e.getMessage()
                    + "): record it again with nvidia-smi -q -x", e);
        }
    }

    private static Long parseTimestamp(String text, ZoneId zone) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim().replaceAll("\\s+", " "), XML_TIMESTAMP).atZone(zone).toInstant()
                    .toEpochMilli();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static String childText(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }
}
