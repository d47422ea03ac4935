package sc.fiji.revsam2.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.InstalledModels;
import sc.fiji.revsam2.sam2.ComputeDeviceException;
import sc.fiji.revsam2.sam2.ModelFolderException;
import sc.fiji.revsam2.sam2.PhantomModel;
import sc.fiji.revsam2.sam2.Sam2Engine;
import sc.fiji.revsam2.sam2.Sam2Engines;
import sc.fiji.revsam2.sam2.Sam2Model;
import sc.fiji.revsam2.sam2.Precision;

/** Choosing and loading the model from {@code --model}, {@code --test-model} and the installed models. */
final class Models {

	private Models() {}

	/** A loaded model and where it came from; {@code test}: the bundled phantom model ({@code --test-model}). */
	record Loaded(Sam2Model model, String name, Path folder, boolean test, double loadSeconds) implements AutoCloseable {
		@Override
		public void close() { model.close(); }
	}

	/** Checks the model flags (usage errors only): --model and --test-model exclude each other. */
	static void checkFlags(Args a) throws CliException {
		a.exclusive("--model", "--test-model");
	}

	static ComputeDevice device(Args a) throws CliException {
		String d = a.get("--device");
		if (d == null) return ComputeDevice.CPU;
		try {
			return ComputeDevice.parse(d.trim());
		} catch (IllegalArgumentException e) {
			throw CliException.usage("--device: " + e.getMessage());
		}
	}

	/** {@code --precision fp32|bf16} (default fp32). */
	static Precision precision(Args a) throws CliException {
		String p = a.get("--precision");
		if (p == null) return Precision.FLOAT32;
		try {
			return Precision.parse(p);
		} catch (IllegalArgumentException e) {
			throw CliException.usage("--precision: " + e.getMessage());
		}
	}

	/**
	 * Loads the model: the bundled phantom model with {@code --test-model} (or when none is installed and
	 * {@code fallbackToTest}), else {@code --model} (a name under the models folder or a folder),
	 * else the preferred installed model.
	 */
	static Loaded load(Args a, ComputeDevice device, boolean fallbackToTest, Context ctx) throws CliException {
		String named = a.get("--model");
		boolean test = a.has("--test-model");
		Path root = InstalledModels.root();
		if (!test && named == null && fallbackToTest && InstalledModels.list(root).isEmpty()) test = true;
		Path folder;
		String display;
		if (test) {
			ctx.progress.note("preparing the bundled phantom model (converted once, a few seconds, then cached)");
			try {
				folder = PhantomModel.folder();
			} catch (IOException e) {
				throw CliException.model("cannot prepare the bundled phantom model: " + e.getMessage(), e);
			}
			display = PhantomModel.NAME;
		} else {
			try {
				folder = InstalledModels.resolve(root, named);
			} catch (ModelFolderException e) {
				throw CliException.model(e.getMessage() + " To try the plugin without a model, use --test-model (the bundled phantom model).", e);
			}
			display = named != null ? named : folder.getFileName().toString();
		}
		Precision precision = precision(a);
		long t0 = System.nanoTime();
		Sam2Model model;
		try {
			Sam2Engine engine = Sam2Engines.tensorFlow();
			device = engine.choose(device, ctx.progress::note);
			ctx.progress.note("loading model " + display + " on " + device.name().toLowerCase() + (precision == Precision.FLOAT32 ? "" : " in " + precision.label()));
			model = engine.load(folder, device, precision);
		} catch (ComputeDeviceException | sc.fiji.revsam2.sam2.EngineUnavailableException e) {
			throw CliException.model(e.getMessage(), e);
		} catch (ModelFolderException e) {
			throw CliException.model(e.getMessage(), e);
		}
		return new Loaded(model, display, folder, test, (System.nanoTime() - t0) / 1e9);
	}

	/** The names of the installed models, for messages. */
	static List<String> installed() {
		return InstalledModels.list(InstalledModels.root());
	}
}
