package edu.attendance.platform.web;

import edu.attendance.contracts.IsoInstants;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * What JSON request bodies may not do, refused as {@code VALIDATION_FAILED} before any handler sees them: name a member
 * twice (the last one would win, so {@code {"email":"a","email":"b"}} could smuggle a second value past whatever read
 * the first), or carry a NUL character in a string (PostgreSQL's text cannot hold one: it would fail deep in a write).
 * Times are read as the events' are ({@link IsoInstants}: the canonical UTC form without the general parser).
 */
final class StrictJson implements JsonMapperBuilderCustomizer {

    @Override
    public void customize(JsonMapper.Builder builder) {
        builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .addModule(new SimpleModule("strict-strings").addDeserializer(String.class, new NoNulStrings()))
                .addModule(IsoInstants.module());
    }

    /** Jackson's own string reading, then a refusal of NUL. */
    static final class NoNulStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                return ctxt.reportInputMismatch(String.class, "a string may not contain the NUL character (\\u0000)");
            }
            return value;
        }
    }
}
