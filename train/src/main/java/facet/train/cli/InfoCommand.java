package facet.train.cli;

import facet.kernels.cpu.Simd;
import facet.kernels.cuda.KernelImage;
import facet.kernels.plan.KernelPlans;
import facet.tensor.Backends;
import picocli.CommandLine.Command;

/** What this machine offers Facet: Java, cores, SIMD width, the kernel plan, and which backends work (or why not). */
@Command(name = "info", description = "Java version, cores, SIMD width, kernel plan and available backends.")
final class InfoCommand implements Runnable {
    @Override public void run() {
        Runtime rt = Runtime.getRuntime();
        row("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        row("cores", String.valueOf(rt.availableProcessors()));
        row("memory", String.format("%.1f GiB max heap", rt.maxMemory() / (1024.0 * 1024 * 1024)));
        row("simd", Simd.describe());
        KernelPlans.Choice plan = KernelPlans.choice();
        row("plan", plan.plan().name() + ", from " + plan.source() + " (" + KernelPlans.cpu().describe() + ")");
        row("", plan.plan().text());
        row("cpu", "available: float32 kernels, float64 reference backend");
        row("kernels", KernelImage.status());
        String why = Backends.cudaUnavailableReason();
        row("cuda", why == null ? "available: " + Backends.describeCuda() : "unavailable: " + why);
    }

    private static void row(String k, String v) { System.out.printf("%-8s %s%n", k, v); }
}
