package facet.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `facet model NAME`: a row per layer with its measured output shape, ending with the parameter total. */
class ModelCommandTest {
    static String stdout(int expectedCode, StringWriter err, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            assertEquals(expectedCode, CommandLineTest.run(new StringWriter(), err, args), err.toString());
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    /** CIFAR's ResNet-18 with 10 classes has 11,173,962 parameters (ImageNet's 11,689,512 less the 7x7 stem and 990 head rows). */
    @Test
    void resnet18SmallSummaryEndsWithItsParameterTotal() {
        String out = stdout(0, new StringWriter(), "model", "resnet18-small", "--classes", "10", "--image", "16");
        List<String> lines = out.lines().toList();
        assertEquals("total parameters: 11,173,962", lines.getLast(), out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("layer4.1.conv2 ") && l.contains("Conv2d") && l.contains("[1, 512, 2, 2]")
                && l.endsWith("2,359,296")), out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("fc ") && l.contains("[1, 10]")), out);
    }

    @Test
    void vitSummaryAtASmallImageSize() {
        String out = stdout(0, new StringWriter(), "model", "vit-tiny", "--classes", "0", "--image", "32", "--depth", "1");
        List<String> lines = out.lines().toList();
        // DeiT-Tiny less its head (193,000) and less 196 - 4 position rows of 192 (36,864): 5,717,416 - 193,000 - 36,864
        assertEquals("total parameters: 5,487,552", lines.getLast(), out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("patch_embed ") && l.contains("[1, 4, 192]")), out);
    }

    @Test
    void anUnknownModelExitsWithTwoAndListsTheKnownOnes() {
        StringWriter err = new StringWriter();
        stdout(2, err, "model", "alexnet");
        assertTrue(err.toString().contains("unknown model 'alexnet'; models: resnet18, resnet18-small, vit-b16, vit-tiny"), err.toString());
    }
}
