package org.openedx.events.catalog.learning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data related to the answer submitted by the user in an ORA submission.
 *
 * <p>Upstream {@code openedx_events.learning.data.ORASubmissionAnswer}. The components are in wire order.
 *
 * @param parts List with the response text in the ORA submission; null becomes an empty list
 * @param fileKeys List of file keys in the ORA submission; null becomes an empty list
 * @param fileDescriptions List of file descriptions in the ORA submission; null becomes an empty list
 * @param fileNames List of file names in the ORA submission; null becomes an empty list
 * @param fileSizes List of file sizes in the ORA submission; null becomes an empty list
 * @param fileUrls List of file URLs in the ORA submission; null becomes an empty list
 */
public record ORASubmissionAnswer(
        List<Map<String, String>> parts,
        List<String> fileKeys,
        List<String> fileDescriptions,
        List<String> fileNames,
        List<Long> fileSizes,
        List<String> fileUrls) {

    public ORASubmissionAnswer {
        parts = parts == null ? List.of() : copyOfMaps(parts);
        fileKeys = fileKeys == null ? List.of() : List.copyOf(fileKeys);
        fileDescriptions = fileDescriptions == null ? List.of() : List.copyOf(fileDescriptions);
        fileNames = fileNames == null ? List.of() : List.copyOf(fileNames);
        fileSizes = fileSizes == null ? List.of() : List.copyOf(fileSizes);
        fileUrls = fileUrls == null ? List.of() : List.copyOf(fileUrls);
    }

    private static List<Map<String, String>> copyOfMaps(List<Map<String, String>> maps) {
        return maps.stream().map(map -> Collections.unmodifiableMap(new LinkedHashMap<>(map))).toList();
    }
}
