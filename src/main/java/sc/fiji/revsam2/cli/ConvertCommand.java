package sc.fiji.revsam2.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import sc.fiji.revsam2.sam2.InstalledModels;
import sc.fiji.revsam2.sam2.MetaCheckpoint;
import sc.fiji.revsam2.sam2.ModelDescriptor;
import sc.fiji.revsam2.sam2.ModelInstaller;
import sc.fiji.revsam2.sam2.Preprocessing;

/** {@code revsam2 convert}: a SAM2 checkpoint into a model folder. */
final class ConvertCommand {

	static String help() {
		return """
		Usage: revsam2 convert <checkpoint.pt> <model folder or name> [--image-size N]

		Converts a SAM2 / SAM2.1 checkpoint (Meta's sam2.1_hiera_tiny.pt, ..._small, ..._base_plus,
		..._large, the SAM2.0 ones, MedSAM2's MedSAM2_latest.pt and its task variants, Medical-SAM2's
		MedSAM2_pretrain.pth, or any fine-tune of the same architecture) into a model folder (a
		TensorFlow SavedModel and model.json) that 'segment' loads. The folder appears only when the
		conversion is complete.

		The image size the model was trained at cannot be read from the weights: for the checkpoints
		above it comes from their file name (Meta's and Medical-SAM2: 1024, MedSAM2: 512); any other
		checkpoint needs --image-size. So does the preprocessing the model expects (MedSAM2: CT window
		to 8 bits); it is recorded in model.json and used by 'segment'.

		Arguments:
		  <checkpoint.pt>        the PyTorch checkpoint, e.g. from %s
		  <model folder or name> a folder to create, or a plain name (no '/'): a folder of that name in
		                         the models folder (%s), then usable as --model <name>;
		                         name the Tiny model sam2.1_hiera_tiny to make it the default
		Options:
		  --image-size N         input size of the model in pixels, a multiple of 32 (default: the known
		                         checkpoint's; required for any other checkpoint)
		  --debug, --quiet, --help

		Example:
		  revsam2 convert ~/Downloads/sam2.1_hiera_tiny.pt sam2.1_hiera_tiny
		  revsam2 convert ~/Downloads/MedSAM2_latest.pt MedSAM2_latest
		  revsam2 convert my_finetune.pt my_model --image-size 1024
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
		int given = a.has("--image-size") ? a.intValue("--image-size", 0, 32, 16384) : 0;
		if (given % 32 != 0) throw CliException.usage("--image-size: " + given + " is not a multiple of 32");
		boolean plainName = !dest.contains("/") && !dest.contains(java.io.File.separator) && !dest.equals(".") && !dest.equals("..");
		Path folder = plainName ? InstalledModels.root().resolve(dest) : Args.toPath("model folder", dest);
		if (Files.exists(folder)) throw CliException.usage(folder + " already exists; remove it or choose another name");
		if (Files.isDirectory(checkpoint)) throw CliException.input(Inputs.name(checkpoint) + ": is a folder, not a checkpoint file", null);
		if (!Files.isRegularFile(checkpoint)) throw CliException.input(Inputs.name(checkpoint) + ": no such file", null);
		if (!Files.isReadable(checkpoint)) throw CliException.input(Inputs.name(checkpoint) + ": permission denied", null);
		String fileName = checkpoint.getFileName().toString();
		Optional<MetaCheckpoint> known = MetaCheckpoint.byFileName(fileName);
		// never guess: a wrong size converts and runs, but segments worse
		if (given == 0 && known.isEmpty()) throw CliException.usage(ModelInstaller.imageSizeUnknown(fileName) + " with --image-size N");
		int size = given != 0 ? given : known.get().imageSize();
		Preprocessing pre = known.map(MetaCheckpoint::preprocessing).orElse(Preprocessing.SAM2);
		if (known.isPresent() && given != 0 && given != known.get().imageSize()) {
			ctx.progress.note(fileName + " was trained at " + known.get().imageSize() + " px; converting at " + given + " px as asked");
		}

		ctx.progress.note("converting " + checkpoint + " into " + folder + " (" + size + " px)");
		long t0 = System.nanoTime();
		ModelDescriptor d;
		try {
			d = ModelInstaller.convert(checkpoint, folder, size, fileName + known.map(k -> " (" + k.source() + ")").orElse(""), pre);
		} catch (IOException e) {
			String m = e.getMessage() == null ? e.toString() : e.getMessage();
			throw CliException.input(m.contains(Inputs.name(checkpoint)) || m.contains(folder.toString()) ? m : Inputs.name(checkpoint) + ": " + m, e);
		}
		double s = (System.nanoTime() - t0) / 1e9;
		ctx.progress.endLine();
		ctx.out.printf(Locale.ROOT, "converted  %s%n", checkpoint);
		ctx.out.printf(Locale.ROOT, "model      %s (%s, %,d parameters, %d px) in %.1f s%n", folder, d.config.metaName(), d.parameters, d.config.imageSize(), s);
		ctx.out.printf(Locale.ROOT, "image size %d px (%s)%n", size, given != 0 ? "--image-size" : "known checkpoint " + known.get().fileName());
		ctx.out.printf(Locale.ROOT, "preprocess %s%n", pre.description());
		ctx.out.println("use it     revsam2 segment --model " + (plainName ? dest : folder.toString()) + " ...");
		return Exit.OK;
	}
}
