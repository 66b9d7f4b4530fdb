package org.openedx.events.catalog.learning;

import java.util.Objects;

/**
 * Data related to a program object.
 *
 * <p>Upstream {@code openedx_events.learning.data.ProgramData}. The components are in wire order.
 *
 * @param uuid The UUID of the program (from Course-Discovery)
 * @param title The title of the program
 * @param programType The type slug of the program (e.g. professional, microbachelors, micromasters, etc.)
 */
public record ProgramData(String uuid, String title, String programType) {

    public ProgramData {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(programType, "program_type");
    }
}
