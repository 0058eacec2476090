package facet.nn.io;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonWriterTest {
    @Test void writesEscapedStringsNumbersAndNestingThatTheReaderReadsBack() throws Exception {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("acc", 0.925);
        inner.put("counts", new int[] {3, 0});
        String s = JsonWriter.object().put("name", "a \"quoted\"\nline\\").put("n", 12L).put("x", 1.0e-5).put("f", 0.1f)
                .put("whole", 3.0).put("ok", true).put("none", null).put("m", inner).put("l", List.of("x", 2)).toString();
        assertEquals("{\"name\": \"a \\\"quoted\\\"\\nline\\\\\", \"n\": 12, \"x\": 1.0E-5, \"f\": 0.1, \"whole\": 3, \"ok\": true, \"none\": null, "
                + "\"m\": {\"acc\": 0.925, \"counts\": [3, 0]}, \"l\": [\"x\", 2]}", s);
        @SuppressWarnings("unchecked") Map<String, Object> back = (Map<String, Object>) Json.parse(s);
        assertEquals("a \"quoted\"\nline\\", back.get("name"));
        assertEquals(1.0e-5, back.get("x"));
    }

    @Test void nanAndInfinityAreRefusedNamingTheKey() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("targets", Map.of("sfew", Double.NaN));
        assertEquals("JSON: key 'targets.sfew' is NaN, which JSON cannot hold",
                assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(m)).getMessage());
        assertEquals("JSON: key 'loss[1]' is Infinity, which JSON cannot hold",
                assertThrows(IllegalArgumentException.class, () -> JsonWriter.object().put("loss", new float[] {1f, Float.POSITIVE_INFINITY}).toString()).getMessage());
        assertEquals("JSON: key 'a' is set twice", assertThrows(IllegalArgumentException.class, () -> JsonWriter.object().put("a", 1).put("a", 2)).getMessage());
    }
}
