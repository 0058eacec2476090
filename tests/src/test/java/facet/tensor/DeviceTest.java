package facet.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** --device's words: each name parses to its device and prints back as itself; anything else is one sentence naming it. */
class DeviceTest {
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "cuda:0", "cuda:3", "cuda:12"})
    void aNameParsesToTheDeviceThatPrintsAsIt(String name) {
        assertEquals(name, Device.parse(name).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cuda", "cuda:0"})
    void cudaAloneIsTheFirstCard(String name) { assertEquals(Device.cuda(0), Device.parse(name)); }

    @ParameterizedTest
    @ValueSource(strings = {"", "CPU", "gpu", "cuda:", "cuda:x", "cuda:-1", "cuda:1.5", "cuda0", " cpu"})
    void anythingElseIsRefusedNamingIt(String name) {
        var e = assertThrows(IllegalArgumentException.class, () -> Device.parse(name));
        assertEquals(name + ": expected cpu, cuda or cuda:N", e.getMessage());
    }
}
