package sc.fiji.revsam2.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.revsam2.algorithm.Method;
import sc.fiji.revsam2.bench.MethodComparison;
import sc.fiji.revsam2.sam2.PhantomModel;

/** {@code revsam2 compare}: RevSAM2 against its baselines on generated phantoms (work in {@link MethodComparison}). */
final class CompareCommand {

	static final String HELP = """
		Usage: revsam2 compare [--cases 6] [--seed 1] [--size 128] [--slices 16] [--supports 3] [options]

		RevSAM2 against the paper's baselines on generated CT-like phantoms. Case i is the phantom of seed
		S + i ("a patient"); its supports are drawn on the phantom of seed S + i + 1000 (another patient):
		--supports slices per class spread over the class's extent. Every class (1 organ, 2 kidney) is
		segmented alone with each method (abdomen window, hole filling off) and its own mask is scored
		against the truth. Prints, per method and class, the mean Dice and NSD (2 mm) over the cases with
		their spread (sample sd, min-max); for RevSAM2, the rank correlation (Spearman) between each slice's
		reverse-propagation score and the true Dice of its forward mask; and the time per case.

		Uses the preferred installed model, else the bundled phantom model.

		Options:
		  --cases N              phantom cases (default 6)
		  --seed S               seed of the first case (default 1)
		  --size PX              slice width and height (default 128)
		  --slices D             slices per phantom (default 16)
		  --supports N           labelled support slices per class (default 3)
		  --k N                  conditioning slices (default 10)
		  --methods LIST         comma-separated: revsam2,forward,forward-query,random (default all four)
		  --model NAME|FOLDER    the model (default: the preferred installed one, else the phantom model)
		  --test-model           the bundled phantom model even if a real one is installed
		  --device cpu|gpu       default cpu
		  --debug, --quiet, --help

		Example:
		  revsam2 compare --cases 6 --test-model
		""" + "\n" + Exit.TABLE;

	static Args.Spec spec() {
		return new Args.Spec("compare").value("--cases").value("--seed").value("--size").value("--slices").value("--supports").value("--k")
			.value("--methods").value("--model").flag("--test-model").value("--device");
	}

	private final Context ctx;

	CompareCommand(Context ctx) {
		this.ctx = ctx;
	}

	int run(Args a) throws CliException {
		MethodComparison.Settings d = MethodComparison.Settings.defaults();
		Models.checkFlags(a);
		List<Method> methods = new ArrayList<>();
		if (a.has("--methods")) {
			for (String m : a.get("--methods").split(",")) {
				try {
					Method parsed = Method.parse(m.trim());
					if (!methods.contains(parsed)) methods.add(parsed);
				} catch (IllegalArgumentException e) {
					throw CliException.usage("--methods: " + e.getMessage());
				}
			}
		} else {
			methods.addAll(d.methods());
		}
		MethodComparison.Settings s = new MethodComparison.Settings(a.intValue("--cases", d.cases(), 1, 10_000), a.longValue("--seed", d.seed()),
			a.intValue("--size", d.size(), 32, 1024), a.intValue("--slices", d.slices(), 4, 512), a.intValue("--supports", d.supportsPerClass(), 1, 64),
			a.intValue("--k", d.k(), 1, 512), List.copyOf(methods), d.tolerance());
		try (Models.Loaded model = Models.load(a, Models.device(a), true, ctx)) {
			if (model.test()) SegmentCommand.announceTestModel(ctx);
			ctx.progress.endLine();
			ctx.out.printf(Locale.ROOT, "RevSAM2 against its baselines on generated phantoms: %d case%s (query seeds %d-%d, supports drawn on seeds %d-%d), "
				+ "%dx%dx%d voxels, %d support slices per class, k = %d, abdomen window, hole filling off%n", s.cases(), s.cases() == 1 ? "" : "s", s.seed(),
				s.seed() + s.cases() - 1, s.seed() + 1000, s.seed() + 1000 + s.cases() - 1, s.size(), s.size(), s.slices(), s.supportsPerClass(), s.k());
			ctx.out.printf(Locale.ROOT, "model %s (%s, %d px)%n", model.name(), model.model().config().metaName(), model.model().config().imageSize());
			if (model.test()) ctx.out.println("NOTE  " + PhantomModel.WARNING);
			ctx.out.println();
			MethodComparison.Report r = new MethodComparison(model.model(), s).run(ctx.progress);
			ctx.progress.endLine();
			r.print(ctx.out);
		}
		return Exit.OK;
	}
}
