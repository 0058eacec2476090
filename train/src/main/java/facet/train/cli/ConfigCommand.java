package facet.train.cli;

import facet.train.run.Config;
import facet.train.run.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;

/** ./facet config: every default of a run kind in the config file format, or a config file checked. */
@Command(name = "config", description = {"Print every default of a run kind as a config file (--print NAME), or check a config file (--check FILE --kind NAME).",
        "Format: key = value per line, '#' comments; keys left out keep their defaults."})
public final class ConfigCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--print", paramLabel = "NAME", description = "the run kind to print (known: ${COMPLETION-CANDIDATES})", completionCandidates = Kinds.class)
    String print;

    @Option(names = "--check", paramLabel = "FILE", description = "read FILE as a config of --kind and say what is wrong, if anything")
    Path check;

    @Option(names = "--kind", paramLabel = "NAME", description = "the run kind of --check's file")
    String kind;

    static final class Kinds implements Iterable<String> {
        @Override public Iterator<String> iterator() { return RunKinds.names().iterator(); }
    }

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (print != null) {
                out.print(Config.defaults(RunKinds.spec(print)).text());
            } else if (check != null && kind != null) {
                Config.read(RunKinds.spec(kind), check);
                out.println(check + ": a valid " + kind + " config");
            } else {
                throw Options.bad(spec, "config: give --print NAME, or --check FILE with --kind NAME");
            }
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("config: " + e.getMessage());
            return 1;
        }
        out.flush();
        return 0;
    }
}
