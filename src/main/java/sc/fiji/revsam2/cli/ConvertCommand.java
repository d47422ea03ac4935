package sc.fiji.revsam2.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import sc.fiji.revsam2.sam2.InstalledModels;
import sc.fiji.revsam2.sam2.MetaCheckpoint;
import sc.fiji.revsam2.sam2.ModelDescriptor;
import sc.fiji.revsam2.sam2.Sam2Engines;

/** {@code revsam2 convert}: a SAM2 checkpoint into a model folder. */
final class ConvertCommand {

	static String help() {
		return """
		Usage: revsam2 convert <checkpoint.pt> <model folder or name> [--image-size 1024]

		Converts an official SAM2 / SAM2.1 checkpoint (sam2.1_hiera_tiny.pt, ..._small, ..._base_plus,
		..._large, or the SAM2.0 ones) into a model folder (a TensorFlow SavedModel and model.json) that
		'segment' loads. The folder appears only when the conversion is complete.

		Arguments:
		  <checkpoint.pt>        the PyTorch checkpoint, e.g. from %s
		  <model folder or name> a folder to create, or a plain name (no '/'): a folder of that name in
		                         the models folder (%s), then usable as --model <name>;
		                         name the Tiny model sam2.1_hiera_tiny to make it the default
		Options:
		  --image-size N         input size of the model in pixels, a multiple of 32 (default 1024, SAM2's)
		  --debug, --quiet, --help

		Example:
		  revsam2 convert ~/Downloads/sam2.1_hiera_tiny.pt sam2.1_hiera_tiny
		""".formatted(MetaCheckpoint.SAM2_1_TINY.url(), InstalledModels.root()) + "\n" + Exit.TABLE;
	}

	static Args.Spec spec() {
		return new Args.Spec("convert").positionals(2).value("--image-size");
	}

	private final Context ctx;

	ConvertCommand(Context ctx) {
		this.ctx = ctx;
	}

	int run(Args a) throws CliException {
		if (a.positionals().size() < 2) throw CliException.usage("expected <checkpoint.pt> <model folder or name>");
		Path checkpoint = Args.toPath("checkpoint", a.positionals().get(0));
		String dest = a.positionals().get(1);
		if (dest.isBlank()) throw CliException.usage("the model folder or name is empty");
		int size = a.intValue("--image-size", 1024, 32, 16384);
		if (size % 32 != 0) throw CliException.usage("--image-size: " + size + " is not a multiple of 32");
		boolean plainName = !dest.contains("/") && !dest.contains(java.io.File.separator) && !dest.equals(".") && !dest.equals("..");
		Path folder = plainName ? InstalledModels.root().resolve(dest) : Args.toPath("model folder", dest);
		if (Files.exists(folder)) throw CliException.usage(folder + " already exists; remove it or choose another name");
		if (Files.isDirectory(checkpoint)) throw CliException.input(Inputs.name(checkpoint) + ": is a folder, not a checkpoint file", null);
		if (!Files.isRegularFile(checkpoint)) throw CliException.input(Inputs.name(checkpoint) + ": no such file", null);
		if (!Files.isReadable(checkpoint)) throw CliException.input(Inputs.name(checkpoint) + ": permission denied", null);

		ctx.progress.note("converting " + checkpoint + " into " + folder + " (" + size + " px)");
		long t0 = System.nanoTime();
		ModelDescriptor d;
		try {
			d = Sam2Engines.tensorFlow().convert(checkpoint, folder, size);
		} catch (IOException e) {
			String m = e.getMessage() == null ? e.toString() : e.getMessage();
			throw CliException.input(m.contains(Inputs.name(checkpoint)) || m.contains(folder.toString()) ? m : Inputs.name(checkpoint) + ": " + m, e);
		}
		double s = (System.nanoTime() - t0) / 1e9;
		ctx.progress.endLine();
		ctx.out.printf(Locale.ROOT, "converted  %s%n", checkpoint);
		ctx.out.printf(Locale.ROOT, "model      %s (%s, %,d parameters, %d px) in %.1f s%n", folder, d.config.metaName(), d.parameters, d.config.imageSize(), s);
		ctx.out.println("use it     revsam2 segment --model " + (plainName ? dest : folder.toString()) + " ...");
		return Exit.OK;
	}
}
