package sc.fiji.revsam2.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import sc.fiji.revsam2.bench.Benchmark;

/** Temporary entry point for the benchmark until the full command line lands. */
public final class BenchMain {
	public static void main(String[] args) throws Exception {
		Benchmark.Settings d = Benchmark.Settings.defaults();
		boolean components = args.length == 0 || !args[0].equals("pipeline");
		boolean pipeline = args.length == 0 || !args[0].equals("components");
		Path work = Files.createTempDirectory("revsam2-bench");
		new Benchmark(new Benchmark.Settings(d.architecture(), args.length > 1 ? Path.of(args[1]) : null, d.repeats(), d.querySlices(), d.supports(), d.k(), d.sliceSize(), d.device(), components, pipeline), System.out).run(work);
	}
}
