package org.openedx.events.benchmarks;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.catalog.learning.CourseData;
import org.openedx.events.catalog.learning.CourseEnrollmentData;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.keys.CourseKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding and decoding of a small event (session login) and a larger one (enrollment created,
 * every field set), typed and generic. Scores are operations per second on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AvroBenchmarks {

    private final AvroEventSerializer avro = AvroEventSerializer.defaults();
    private final OpenEdxPublicSignal login = LearningSignals.SESSION_LOGIN_COMPLETED;
    private final OpenEdxPublicSignal enrollment = LearningSignals.COURSE_ENROLLMENT_CREATED;

    private EventData loginData;
    private EventData enrollmentData;
    private byte[] loginBytes;
    private byte[] enrollmentBytes;
    private Map<String, Object> enrollmentGeneric;

    @Setup
    public void setUp() {
        loginData = EventData.of("user", new UserData(123, true,
                new UserPersonalData("foobob", "bob@foo.example", "Bob Foo")));
        UserData student = new UserData(4242, true, new UserPersonalData("student", "student@example.com",
                "Student Name"));
        UserData staff = new UserData(7, true, new UserPersonalData("staff", "staff@example.com", "Staff Member"));
        enrollmentData = EventData.of("enrollment", new CourseEnrollmentData(student,
                new CourseData(CourseKey.parse("course-v1:edX+DemoX+Demo_Course"), "Demonstration Course",
                        OffsetDateTime.of(2023, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                        OffsetDateTime.of(2024, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC)),
                "verified", true, OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 123_456_000, ZoneOffset.UTC), staff));
        loginBytes = avro.serialize(login, loginData);
        enrollmentBytes = avro.serialize(enrollment, enrollmentData);
        enrollmentGeneric = avro.deserializeGeneric(enrollment, enrollmentBytes);
    }

    @Benchmark
    public byte[] encodeLogin() {
        return avro.serialize(login, loginData);
    }

    @Benchmark
    public EventData decodeLogin() {
        return avro.deserialize(login, loginBytes);
    }

    @Benchmark
    public byte[] encodeEnrollment() {
        return avro.serialize(enrollment, enrollmentData);
    }

    @Benchmark
    public EventData decodeEnrollment() {
        return avro.deserialize(enrollment, enrollmentBytes);
    }

    @Benchmark
    public byte[] encodeEnrollmentGeneric() {
        return avro.serializeGeneric(enrollment, enrollmentGeneric);
    }

    @Benchmark
    public Map<String, Object> decodeEnrollmentGeneric() {
        return avro.deserializeGeneric(enrollment, enrollmentBytes);
    }
}
