package dev.memlens.core.report.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.report.ProfileReport;

/**
 * A report as read from a file, with the JSON tree it came from kept beside the domain record: writing it again
 * starts from that tree, so fields MemLens does not model survive a save.
 */
public record ReportDocument(ProfileReport report, ObjectNode sourceTree) {
    public ReportDocument {
        sourceTree = sourceTree == null ? null : sourceTree.deepCopy();
    }

    @Override
    public ObjectNode sourceTree() {
        return sourceTree == null ? null : sourceTree.deepCopy();
    }

    /** The same file's tree beside a changed report (calculator values added, tolerance changed). */
    public ReportDocument with(ProfileReport changed) {
        return new ReportDocument(changed, sourceTree);
    }
}
