package sc.fiji.revsam2.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.InstalledModels;
import sc.fiji.revsam2.sam2.ModelFolderException;
import sc.fiji.revsam2.sam2.TestModel;
import sc.fiji.revsam2.sam2.TfSam2Model;

/**
 * The model option: an installed model's name, a model folder's path, or the bundled test model
 * (random weights, for trying the machinery). With nothing installed the first choice says so.
 * The dialog lists installed models with the image size they run at ("MedSAM2_latest (512 px)").
 */
public final class ModelChoice {

	/** The bundled random-weight model. */
	public static final String TEST_MODEL = "test model (random weights)";
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
		return s.equals(TEST_MODEL) || s.equals("test") || s.equals("test model") || s.equals(TestModel.NAME);
	}

	/**
	 * The model's folder: the test model's, an installed model's, or a folder given by path; a blank
	 * choice means the preferred installed model.
	 * @throws ModelFolderException saying how to install a model when there is none
	 */
	public static Path folder(String choice, Path root) throws ModelFolderException {
		if (isTestModel(choice)) {
			try {
				return TestModel.folder();
			} catch (IOException e) {
				throw new ModelFolderException("The bundled test model cannot be prepared: " + e.getMessage(), e);
			}
		}
		String name = choice == null ? "" : choice.trim();
		if (SIZE_SUFFIX.matcher(name).find() && !java.nio.file.Files.isDirectory(root.resolve(name))) name = SIZE_SUFFIX.matcher(name).replaceFirst("");
		if (name.equals(NONE_INSTALLED) || (name.isEmpty() && InstalledModels.list(root).isEmpty())) {
			throw new ModelFolderException("No SAM2 model is installed in " + root + ". " + InstalledModels.howToInstall(), null);
		}
		return InstalledModels.resolve(root, name);
	}

	/** Loads the chosen model. */
	public static TfSam2Model load(String choice, Path root, ComputeDevice device) throws ModelFolderException {
		return load(choice, root, device, sc.fiji.revsam2.sam2.Precision.FLOAT32);
	}

	/** Loads the chosen model to run in {@code precision}. */
	public static TfSam2Model load(String choice, Path root, ComputeDevice device, sc.fiji.revsam2.sam2.Precision precision) throws ModelFolderException {
		return TfSam2Model.load(folder(choice, root), device, precision);
	}

	/** Parses "cpu"/"gpu" (any case). */
	public static ComputeDevice device(String s) {
		return s == null || s.isBlank() ? ComputeDevice.CPU : ComputeDevice.parse(s.trim());
	}
}
