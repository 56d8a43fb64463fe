package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The two configured, immutable mappers of this package: YAML for files, canonical JSON for hashing. */
final class ConfigMappers {

    /** Reads and writes config YAML: unknown keys fail, 1.5 is no integer, nulls are not written, keys in declaration order. */
    static final ObjectMapper YAML = strict(YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .build()))
            .annotationIntrospector(new RecordOrder())
            .build();

    /**
     * Canonical JSON: properties sorted by name at every level, nulls omitted (so adding an optional key later
     * does not change old hashes), map entries in their own order (class_map order is the class index order).
     */
    static final ObjectMapper CANONICAL_JSON = strict(JsonMapper.builder())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private ConfigMappers() {
    }

    /**
     * Writes record properties in declaration order; Jackson would otherwise move the ones renamed with
     * {@code @JsonProperty} (the snake_case ones) to the end.
     */
    private static final class RecordOrder extends JacksonAnnotationIntrospector {
        private static final long serialVersionUID = 1L;

        @Override
        public String[] findSerializationPropertyOrder(AnnotatedClass ac) {
            String[] explicit = super.findSerializationPropertyOrder(ac);
            if (explicit != null || !ac.getRawType().isRecord()) {
                return explicit;
            }
            return ConfigSchema.keys(ac.getRawType()).keySet().toArray(String[]::new);
        }
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B strict(B builder) {
        return builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
    }
}
