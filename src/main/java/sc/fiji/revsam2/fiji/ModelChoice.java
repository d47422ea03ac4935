package sc.fiji.revsam2.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.InstalledModels;
import sc.fiji.revsam2.sam2.ModelFolderException;
import sc.fiji.revsam2.sam2.PhantomModel;
import sc.fiji.revsam2.sam2.Precision;
import sc.fiji.revsam2.sam2.Sam2Engine;
import sc.fiji.revsam2.sam2.Sam2Engines;
import sc.fiji.revsam2.sam2.Sam2Model;

/**
 * The model option: an installed model's name, a model folder's path, or the bundled phantom model
 * (trained only on synthetic phantoms, for trying the plugin). With nothing installed the first choice says so.
 * The dialog lists installed models with the image size they run at ("MedSAM2_latest (512 px)").
 */
public final class ModelChoice {

	/** The bundled phantom model ({@link PhantomModel}), to try the plugin. */
	public static final String TEST_MODEL = "phantom model (demo only)";
	/** The first choice when nothing is installed; choosing it fails with how to install a model. */
	public static final String NONE_INSTALLED = "(no model installed: use Install SAM2 Model)";

	private ModelChoice() {}

	/** Installed models (the preferred first), or {@link #NONE_INSTALLED}, then the test model. */
	public static List<String> choices(Path root) {
		List<String> c = new ArrayList<>(InstalledModels.list(root));
		if (c.isEmpty()) c.add(NONE_INSTALLED);
		c.add(TEST_MODEL);
		return c;
	}

	/**
	 * {@link #choices} with each installed model's image size, e.g. {@code MedSAM2_latest (512 px)},
	 * for the dialog's list; {@link #folder} accepts them as well as plain names.
	 */
	public static List<String> labelledChoices(Path root) {
		List<String> c = new ArrayList<>();
		for (String name : InstalledModels.list(root)) c.add(label(root, name));
		if (c.isEmpty()) c.add(NONE_INSTALLED);
		c.add(TEST_MODEL);
		return c;
	}

	/** " (512 px)" after a model's name in the list: the image size the model runs at. */
	private static final java.util.regex.Pattern SIZE_SUFFIX = java.util.regex.Pattern.compile(" \\(\\d+ px\\)$");

	/** An installed model's name with its image size, e.g. {@code MedSAM2_latest (512 px)}. */
	static String label(Path root, String name) {
		try {
			return name + " (" + sc.fiji.revsam2.sam2.ModelDescriptor.read(root.resolve(name)).config.imageSize() + " px)";
		} catch (ModelFolderException e) {
			return name; // loading it will say what is wrong
		}
	}

	public static boolean isTestModel(String choice) {
		String s = choice == null ? "" : choice.trim().toLowerCase(Locale.ROOT);
		// the older label of the bundled model still selects it in recorded macros
		return s.equals(TEST_MODEL) || s.equals("test") || s.equals("test model") || s.equals("test model (random weights)") || s.equals("phantom")
			|| s.equals("phantom model") || s.equals(PhantomModel.NAME);
	}

	/**
	 * The model's folder: the test model's, an installed model's, or a folder given by path; a blank
	 * choice means the preferred installed model.
	 * @throws ModelFolderException saying how to install a model when there is none
	 */
	public static Path folder(String choice, Path root) throws ModelFolderException {
		if (isTestModel(choice)) {
			try {
				return PhantomModel.folder();
			} catch (IOException e) {
				throw new ModelFolderException("The bundled phantom model cannot be prepared: " + e.getMessage(), e);
			}
		}
		String name = choice == null ? "" : choice.trim();
		if (SIZE_SUFFIX.matcher(name).find() && !java.nio.file.Files.isDirectory(root.resolve(name))) name = SIZE_SUFFIX.matcher(name).replaceFirst("");
		if (name.equals(NONE_INSTALLED) || (name.isEmpty() && InstalledModels.list(root).isEmpty())) {
			throw new ModelFolderException("No SAM2 model is installed in " + root + ". " + InstalledModels.howToInstall(), null);
		}
		return InstalledModels.resolve(root, name);
	}

	/** Loads the chosen model on the chosen device (for "auto", the GPU if usable, else the CPU with a note), in {@code precision}. */
	public static Sam2Model load(String choice, Path root, ComputeDevice device, Precision precision, java.util.function.Consumer<String> note) throws ModelFolderException {
		Path folder = folder(choice, root);
		Sam2Engine engine = Sam2Engines.tensorFlow();
		return engine.load(folder, engine.choose(device, note), precision);
	}

	/** Parses "cpu"/"gpu"/"auto" (any case). */
	public static ComputeDevice device(String s) {
		return s == null || s.isBlank() ? ComputeDevice.CPU : ComputeDevice.parse(s.trim());
	}
}
