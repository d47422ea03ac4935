package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where converted models live and how they are found by name. The models folder is, in order:
 * the system property {@code revsam2.models}, the environment variable {@code REVSAM2_MODELS},
 * {@code <Fiji>/models/revsam2} inside Fiji, else {@code ~/.revsam2/models}.
 */
public final class InstalledModels {

	/** The model chosen when several are installed and none is named. */
	public static final String PREFERRED = "sam2.1_hiera_tiny";

	private InstalledModels() {}

	public static Path root() {
		String p = System.getProperty("revsam2.models");
		if (p == null || p.isBlank()) p = System.getenv("REVSAM2_MODELS");
		if (p != null && !p.isBlank()) return Paths.get(p);
		for (String fiji : new String[] { System.getProperty("imagej.dir"), System.getProperty("ij.dir") }) {
			if (fiji != null && !fiji.isBlank()) return Paths.get(fiji, "models", "revsam2");
		}
		return Paths.get(System.getProperty("user.home"), ".revsam2", "models");
	}

	/** Names of the usable model folders under {@code root}, sorted (preferred model first). */
	public static List<String> list(Path root) {
		List<String> names = new ArrayList<>();
		if (!Files.isDirectory(root)) return names;
		try (Stream<Path> s = Files.list(root)) {
			s.filter(p -> Files.isRegularFile(p.resolve(ModelDescriptor.FILE_NAME))).map(p -> p.getFileName().toString()).sorted().forEach(names::add);
		} catch (IOException e) {
			return names;
		}
		if (names.remove(PREFERRED)) names.add(0, PREFERRED);
		return names;
	}

	/**
	 * The folder of a model given by name (under {@code root}) or by path; with a blank name, the
	 * preferred installed model.
	 * @throws ModelFolderException when there is no such model, saying how to install one
	 */
	public static Path resolve(Path root, String nameOrPath) throws ModelFolderException {
		if (nameOrPath == null || nameOrPath.isBlank()) {
			List<String> all = list(root);
			if (all.isEmpty()) throw new ModelFolderException(noModels(root), null);
			return root.resolve(all.get(0));
		}
		Path asPath = Paths.get(nameOrPath);
		if (Files.isDirectory(asPath) && Files.isRegularFile(asPath.resolve(ModelDescriptor.FILE_NAME))) return asPath;
		Path named = root.resolve(nameOrPath);
		if (Files.isDirectory(named)) return named;
		List<String> all = list(root);
		throw new ModelFolderException("No model '" + nameOrPath + "' in " + root + (all.isEmpty() ? "" : " (installed: " + String.join(", ", all) + ")")
			+ ". " + howToInstall(), null);
	}

	static String noModels(Path root) {
		return "No SAM2 model is installed in " + root + ". " + howToInstall();
	}

	public static String howToInstall() {
		return "Install one with Plugins > Segmentation > RevSAM2 > Install SAM2 Model, or 'revsam2 convert <checkpoint.pt> <models folder>/<name>' "
			+ "(checkpoints: " + MetaCheckpoint.SAM2_1_TINY.url() + " and the other sizes).";
	}
}
