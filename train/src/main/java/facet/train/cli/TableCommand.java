package facet.train.cli;

import facet.nn.io.AtomicFiles;
import facet.train.experiment.TableMaker;
import facet.train.report.ResultTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** ./facet table RUN...: evaluated fine-tuning runs as one Markdown (and CSV) table. */
@Command(name = "table", description = "Gather evaluated fine-tuning run folders into one table (runs differing only in seed: mean ± std).")
public final class TableCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OutputOptions output;

    @Parameters(paramLabel = "RUN", arity = "1..*", description = "fine-tuning run folders, each evaluated (./facet eval --from RUN)")
    List<Path> runs;

    @Option(names = "--csv", paramLabel = "FILE", description = "also write the table as CSV")
    Path csv;

    @Override public Integer call() throws Exception {
        if (csv != null) output.file(csv, "--csv");
        ResultTable t = TableMaker.table(runs);
        if (csv != null) AtomicFiles.writeString(csv, t.csv());
        PrintWriter out = spec.commandLine().getOut();
        out.print(t.markdown());
        out.flush();   // picocli's writer flushes on println only, and the process exits right after
        return 0;
    }
}
