package dev.qmpsdk.schema.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmpsdk.schema.model.QapiSchema;
import org.junit.jupiter.api.Test;

class SeedSchemaTest {
    @Test
    void smoke() {
        QapiSchema s1 = QapiSchemaLoader.parse("qapi-schema.json", Seeds.schemaOf001(), QapiSchemaLoader.Options.LENIENT);
        System.out.println(s1.definitions().size() + " " + s1.warnings());
        QapiSchema s4 = QapiSchemaLoader.parse("qapi-schema.json", Seeds.schemaOf004(), QapiSchemaLoader.Options.LENIENT);
        System.out.println(s4.definitions().size() + " " + s4.warnings());
        s1.implicitObjectTypes().forEach(t -> System.out.println(t.name() + " " + t.members()));
        s4.implicitObjectTypes().forEach(t -> System.out.println(t.name() + " " + t.members()));
        s4.implicitEnums().forEach(t -> System.out.println(t.name() + " " + t.values()));
    }
}
