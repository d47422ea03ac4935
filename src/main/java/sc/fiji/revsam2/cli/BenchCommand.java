package sc.fiji.revsam2.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.revsam2.bench.Benchmark;
import sc.fiji.revsam2.io.FileTrees;
import sc.fiji.revsam2.sam2.Architecture;
import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.InstalledModels;
import sc.fiji.revsam2.sam2.ModelFolderException;
import sc.fiji.revsam2.sam2.Precision;

/** {@code revsam2 bench}: the benchmark of components and of a whole run. */
final class BenchCommand {

	static final String HELP = """
		Usage: revsam2 bench [options]

		Measures the port: conversion and loading, each SAM2 component warm (min and median of several
		runs), and a whole RevSAM2 run on a synthetic volume with per-stage times, model call counts and
		peak memory. Without --model, a model of the architecture with random weights is converted into a
		temporary folder first (the speed is that of real weights).

		Options:
		  --architecture NAME    sam2.1_hiera_t (default), sam2.1_hiera_s, sam2.1_hiera_b+, sam2.1_hiera_l,
		                         sam2_hiera_t/s/b+/l
		  --model NAME|FOLDER    benchmark this installed model or model folder instead
		  --image-size PX[,PX]   input size of the random-weight model (default: the architecture's, 1024);
		                         two sizes (e.g. 1024,512) measure both in one run and print ratios
		  --precision P[,P]      fp32 (default) or bf16 (TensorFlow's oneDNN bfloat16 on the CPU); fp32,bf16
		                         measures both in one run: time ratios and agreement of the final masks
		  --repeats N            timed runs per component (default 5)
		  --slices D             query slices of the whole run (default 20)
		  --supports N           support slices (default 5)
		  --k N                  conditioning slices (default 10)
		  --size PX              slice width and height of the synthetic volume (default 512)
		  --device cpu|gpu|auto  default cpu
		  --components-only      only the component timings
		  --pipeline-only        only the whole run
		  --debug, --quiet, --help

		Example:
		  revsam2 bench --pipeline-only --slices 40 --supports 3
		  revsam2 bench --components-only --image-size 1024,512
		  revsam2 bench --image-size 512 --precision fp32,bf16
		""" + "\n" + Exit.TABLE;

	static Args.Spec spec() {
		return new Args.Spec("bench").value("--architecture").value("--model").value("--repeats").value("--slices").value("--supports").value("--k")
			.value("--size").value("--device").flag("--components-only").flag("--pipeline-only").value("--image-size").value("--precision");
	}

	private final Context ctx;

	BenchCommand(Context ctx) {
		this.ctx = ctx;
	}

	int run(Args a) throws CliException {
		Benchmark.Settings d = Benchmark.Settings.defaults();
		a.exclusive("--components-only", "--pipeline-only");
		a.exclusive("--architecture", "--model");
		a.exclusive("--image-size", "--model");
		String arch = a.get("--architecture", d.architecture()).trim();
		if (!a.has("--model")) {
			try {
				Architecture.load(arch);
			} catch (IllegalArgumentException e) {
				throw CliException.usage("--architecture: unknown architecture '" + arch + "'; use one of " + String.join(", ", Architecture.OFFICIAL));
			}
		}
		Path model = null;
		if (a.has("--model")) {
			try {
				model = InstalledModels.resolve(InstalledModels.root(), a.get("--model"));
			} catch (ModelFolderException e) {
				throw CliException.model(e.getMessage(), e);
			}
		}
		int repeats = a.intValue("--repeats", d.repeats(), 1, 10_000);
		int slices = a.intValue("--slices", d.querySlices(), 1, 100_000);
		int supports = a.intValue("--supports", d.supports(), 1, 1_000);
		int k = a.intValue("--k", d.k(), 1, 100_000);
		int size = a.intValue("--size", d.sliceSize(), 8, 16_384);
		ComputeDevice device = Models.device(a);
		boolean components = !a.has("--pipeline-only"), pipeline = !a.has("--components-only");
		List<Benchmark.Variant> variants = new ArrayList<>();
		for (int imageSize : imageSizes(a.get("--image-size")))
			for (Precision p : precisions(a.get("--precision"))) variants.add(new Benchmark.Variant(imageSize, p));
		Benchmark.Settings s = new Benchmark.Settings(arch, model, repeats, slices, supports, k, size, device, components, pipeline, variants);
		Path work;
		try {
			work = Files.createTempDirectory("revsam2-bench");
		} catch (IOException e) {
			throw new CliException(Exit.INTERNAL, "cannot create a temporary folder: " + e.getMessage(), e);
		}
		// a signal stops the benchmark at once (exit 130): the hook removes its converted model
		Thread cleanup = new Thread(() -> FileTrees.deleteRecursively(work), "revsam2-bench-cleanup");
		Runtime.getRuntime().addShutdownHook(cleanup);
		try {
			new Benchmark(s, ctx.out).run(work);
		} catch (ModelFolderException e) {
			throw CliException.model(e.getMessage(), e);
		} catch (IOException e) {
			throw new CliException(Exit.INTERNAL, "benchmark failed: " + e.getMessage(), e);
		} finally {
			FileTrees.deleteRecursively(work);
			try {
				Runtime.getRuntime().removeShutdownHook(cleanup);
			} catch (IllegalStateException shuttingDown) {
				// the hook runs anyway
			}
		}
		return Exit.OK;
	}

	/** {@code --image-size}: one or more sizes, multiples of 32; none: the architecture's (0). */
	static List<Integer> imageSizes(String value) throws CliException {
		if (value == null) return List.of(0);
		List<Integer> out = new ArrayList<>();
		for (String t : value.split(",")) {
			int n;
			try {
				n = Integer.parseInt(t.trim());
			} catch (NumberFormatException e) {
				throw CliException.usage("--image-size: '" + t.trim() + "' is not a whole number of pixels");
			}
			if (n < 32 || n > 4096 || n % 32 != 0) throw CliException.usage("--image-size: " + n + " is not a multiple of 32 between 32 and 4096");
			out.add(n);
		}
		return out;
	}

	/** {@code --precision}: one or more of fp32, bf16. */
	static List<Precision> precisions(String value) throws CliException {
		if (value == null) return List.of(Precision.FLOAT32);
		List<Precision> out = new ArrayList<>();
		for (String t : value.split(",")) {
			try {
				out.add(Precision.parse(t));
			} catch (IllegalArgumentException e) {
				throw CliException.usage("--precision: " + e.getMessage());
			}
		}
		return out;
	}
}
